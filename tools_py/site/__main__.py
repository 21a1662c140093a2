"""``python -m tools_py.site build | serve [--port N]``.

build: checks policy_data/ (every error listed, exit 1), builds into .site-next/ with
``mkdocs build --strict``, and only when that succeeds swaps it in as site/. A failed build leaves
the previous site/ exactly as it was.
serve: ``mkdocs serve`` on localhost with live reload (the same hooks check the data on each build).
"""

from __future__ import annotations

import mimetypes
import os
import shutil
import sys
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
    staging = site_dir.parent / ".site-next"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(staging), strict=True)
        mkdocs_build(config)
    except (Abort, MkDocsException, SystemExit) as error:
        # mkdocs-macros exits on a failing macro; its message went to the log shown above.
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Build failed: {error}\nThe previous {site_dir.name}/ was left as it was.", file=sys.stderr)
        return 1
    previous = site_dir.parent / ".site-previous"
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    print(f"Built {site_dir}")
    return 0


def serve(port: int) -> int:
    from mkdocs.__main__ import cli

    register_types()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    print(f"Serving the handbook on http://localhost:{port}/ (Ctrl-C stops it)")
    return cli.main(["serve", "--strict", "-f", str(REPO / "mkdocs.yml"), "-a", f"localhost:{port}"],
                    standalone_mode=False) or 0


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["build"]:
        return build(Path(argv[argv.index("--site") + 1]).resolve() if "--site" in argv else REPO / "site")
    if argv[:1] == ["serve"]:
        port = int(argv[argv.index("--port") + 1]) if "--port" in argv else 8000
        return serve(port)
    print("usage: python -m tools_py.site build [--site DIR] | serve [--port N]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
