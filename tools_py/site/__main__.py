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
from contextlib import contextmanager, nullcontext
from pathlib import Path

from tools_py.site import swap

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
    restored = swap.restore_interrupted(site_dir)
    if restored:
        print(restored, file=sys.stderr)
    refusal = _not_a_site(site_dir)
    if refusal:
        print(refusal, file=sys.stderr)
        return 2
    notes: list[str] = []
    try:
        compile_policy(notes=notes)
    except PolicyDataInvalid as invalid:
        print("\n".join(notes + [invalid.report()]), file=sys.stderr)
        print(f"The previous {site_dir.name}/ was left as it was.", file=sys.stderr)
        return 1
    if notes:
        print("\n".join(notes), file=sys.stderr)
    with _stopped_by_signals():
        staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-build-{os.getpid()}-", dir=site_dir.parent))
        previous = None
        swapped = False
        try:
            try:
                config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(staging), strict=True)
                mkdocs_build(config)
            except (Abort, MkDocsException, SystemExit) as error:
                # mkdocs-macros exits on a failing macro; its message went to the log shown above.
                shutil.rmtree(staging, ignore_errors=True)
                print(f"Build failed: {error}\nThe previous {site_dir.name}/ was left as it was.", file=sys.stderr)
                return 1
            readable_by_all(staging)
            with _swap_lock(site_dir):
                with swap.signals_held():  # Ctrl-C or a stop waits the microseconds the swap takes
                    try:
                        previous = swap.put_in_place(staging, site_dir)
                    except OSError as error:
                        shutil.rmtree(staging, ignore_errors=True)
                        print(f"Build failed: {site_dir.name}/ cannot be replaced ({error.strerror or error}).\n"
                              f"The previous {site_dir.name}/ was left as it was.", file=sys.stderr)
                        return 1
                    swapped = True
        except BaseException:  # Ctrl-C or a stop signal before the swap: this build's files go, the site stays
            if not swapped:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            stopped = True  # after the swap (the signal was held back until it was done): the new site is in
        else:
            stopped = False
        # The new site is in place whatever comes now; a stop only cuts the tidying short.
        tidied = False
        for _attempt in range(3):
            try:
                with swap.signals_held() if stopped else nullcontext():
                    _tidy_up(previous, site_dir)
                tidied = True
                break
            except (KeyboardInterrupt, BuildStopped):
                stopped = True
        if stopped:
            rest = "" if tidied else " (the next build removes the previous site's files)"
            print(f"Built {site_dir}: the stop arrived once the new site was in place{rest}.", file=sys.stderr)
            return 130
    print(f"Built {site_dir}")
    return 0


def _tidy_up(previous: Path | None, site_dir: Path):
    """Remove the previous site (now in the staging folder, or a side folder) and what stopped builds left."""
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)
    _remove_abandoned(site_dir)


def readable_by_all(folder: Path):
    """Folders 0755, files 0644: a web server running as another user (nginx's www-data) reads every
    page. (The staging folder is made private by mkdtemp, and the build follows the umask.)"""
    folder.chmod(0o755)
    for root, folders, files in os.walk(folder):
        for name in folders:
            os.chmod(os.path.join(root, name), 0o755, follow_symlinks=False)
        for name in files:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                os.chmod(path, 0o644)


def _not_a_site(site_dir: Path) -> str | None:
    """Why ``site_dir`` must not be replaced by a build: it exists, is not empty and holds no built site
    (``--site ~`` or ``--site .`` would otherwise swap a home folder or the repository away)."""
    if site_dir == Path(site_dir.anchor) or site_dir in (Path.home(), REPO) or site_dir in REPO.parents:
        return f"--site: {site_dir} is not a folder a build may replace; give the folder the site goes in"
    if not site_dir.exists() and not site_dir.is_symlink():
        return None if site_dir.parent.is_dir() else f"--site: {site_dir.parent} does not exist"
    if not site_dir.is_dir():
        return f"--site: {site_dir} is a file, not a folder; a build replaces a folder"
    try:
        entries = [entry.name for entry in site_dir.iterdir()]
    except OSError as error:
        return f"--site: {site_dir} cannot be read ({error.strerror})"
    if entries and "index.html" not in entries:
        return (f"--site: {site_dir} holds files but no built site (no index.html); a build would replace them "
                "all, so it stops. Give an empty or new folder, or a previous build's.")
    return None


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


def _remove_abandoned(site_dir: Path):
    """Staging folders, and previous sites set aside, of builds that were stopped before removing them
    (their process no longer runs). Called once site/ is in place, so none of them is needed."""
    for kind in ("build", "previous"):
        for folder in site_dir.parent.glob(f".{site_dir.name}-{kind}-*"):
            pid = folder.name.split(f"-{kind}-", 1)[1].split("-", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and not swap.running(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)


def serve(port: int) -> int:
    from mkdocs.__main__ import cli

    register_types()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    print(f"Serving the handbook on http://localhost:{port}/ (Ctrl-C stops it)")
    try:
        return cli.main(["serve", "--strict", "-f", str(REPO / "mkdocs.yml"), "-a", f"localhost:{port}"],
                        standalone_mode=False) or 0
    except OSError as error:  # the port is taken, or may not be used by this user
        print(f"--port: cannot serve on port {port}: {error.strerror or error}", file=sys.stderr)
        return 1


USAGE = "usage: python -m tools_py.site build [--site DIR] | serve [--port N]"


def _main(argv) -> int:
    from tools_py.compile.dependencies import BadBuildDate, build_date

    usage = USAGE
    for option in ("--site", "--port"):
        if option in argv and argv.index(option) + 1 >= len(argv):
            print(f"{option} needs a value\n{usage}", file=sys.stderr)
            return 2
    if "--port" in argv:
        typed = argv[argv.index("--port") + 1]
        if not typed.isdigit() or not 1 <= int(typed) <= 65535:
            print(f"--port: '{typed}' is not a port number (1 to 65535)\n{usage}", file=sys.stderr)
            return 2
    try:
        build_date()
    except BadBuildDate as bad:
        print(f"error: {bad}", file=sys.stderr)
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


def main(argv=None) -> int:
    from tools_py.__main__ import guarded

    return guarded(_main, list(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())
