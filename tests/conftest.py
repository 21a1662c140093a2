"""Shared fixtures: the compiled policy data, the golden cases, a built site, the tools wheel."""

from __future__ import annotations

import datetime
import errno
import fcntl
import ipaddress
import json
import os
import shutil
import signal
import socket
from pathlib import Path

import pytest
import yaml

import tools_py.compile  # noqa: F401 - in this checkout, tools_py.api reads the YAML through the compile step

# A test run started in the background by a non-interactive shell (``nohup make test &``, some CI
# runners) inherits Ctrl-C ignored, and so would every build it starts: the tests that stop a build
# with SIGINT would then test nothing. Ctrl-C is given back its usual meaning for this run.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "tests" / "cases"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# One "today" for the whole run: a run that crosses midnight would otherwise build the site on one
# date and check it against the next. Set here, before pytest-xdist starts its workers, so they and
# every build and command a test starts inherit it. A run given HANDBOOK_TODAY keeps it.
os.environ.setdefault("HANDBOOK_TODAY", datetime.date.today().isoformat())


# Nothing the tests run in this process may reach another host: CI has no network but the package
# registries, and the handbook needs none. An attempt fails at once, and is recorded for test_offline.
OUTSIDE_ATTEMPTS: list[str] = []
_connect = socket.socket.connect


def _is_local(host) -> bool:
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return str(host) in ("localhost", "")


def _local_only(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
        OUTSIDE_ATTEMPTS.append(f"{address[0]}:{address[1]}")
        raise OSError(errno.ENETUNREACH, f"the tests reach no host but this one (asked for {address[0]})")
    return _connect(self, address)


socket.socket.connect = _local_only


def load_cases() -> list[dict]:
    """Every golden case of every tool, each tagged with its tool and file."""
    cases = []
    for path in sorted(CASES.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for index, case in enumerate(spec["cases"]):
            case = dict(case)
            case["tool"] = spec["tool"]
            case["id"] = f"{spec['tool']}[{index}] {case['name']}"
            case["date"] = str(case["date"])
            cases.append(case)
    return cases


@pytest.fixture(scope="session")
def policy():
    from tools_py.compile import compile_policy

    return compile_policy()


@pytest.fixture(scope="session")
def wheel(policy, tmp_path_factory):
    from tools_py.site.wheel import build_wheel

    return build_wheel(policy, tmp_path_factory.mktemp("wheel"))


def once_per_run(tmp_path_factory, name: str, make):
    """``make(folder)`` once for the whole test run, its result kept as JSON.

    A plain run calls it once. Under pytest-xdist (``make test`` runs two workers) each worker is a
    process of its own with session fixtures of its own: the first worker to get here makes it, in a
    folder all workers share, while the others wait on a lock and then read what it made."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent  # the run's folder, above each worker's own
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or when a worker dies
        made = shared / f"{name}.json"
        if made.exists():
            return json.loads(made.read_text(encoding="utf-8"))
        folder = shared / name
        shutil.rmtree(folder, ignore_errors=True)  # what a worker that failed here left
        folder.mkdir()
        result = make(folder)
        made.write_text(json.dumps(result), encoding="utf-8")
        return result


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The whole handbook, built once per test run with mkdocs build --strict (by one worker, for all)."""
    def make(folder):
        from tools_py.site.__main__ import build

        before = len(OUTSIDE_ATTEMPTS)
        assert build(folder / "site") == 0, "the handbook did not build"
        return {"site": str(folder / "site"), "outside_attempts": OUTSIDE_ATTEMPTS[before:]}

    made = once_per_run(tmp_path_factory, "built", make)
    # A worker that reuses another's build also answers for what that build asked for (tests/test_offline.py).
    OUTSIDE_ATTEMPTS.extend(attempt for attempt in made["outside_attempts"] if attempt not in OUTSIDE_ATTEMPTS)
    return Path(made["site"])


# Browser tests: one local server per test module, and one headless Debian chromium for the whole
# session (per worker); each test opens its own context, so no cookie, storage or cache is shared.
@pytest.fixture(scope="module")
def base(built_site):
    from .support.server import serve

    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from .support.browser import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
