"""The browser assets the site serves itself, copied from node_modules/ at build time.

Pyodide goes into a folder named after its version (``assets/vendor/pyodide-314.0.7/``), so a server
may tell browsers to keep those files for a year without asking again (see the README, "Serving the
handbook"): a new Pyodide gets a new address, never a stale copy. Only what booting the core needs is
copied; the tools load no Pyodide package, so the site's ``pyodide-lock.json`` keeps Pyodide's
``info`` (its version and ABI, which Pyodide checks) and lists no package: a few hundred bytes where
the npm package's lists every package Pyodide offers (about 120 KB).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"]
LOCK = "pyodide-lock.json"


@functools.lru_cache(maxsize=1)
def pyodide_version() -> str:
    """The installed npm package's version (package-lock.json pins it)."""
    manifest = NODE_MODULES / "pyodide" / "package.json"
    return json.loads(manifest.read_text(encoding="utf-8"))["version"] if manifest.is_file() else "missing"


def pyodide_dir() -> str:
    """Pyodide's folder in the site, ending in a slash."""
    return f"assets/vendor/pyodide-{pyodide_version()}/"


def vendor_files() -> list[tuple[str, str]]:
    """(source under node_modules, path in the site) for every copied asset."""
    return [(f"pyodide/{name}", pyodide_dir() + name) for name in PYODIDE_FILES]


def lock_without_packages() -> str:
    """Pyodide's lock file with its ``info`` only: booting checks it, and no package is ever loaded."""
    lock = json.loads((NODE_MODULES / "pyodide" / LOCK).read_text(encoding="utf-8"))
    return json.dumps({"info": lock["info"], "packages": {}}, separators=(",", ":"))
