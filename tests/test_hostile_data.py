"""Hostile text in every string field of every file in policy_data/ never runs, and never becomes a link.

A copy of the data gets, appended to every string the checks accept as free text, a script tag, an
image with an error handler, a Markdown ``javascript:`` link, Jinja braces and quotes. The fields are
found by walking the YAML, not listed by hand: a string is kept hostile unless the data check rejects
it (an id, a date, a code, a choice value …), so a new text field is covered the day it is added.
The handbook is then built from the copy, and every page is opened in Chromium.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tools_py.compile import PolicyDataInvalid, compile_policy, yaml_lines
from tools_py.compile.errors import field_path

from .conftest import REPO

MARK = "Qzhostile"
HOSTILE = (f' {MARK} <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) '
           f'[y](data:text/html,<script>alert(1)</script>) [z]( vbscript:msgbox(1)) {{{{ 7*7 }}}} {{% raw %}} "q" \'s')
BAD_SCHEME = re.compile(r"^\s*(javascript|data|vbscript):", re.I)


_IDENTIFIERS = {"id", "unit", "tool", "ask", "school", "clause", "clauses", "document", "code", "from", "until",
                "kind", "type", "category", "counts_as", "key", "outcome", "answers", "options", "when", "at_most",
                "also", "reasons", "issued", "effective", "last_review", "review_due"}


def _strings(tree, path=()):
    """(path, text) for every string value in a YAML tree."""
    if isinstance(tree, str):
        yield path, tree
    elif isinstance(tree, dict):
        for key, value in tree.items():
            yield from _strings(value, path + (key,))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from _strings(value, path + (index,))


def _set(tree, path, value):
    for step in path[:-1]:
        tree = tree[step]
    tree[path[-1]] = value


def _under(path, field: str) -> bool:
    """Whether ``path`` is the field an error names, or inside it (fact names hold dots, so compare text)."""
    shown = field_path(path)
    return not field or shown == field or shown.startswith(field + ".") or shown.startswith(field + "[")


def make_hostile(data: Path) -> int:
    """Append HOSTILE to every string the data check still accepts; return how many fields kept it."""
    files = {path.relative_to(data.parent).as_posix(): path for path in sorted(data.rglob("*.yaml"))}
    trees = {name: yaml_lines.plain(yaml_lines.load(path.read_text(encoding="utf-8"))) for name, path in files.items()}
    originals = {name: dict(_strings(tree)) for name, tree in trees.items()}
    # Names of values the code reads rather than shows; left out at once (the check would reject them
    # one round at a time). Everything else starts hostile; the check takes back what it must.
    hostile = {name: {p for p in strings if not set(p) & _IDENTIFIERS} for name, strings in originals.items()}

    def write():
        for name, tree in trees.items():
            for path, text in originals[name].items():
                _set(tree, path, text + HOSTILE if path in hostile[name] else text)
            files[name].write_text(yaml.safe_dump(tree, sort_keys=False, allow_unicode=True, width=4096), encoding="utf-8")

    for _round in range(40):
        write()
        try:
            compile_policy(data)
            return sum(len(paths) for paths in hostile.values())
        except PolicyDataInvalid as invalid:
            reverted = 0
            for error in invalid.errors:
                before = len(hostile.get(error.file, ()))
                hostile[error.file] = {p for p in hostile.get(error.file, ()) if not _under(p, error.field)}
                reverted += before - len(hostile[error.file])
            if not reverted:  # an error in one file caused by another: give up the file that errs most
                worst = max(invalid.errors, key=lambda e: sum(x.file == e.file for x in invalid.errors)).file
                hostile[worst] = set()
    raise AssertionError("could not find which fields take free text")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-everywhere")
    data = root / "policy_data"
    shutil.copytree(REPO / "policy_data", data)
    fields = make_hostile(data)
    env = {**os.environ, "HANDBOOK_POLICY_DATA": str(data), "HANDBOOK_TODAY": "2026-11-23"}
    result = subprocess.run([sys.executable, "-m", "tools_py.site", "build", "--site", str(root / "site")],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-4000:]
    return root / "site", fields


def test_most_text_fields_take_the_hostile_text(hostile_build):
    """The walk keeps hostile text in the free-text fields (hundreds), not only in a handful."""
    site, fields = hostile_build
    print(f"\nhostile text kept in {fields} string fields")
    assert fields > 1000
    pages = list(site.rglob("*.html"))
    assert sum(MARK in page.read_text(encoding="utf-8") for page in pages) > len(pages) // 2


@pytest.mark.browser
def test_no_page_runs_a_script_or_links_to_one(hostile_build, browser):
    """Every page of the hostile build, in Chromium: no dialog opens, no href is javascript:, data: or vbscript:."""
    from .support.server import serve

    site, _fields = hostile_build
    pages = sorted(page.relative_to(site).parent.as_posix() for page in site.rglob("index.html"))
    dialogs, bad_links, shown = [], [], 0
    with serve(site) as url:
        context = browser.new_context(java_script_enabled=True)
        context.route(re.compile(r"^(?!http://127\.0\.0\.1).*"), lambda route: route.abort())
        # Pages are read, not tools asked (test_gates asks a tool with hostile answers): no Pyodide.
        context.route(re.compile(r".*/assets/vendor/pyodide[^/]*/.*|.*\.whl(\?.*)?$"), lambda route: route.abort())
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
        for path in pages:
            page.goto(f"{url}{'' if path == '.' else path + '/'}", wait_until="load")
            page.wait_for_timeout(50)
            hrefs = page.eval_on_selector_all("[href], [src], [action], [formaction]",
                                              "els => els.flatMap(e => ['href','src','action','formaction']"
                                              ".map(a => e.getAttribute(a)).filter(Boolean))")
            bad_links += [f"/{path}: {href}" for href in hrefs if BAD_SCHEME.match(href)]
            shown += MARK in page.inner_text("body")
        context.close()
    print(f"\n{len(pages)} pages opened, the hostile text shown as text on {shown}")
    assert not dialogs, dialogs
    assert not bad_links, bad_links
    assert shown > len(pages) // 2
