"""``python -m tools_py.site build | serve [--port N]``.

build: checks policy_data/ (every error listed, exit 1), builds into a staging folder of its own
beside site/ with ``mkdocs build --strict``, and only when that succeeds swaps it in as site/, under a
lock, so two builds at once never leave a partial site. A failed or interrupted build (Ctrl-C,
SIGTERM) removes its staging folder and leaves the previous site/ exactly as it was.
serve: ``mkdocs serve`` on localhost with live reload (the same hooks check the data on each build).
"""

from __future__ import annotations

import fcntl
import mimetypes
import os
import shutil
import signal
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def register_types():
    """Module workers and WebAssembly need exact MIME types; some Pythons lack them."""
    mimetypes.add_type("text/javascript", ".mjs")
    mimetypes.add_type("text/javascript", ".js")
    mimetypes.add_type("application/wasm", ".wasm")
    mimetypes.add_type("application/json", ".json")
    mimetypes.add_type("application/zip", ".whl")


def build(site_dir: Path = REPO / "site") -> int:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    from tools_py.compile import PolicyDataInvalid, compile_policy

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    import logging

    log = logging.getLogger("mkdocs")  # warnings and errors of MkDocs and its plugins, to stderr
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.WARNING)
    try:
        compile_policy()
    except PolicyDataInvalid as invalid:
        print(invalid.report(), file=sys.stderr)
        print(f"The previous {site_dir.name}/ was left as it was.", file=sys.stderr)
        return 1
    with _stopped_by_signals():
        staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-build-{os.getpid()}-", dir=site_dir.parent))
        try:
            config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(staging), strict=True)
            mkdocs_build(config)
        except (Abort, MkDocsException, SystemExit) as error:
            # mkdocs-macros exits on a failing macro; its message went to the log shown above.
            shutil.rmtree(staging, ignore_errors=True)
            print(f"Build failed: {error}\nThe previous {site_dir.name}/ was left as it was.", file=sys.stderr)
            return 1
        except BaseException:  # Ctrl-C or a stop signal: this build's files go, the site stays
            shutil.rmtree(staging, ignore_errors=True)
            raise
        with _swap_lock(site_dir):
            _swap_in(staging, site_dir)
    print(f"Built {site_dir}")
    return 0


class BuildStopped(BaseException):
    """SIGTERM (e.g. make stopped) arrived: stop the build like Ctrl-C does, cleaning up after it."""


@contextmanager
def _stopped_by_signals():
    """Turn SIGTERM into an exception while building, so the staging folder is removed on the way out."""
    def stop(signum, _frame):
        raise BuildStopped(f"stopped by signal {signum}")

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _swap_lock(site_dir: Path):
    """One swap at a time per site folder; a build that has to wait says so."""
    lock_path = site_dir.parent / f".{site_dir.name}.lock"
    with open(lock_path, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Another build is replacing {site_dir.name}/; waiting for it to finish.", file=sys.stderr)
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _swap_in(staging: Path, site_dir: Path):
    """Replace site_dir with the finished staging folder by two renames (readers never see a half site)."""
    previous = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-previous-", dir=site_dir.parent))
    try:
        if site_dir.exists():
            site_dir.rename(previous / "site")
        staging.rename(site_dir)
    finally:
        shutil.rmtree(previous, ignore_errors=True)
    _remove_abandoned(site_dir)


def _remove_abandoned(site_dir: Path):
    """Staging folders of builds that were killed outright (their process no longer runs)."""
    for folder in site_dir.parent.glob(f".{site_dir.name}-build-*"):
        pid = folder.name.split("-build-", 1)[1].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def serve(port: int) -> int:
    from mkdocs.__main__ import cli

    register_types()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    print(f"Serving the handbook on http://localhost:{port}/ (Ctrl-C stops it)")
    return cli.main(["serve", "--strict", "-f", str(REPO / "mkdocs.yml"), "-a", f"localhost:{port}"],
                    standalone_mode=False) or 0


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    usage = "usage: python -m tools_py.site build [--site DIR] | serve [--port N]"
    for option in ("--site", "--port"):
        if option in argv and argv.index(option) + 1 >= len(argv):
            print(f"{option} needs a value\n{usage}", file=sys.stderr)
            return 2
    if "--port" in argv and not argv[argv.index("--port") + 1].isdigit():
        print(f"--port: '{argv[argv.index('--port') + 1]}' is not a port number\n{usage}", file=sys.stderr)
        return 2
    if argv[:1] == ["build"]:
        site_dir = Path(argv[argv.index("--site") + 1]).resolve() if "--site" in argv else REPO / "site"
        try:
            return build(site_dir)
        except (KeyboardInterrupt, BuildStopped):
            print(f"Build stopped; the previous {site_dir.name}/ was left as it was.", file=sys.stderr)
            return 130
    if argv[:1] == ["serve"]:
        port = int(argv[argv.index("--port") + 1]) if "--port" in argv else 8000
        return serve(port)
    print(usage, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
