"""The two halves of tools_py import in one direction only.

The run-time half (every module directly in ``tools_py/``: the tools, ``api``, ``questions`` …) goes
into the browser's wheel and runs in Pyodide with the standard library alone. The build-time half
(``tools_py/compile/`` reads the YAML, ``tools_py/site/`` makes the pages) and the editors' tools
(``tools_py/diff/``) use the run-time half, never the other way round: a run-time module that
imported the build would either fail in the browser or drag PyYAML and MkDocs in behind it, and a
circle makes every change to one half a change to both.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from .conftest import REPO

PACKAGE = REPO / "tools_py"
BUILD_TIME = ("tools_py.compile", "tools_py.site", "tools_py.diff")
THIRD_PARTY_AT_BUILD = ("yaml", "jsonschema", "mkdocs", "brotli")


def _imported(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it (a lazy import inside a function counts too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level and node.module:  # from .questions import form, inside tools_py/
                names.add(f"tools_py.{node.module}")
            elif node.level:  # from . import outcome
                names.update(f"tools_py.{alias.name}" for alias in node.names)
            else:
                names.add(node.module or "")
    return names


def _runtime_modules() -> list[Path]:
    """The modules the wheel ships (tools_py/site/wheel.py takes every .py directly in tools_py/)."""
    from tools_py.site.wheel import runtime_files

    return runtime_files()


def test_the_run_time_half_imports_nothing_built_for_the_build():
    """No module shipped to the browser imports the compile step, the site, the diff or their libraries."""
    wrong = []
    for path in _runtime_modules():
        if path.name == "__main__.py":  # the command line of a source checkout: composes both halves
            continue
        for name in sorted(_imported(path)):
            if name.startswith(BUILD_TIME) or name.split(".")[0] in THIRD_PARTY_AT_BUILD:
                wrong.append(f"tools_py/{path.name} imports {name}")
    assert not wrong, "\n".join(wrong)


def test_the_build_time_half_may_use_the_run_time_half():
    """The direction that is allowed is used: the compile step checks the tools' own modules."""
    assert any(name.startswith("tools_py.api") for name in _imported(PACKAGE / "compile" / "dependencies.py"))


def test_the_compile_step_does_not_reach_into_the_site():
    """Checking the data comes before drawing pages: ``make check`` and the decision diff compile the
    data without the site's modules (and MkDocs behind them), so no compile module imports one."""
    wrong = [f"tools_py/compile/{path.name} imports {name}"
             for path in sorted((PACKAGE / "compile").glob("*.py"))
             for name in sorted(_imported_from(path, "tools_py.compile")) if name.startswith("tools_py.site")]
    assert not wrong, "\n".join(wrong)


def _imported_from(path: Path, package: str) -> set[str]:
    """As ``_imported``, for a module of a sub-package (its relative imports resolved within it)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            if not node.level:
                names.add(node.module or "")
            elif node.module:
                names.add(f"{parent}.{node.module}")
            else:
                names.update(f"{parent}.{alias.name}" for alias in node.names)
    return names


def test_the_run_time_half_loads_without_the_build_installed(tmp_path):
    """With PyYAML, jsonschema and MkDocs unimportable, the tools answer from a packaged policy.json."""
    import zipfile

    from tools_py.compile import compile_policy
    from tools_py.site.wheel import build_wheel

    wheel = build_wheel(compile_policy(), tmp_path)
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    script = (
        "import sys\n"
        "class Refuse:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name.split('.')[0] in {THIRD_PARTY_AT_BUILD!r}:\n"
        "            raise ImportError(f'{name} is build-time only')\n"
        "sys.meta_path.insert(0, Refuse())\n"
        "from tools_py import api\n"
        "api.prepare()\n"
        "outcome = api.ask('which_code', 'dms', '2026-11-23', {'situation': 'illness'})\n"
        "print(outcome['fields']['code'])\n"
        f"assert not [m for m in sys.modules if m.startswith({BUILD_TIME!r})], sorted(sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=unpacked, capture_output=True, text=True,
                            env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "I"
