"""Shared fixtures: the compiled policy data, the golden cases, a built site, the tools wheel."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

import tools_py.compile  # noqa: F401 - in this checkout, tools_py.api reads the YAML through the compile step

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "tests" / "cases"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The whole handbook, built once per test session with mkdocs build --strict."""
    from tools_py.site.__main__ import build

    site = tmp_path_factory.mktemp("built") / "site"
    assert build(site) == 0, "the handbook did not build"
    return site


# Browser tests: one local server and one headless Debian chromium per test module.
@pytest.fixture(scope="module")
def base(built_site):
    from .support.server import serve

    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    from .support.browser import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
