"""MkDocs hooks: check the data first, then add the self-hosted assets and the tools wheel.

Everything the site loads is served from the site itself: Mermaid and Pyodide come from the
npm packages pinned in package-lock.json, copied in at build time. Nothing is fetched elsewhere.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

from tools_py.site import not_found, search_rank, state
from tools_py.site.wheel import WHEEL_NAME, build_wheel

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "node_modules"

# (source under node_modules, path in the site). Pyodide: only what booting the core needs.
VENDOR = [
    ("mermaid/dist/mermaid.min.js", "assets/vendor/mermaid/mermaid.min.js"),
    ("pyodide/pyodide.mjs", "assets/vendor/pyodide/pyodide.mjs"),
    ("pyodide/pyodide.asm.mjs", "assets/vendor/pyodide/pyodide.asm.mjs"),
    ("pyodide/pyodide.asm.wasm", "assets/vendor/pyodide/pyodide.asm.wasm"),
    ("pyodide/python_stdlib.zip", "assets/vendor/pyodide/python_stdlib.zip"),
    ("pyodide/pyodide-lock.json", "assets/vendor/pyodide/pyodide-lock.json"),
]

_wheel_dir = Path(tempfile.mkdtemp(prefix="handbook-wheel-"))
_site: dict = {}  # this build's files, for the 404 page


def on_config(config):
    state.policy()  # raises Abort listing every data error, before site/ is cleaned
    missing = [source for source, _ in VENDOR if not (NODE_MODULES / source).is_file()]
    if missing:
        raise Abort(f"Missing browser assets: {', '.join(missing)}. Run 'make setup' (npm ci) first.")
    return config


def on_files(files, config):
    _site["files"] = files
    for source, target in VENDOR:
        files.append(File.generated(config, target, abs_src_path=str(NODE_MODULES / source)))
    wheel = build_wheel(state.policy(), _wheel_dir)
    files.append(File.generated(config, f"assets/tools/{WHEEL_NAME}", abs_src_path=str(wheel)))
    return files


def on_page_markdown(markdown, page, config, files):
    search_rank.weigh(page)  # the rule ranks above the pages that retell it
    return markdown


def on_template_context(context, template_name, config):
    if template_name == "404.html":
        return not_found.context_for_404(context, config, _site.get("files") or [])
    return context
