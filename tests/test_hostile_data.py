"""Hostile text in every string field of every file in policy_data/ never runs, and never becomes a link.

A copy of the data gets, appended to every string the checks accept as free text, quotes that would
end an attribute and open an event handler, a script tag, an image with an error handler, Markdown
``javascript:`` links and a link whose address holds a quote, Jinja braces. The fields are found by
walking the YAML, not listed by hand: a string is kept hostile unless the data check rejects it (an
id, a date, a code, a choice value …), so a new text field is covered the day it is added. The
handbook is then built from the copy; every page's markup is read (no handler, no script of the
data's, every address one a reader may follow) and every page is opened in Chromium.

The fields the check does not take free text in (ids, codes, dates, addresses, numbers written as
text) are tried one kind at a time with an attribute-breaking or ``javascript:`` value: each is
refused by ``make check`` at its own line, or, where accepted, must come out harmless like the rest.
"""

from __future__ import annotations

import html.parser
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
HOSTILE = (f'" onmouseover="alert(1)" x=" \' onfocus=\'alert(1)\' {MARK} <script>alert(1)</script> '
           f'<img src=x onerror=alert(1)> [x](javascript:alert(1)) [y](data:text/html,<script>alert(1)</script>) '
           f'[z]( vbscript:msgbox(1)) [w](https://example.org/"onmouseover="alert(1)) {{{{ 7*7 }}}} {{% raw %}} "q" \'s')
# For a field that must be an id, a code, a date or an address: the check must refuse it, or it must
# come out as harmless as the text above.
BREAKER = '" onmouseover="alert(1)'
SCRIPT_ADDRESS = "javascript:alert(1)"
BAD_SCHEME = re.compile(r"^\s*(javascript|data|vbscript):", re.I)


_IDENTIFIERS = {"id", "tool", "ask", "school", "clause", "clauses", "document", "code", "from", "until",
                "kind", "type", "category", "counts_as", "key", "outcome", "answers", "options", "when", "at_most",
                "also", "reasons", "issued", "effective", "last_review", "review_due"}


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
    originals = {name: dict(yaml_lines.strings(tree)) for name, tree in trees.items()}
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


# -- the markup of every page, read without a browser ---------------------------------------------

_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "srcset")
_SAFE_ADDRESS = re.compile(r"^(?:https?://[^\s\"'<>]+|mailto:[^\s\"'<>@]+@[^\s\"'<>@]+|tel:\+?[0-9]+|#[^\s\"'<>]*|"
                           r"(?![a-zA-Z][a-zA-Z0-9+.-]*:)[^\s\"'<>]*)$")


class _Attributes(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.found += [(tag, name, value or "") for name, value in attrs]

    handle_startendtag = handle_starttag


def page_attributes(page: Path) -> list[tuple[str, str, str]]:
    reader = _Attributes()
    reader.feed(page.read_text(encoding="utf-8"))
    return reader.found


def test_no_attribute_or_address_a_page_writes_carries_the_data_out(hostile_build):
    """Every attribute of every page, read as a browser reads it: no handler, no address a browser would run,
    and the hostile quotes stay inside the attribute they were written into (the fallback's did not)."""
    site, _fields = hostile_build
    handlers, addresses, inside = [], [], 0
    for page in sorted(site.rglob("*.html")):
        where = page.relative_to(site).as_posix()
        for tag, name, value in page_attributes(page):
            if name.startswith("on"):
                handlers.append(f"{where}: <{tag} {name}={value[:60]!r}>")
            if name in _URL_ATTRIBUTES and not _SAFE_ADDRESS.match(value):
                addresses.append(f"{where}: <{tag} {name}={value[:80]!r}>")
            inside += MARK in value
    print(f"\nhostile text kept inside {inside} attribute values")
    assert not handlers, handlers[:20]
    assert not addresses, addresses[:20]
    assert inside > 100  # titles, labels, data-… attributes: the text is there, as text


def test_tel_and_mailto_links_are_exactly_what_the_data_says(built_site, policy):
    """A tel: link dials the number shown (digits only), a mailto: writes to the address shown."""
    numbers = {row["phone"] for part in ("localities", "contacts") for row in policy["contacts"][part] if row.get("phone")}
    mails = {row["email"] for part in ("localities", "contacts") for row in policy["contacts"][part]
             if "@" in row.get("email", "")}
    seen_tel, seen_mail = set(), set()
    for page in built_site.rglob("*.html"):
        for tag, name, value in page_attributes(page):
            if name == "href" and value.startswith("tel:"):
                assert re.fullmatch(r"tel:\+?[0-9]+", value), value
                seen_tel.add(value)
            if name == "href" and value.startswith("mailto:"):
                seen_mail.add(value[len("mailto:"):])
    assert seen_tel == {"tel:" + number.replace(" ", "") for number in numbers}
    assert seen_mail <= mails and seen_mail, (seen_mail - mails)


# -- fields the check does not take free text in --------------------------------------------------

# Fields written into an address (href, tel:, mailto:, a fragment): tried with javascript: too.
_BECOME_ADDRESSES = {"fallback", "email", "phone", "id", "clause", "clauses", "document", "tool", "school", "code", "unit"}


def _value_fields(data: Path):
    """(file, path, text) for the first string of each kind of field that takes no free text: by the folder or
    file it is in and its name (a document's ``id``, a tool's ``outcome``, a flow's ``clause`` …)."""
    wanted = _IDENTIFIERS | {"fallback", "phone", "email", "number", "value", "group", "school_states", "school_silent_on"}
    seen, out = set(), []
    for path in sorted(data.rglob("*.yaml")):
        name = path.relative_to(data.parent).as_posix()
        tree = yaml_lines.plain(yaml_lines.load(path.read_text(encoding="utf-8")))
        kind = path.parent.name if path.parent != data else path.stem
        for where, text in yaml_lines.strings(tree):
            named = [step for step in where if isinstance(step, str)]
            if "when" in named or "unless" in named:  # their keys are question ids, one kind of field
                named = named[: named.index("when" if "when" in named else "unless") + 1]
            if len(named) > 1 and named[0] == "facts":  # fact names are keys, not kinds of field
                named = ["facts", "*"] + named[2:]
            key = (kind, tuple(named[-1:] if kind == "tools" else named[-2:]))
            if named and named[-1] in wanted and key not in seen:
                seen.add(key)
                out.append((name, where, text))
    return out


def _first_stages(data) -> list[str]:
    """The check's report without asking the tools (quick); [] when those stages accept the data."""
    from tools_py.compile import dependencies

    from .test_editor_mistakes import report

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dependencies, "tool_run_errors", lambda *args: [])
        patch.setattr(dependencies, "induction_errors", lambda *args: [])
        try:
            return report(data)
        except AssertionError:
            return []


def test_every_id_code_date_and_address_field_refuses_hostile_values(tmp_path):
    """One field of each kind at a time, given a value that would end its attribute or run as an address:
    ``make check`` refuses it at its own line, or (where the field takes any text) the pages escape it
    (the build test above has the same text everywhere)."""
    from .test_editor_mistakes import report

    data = tmp_path / "policy_data"
    shutil.copytree(REPO / "policy_data", data)
    fields = _value_fields(data)
    refused, accepted = 0, []
    for name, where, original in fields:
        file = data.parent / name
        before = file.read_text(encoding="utf-8")
        tree = yaml_lines.plain(yaml_lines.load(before))
        named = [step for step in where if isinstance(step, str)]
        tries = [original + BREAKER] + ([SCRIPT_ADDRESS] if named[-1] in _BECOME_ADDRESSES else [])
        for hostile in tries:
            _set(tree, where, hostile)
            file.write_text(yaml.safe_dump(tree, sort_keys=False, allow_unicode=True, width=4096), encoding="utf-8")
            try:
                lines = _first_stages(data) or report(data)
            except AssertionError:  # accepted by the check: the value must be free text the pages escape
                accepted.append((name, where, hostile))
                continue
            finally:
                file.write_text(before, encoding="utf-8")
            named = [line for line in lines if line.startswith(f"{name}:")]
            assert named, f"{name}: {field_path(where)} = {hostile!r} was refused for another file's sake: {lines[:5]}"
            refused += 1
    shown = [f"{name}: {field_path(where)} = {hostile!r}" for name, where, hostile in accepted]
    print(f"\n{len(fields)} kinds of field tried, {refused} hostile values refused; accepted as text: {shown}")
    # Accepted only where the field is text to the pages (a clause's printed number, a code's group, a
    # question's unit, a contact's e-mail written as words): fields the whole-site build above makes
    # hostile too, and finds harmless. Never an id, a code or an address.
    names = [[step for step in where if isinstance(step, str)] for _name, where, _hostile in accepted]
    assert not [item for item, named in zip(shown, names) if named[-1] in _IDENTIFIERS], shown
