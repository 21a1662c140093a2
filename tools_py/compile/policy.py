"""Read every file in policy_data/, check it, and compile it into one plain, JSON-able object.

This is the only place YAML is read. Everything downstream (pages, search, the decision tools in
CPython and in Pyodide) works from the compiled object, so a fact is checked once and stated once.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import re
from pathlib import Path

from . import addresses, bounds, dependencies, rule_checks, yaml_lines
from .errors import ACROSS_FILES, IN_FILE, UNREADABLE, DataError, PolicyDataInvalid, field_path
from .schema_messages import schema_errors

REPO = Path(__file__).resolve().parents[2]
# HANDBOOK_POLICY_DATA points the whole build at another copy of the data (tests use it).
POLICY_DATA = Path(os.environ.get("HANDBOOK_POLICY_DATA") or REPO / "policy_data")

_KIND_OF_FOLDER = {"documents": "document", "flows": "flow", "tools": "tool"}
_KIND_OF_FILE = {"codes.yaml": "codes", "contacts.yaml": "contacts", "glossary.yaml": "glossary",
                 "conflicts.yaml": "conflicts", "induction.yaml": "induction", "rules.yaml": "rules"}


class _Source:
    """One YAML file: its display name, its parsed tree, and a way to say where things are."""

    def __init__(self, path: Path, root: Path, kind: str):
        self.path = path
        self.kind = kind
        try:
            self.name = path.relative_to(root.parent).as_posix()
        except ValueError:
            self.name = path.as_posix()
        self.tree = None

    def error(self, path, message, line=None, stage=ACROSS_FILES) -> DataError:
        if line is None:
            line = yaml_lines.line_at(self.tree, path) if self.tree is not None else 1
        return DataError(self.name, line, field_path(path), message, stage)


def _is_hidden(relative: Path) -> bool:
    """An editor's lock or backup file (``.#dms.yaml``, ``.dms.yaml.swp``), or one inside a hidden folder."""
    return any(part.startswith(".") for part in relative.parts)


def _sources(root: Path, notes: list | None = None) -> list[_Source]:
    found = []
    paths = sorted({*root.rglob("*.yaml"), *root.rglob("*.yml")})
    for path in paths:
        relative = path.relative_to(root)
        if _is_hidden(relative):
            if notes is not None:
                notes.append(f"{_Source(path, root, '').name}: skipped (a hidden file, such as an editor's lock "
                             "or backup file, is not policy data)")
            continue
        if relative.parts[0] in _KIND_OF_FOLDER and len(relative.parts) == 2:
            found.append(_Source(path, root, _KIND_OF_FOLDER[relative.parts[0]]))
        elif len(relative.parts) == 1 and relative.name in _KIND_OF_FILE:
            found.append(_Source(path, root, _KIND_OF_FILE[relative.name]))
        else:
            found.append(_Source(path, root, "unknown"))
    return found


class _Unreadable(Exception):
    """A file that is not text at all (empty, binary, not UTF-8, a folder, a broken link); carries a line."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def _file_text(path: Path) -> str:
    """The text of one file, or _Unreadable saying in words why it cannot be read as text."""
    if path.is_symlink() and not path.exists():
        raise _Unreadable(1, "a link to a file that does not exist (an editor's lock file? "
                                            "delete it, or close the editor)")
    if path.is_dir():
        raise _Unreadable(1, "a folder, not a file: a folder's name must not end in .yaml")
    try:
        size = path.stat().st_size
        if size > yaml_lines.MAX_FILE_BYTES:
            raise _Unreadable(1, f"the file is {size:,} bytes; a policy file may be at most "
                                                f"{yaml_lines.MAX_FILE_BYTES:,} (split it)")
        raw = path.read_bytes()
    except OSError as error:
        raise _Unreadable(1, f"cannot be read: {error.strerror or error}") from None
    if not raw.strip():
        raise _Unreadable(1, "the file is empty")
    if b"\0" in raw:
        line = raw[: raw.index(b"\0")].count(b"\n") + 1
        raise _Unreadable(line, "the file holds binary data (a NUL byte), not text: is it the "
                                               "right file?")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise _Unreadable(line, f"not UTF-8 text (byte 0x{raw[error.start]:02X} on this line): "
                                               "save the file as UTF-8") from None


def parse_date(text: str) -> _dt.date | None:
    """``2026``, ``2026-10`` or ``2026-10-05`` -> the first day it names; None if not a real date."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", str(text))
    if not match:
        return None
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def _walk(tree, path=()):
    """Yield (path, key, value) for every mapping entry in the tree."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield path + (key,), key, value
            yield from _walk(value, path + (key,))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from _walk(value, path + (index,))


_DATE_FIELDS = {"issued", "effective", "last_review", "review_due", "from", "until"}


class _Compiler:
    def __init__(self, root: Path):
        self.root = root
        self.errors: list[DataError] = []
        self.clauses: dict[str, dict] = {}
        self.clause_origin: dict[str, tuple[_Source, tuple]] = {}

    # -- reading -----------------------------------------------------------------------------
    def read(self, notes: list | None = None) -> list[_Source]:
        sources = _sources(self.root, notes)
        for source in sources:
            if source.kind == "unknown":
                self.errors.append(DataError(source.name, 1, "", "this file is in no known place (documents/, flows/, "
                                             "tools/, codes.yaml, contacts.yaml, glossary.yaml, conflicts.yaml, "
                                             "induction.yaml, rules.yaml)", UNREADABLE))
                continue
            try:
                source.tree = yaml_lines.load(_file_text(source.path))
            except _Unreadable as error:
                self.errors.append(DataError(source.name, error.line, "", error.message, UNREADABLE))
                continue
            except yaml_lines.YamlSyntaxError as error:
                self.errors.append(DataError(source.name, error.line, "", f"not valid YAML: {error.message}",
                                             UNREADABLE))
                continue
            if not isinstance(source.tree, dict):
                self.errors.append(DataError(source.name, 1, "", "the file must be a set of 'name: value' lines",
                                             UNREADABLE))
                source.tree = None
                continue
            for path, message in schema_errors(source.kind, source.tree):
                self.errors.append(source.error(path, message, stage=IN_FILE))
            for path, value in _not_finite(source.tree):
                self.errors.append(source.error(path, f"{value} is not a number a reader can use (write a plain "
                                                      "number, e.g. 10)", stage=IN_FILE))
            for path in _empty_values(source.tree):
                self.errors.append(source.error(path, _empty_message(source, path), stage=IN_FILE))
            self.errors.extend(_repeated_ids(source))
        return [s for s in sources if s.tree is not None]

    # -- checks across files -------------------------------------------------------------------
    def collect_clauses(self, documents: list[_Source]):
        def visit_section(source, doc_id, section, path, parent):
            self.add_clause(source, doc_id, section.get("id"), path + ("id",), {
                "kind": "section", "number": section.get("number"), "title": section.get("title"),
                "section": section.get("id"), "parent": parent,
            })
            for b_index, block in enumerate(section.get("blocks") or []):
                if isinstance(block, dict) and block.get("id"):
                    self.add_clause(source, doc_id, block["id"], path + ("blocks", b_index, "id"), {
                        "kind": "block", "number": block.get("number"), "title": section.get("title"),
                        "section": section.get("id"), "parent": section.get("id"), "paragraph": b_index + 1,
                    })
                if isinstance(block, dict) and isinstance(block.get("table"), dict):
                    table = block["table"]
                    width = len(table.get("header") or [])
                    for r_index, row in enumerate(table.get("rows") or []):
                        if isinstance(row, list) and width and len(row) != width:
                            self.errors.append(source.error(
                                path + ("blocks", b_index, "table", "rows", r_index),
                                f"this row has {len(row)} cells but the header has {width}"))
            for s_index, child in enumerate(section.get("sections") or []):
                if isinstance(child, dict):
                    visit_section(source, doc_id, child, path + ("sections", s_index), section.get("id"))

        for source in documents:
            doc_id = source.tree.get("id")
            expected = source.path.stem
            if doc_id != expected:
                self.errors.append(source.error(("id",), f"'{doc_id}' must match the file name '{expected}'"))
            for index, section in enumerate(source.tree.get("sections") or []):
                if isinstance(section, dict):
                    visit_section(source, doc_id, section, ("sections", index), None)

    def add_clause(self, source, doc_id, clause_id, path, info):
        if not isinstance(clause_id, str):
            return
        if doc_id and not clause_id.startswith(f"{doc_id}-"):
            self.errors.append(source.error(path, f"clause id '{clause_id}' must start with '{doc_id}-'"))
        if clause_id in self.clauses:
            first_source, first_path = self.clause_origin[clause_id]
            line = yaml_lines.line_at(first_source.tree, first_path)
            self.errors.append(source.error(
                path, f"clause id '{clause_id}' is used twice (first at {first_source.name}:{line})"))
            return
        self.clauses[clause_id] = {"id": clause_id, "document": doc_id, **info}
        self.clause_origin[clause_id] = (source, path)

    def check_references(self, sources, document_ids):
        for source in sources:
            for path, key, value in _walk(source.tree):
                if key == "clauses" and isinstance(value, list):
                    for index, item in enumerate(value):
                        if isinstance(item, str) and item not in self.clauses:
                            self.errors.append(source.error(path + (index,), f"no clause '{item}' in any document{_near(item, self.clauses)}"))
                        elif not isinstance(item, str):
                            self.errors.append(source.error(path + (index,), "a clause id is text, such as dms-5.1"))
                elif key == "clauses":  # a single id: the tools would read it letter by letter
                    self.errors.append(source.error(path, f"{json.dumps(value, ensure_ascii=False)} is not a list of "
                                                          "clause ids: write them in brackets, e.g. [dms-5.1]"))
                if key == "clause" and isinstance(value, str) and value not in self.clauses:
                    self.errors.append(source.error(path, f"no clause '{value}' in any document{_near(value, self.clauses)}"))
                if key == "document" and isinstance(value, str) and value not in document_ids:
                    self.errors.append(source.error(path, f"no document '{value}' (documents: {', '.join(sorted(document_ids))})"))
                if key in _DATE_FIELDS and isinstance(value, str) and parse_date(value) is None and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
                    self.errors.append(source.error(path, f"'{value}' is not a real date"))

    def check_fact_values(self, documents):
        """A fact's value is of the kind its name promises (days are numbers, register times HH:MM),
        and of one kind in every document that states it."""
        entries = []  # (key, value, source, path)
        for source in documents:
            for key, fact in (source.tree.get("facts") or {}).items():
                for index, entry in enumerate(fact if isinstance(fact, list) else [fact]):
                    if isinstance(entry, dict) and "value" in entry:
                        path = ("facts", key) + ((index,) if isinstance(fact, list) else ()) + ("value",)
                        entries.append((key, entry["value"], source, path))
        for key in sorted({entry[0] for entry in entries}):
            if key.endswith(_NUMBER_SUFFIXES):
                wanted = "number"
            elif _TIME_KEY.match(key):
                wanted = "time"
            else:
                kinds = [_value_kind(value) for k, value, *_ in entries if k == key]
                wanted = max(set(kinds), key=kinds.count) if len(set(kinds)) > 1 else None
            if wanted is None:
                continue
            example = next((v for k, v, *_ in entries if k == key and _value_kind(v) == wanted), None)
            hint = f" (e.g. {json.dumps(example)})" if example is not None and wanted == "number" else ""
            for k, value, source, path in entries:
                if k == key and _value_kind(value) != wanted:
                    shown = json.dumps(value, ensure_ascii=False)
                    self.errors.append(source.error(path, f"{shown} is not {_KIND_WORDS[wanted]}{hint}"))
                elif k == key and wanted == "number" and _number_problem(key, value):
                    self.errors.append(source.error(path, _number_problem(key, value)))

    def check_facts(self, documents):
        self.check_fact_values(documents)
        for source in documents:
            for key, fact in (source.tree.get("facts") or {}).items():
                if isinstance(fact, list):
                    dates = [parse_date(entry.get("from")) for entry in fact if isinstance(entry, dict)]
                    if all(dates) and dates != sorted(dates):
                        self.errors.append(source.error(("facts", key), "dated values must be listed oldest first"))
                    if len(set(dates)) != len(dates):
                        self.errors.append(source.error(("facts", key), "two values take effect on the same date"))

    def check_flows(self, flows):
        for source in flows:
            tree = source.tree
            if tree.get("id") != source.path.stem:
                self.errors.append(source.error(("id",), f"'{tree.get('id')}' must match the file name '{source.path.stem}'"))
            ids = []
            for index, node in enumerate(tree.get("nodes") or []):
                if isinstance(node, dict) and isinstance(node.get("id"), str) and node["id"] not in ids:
                    ids.append(node["id"])  # an id used twice is reported when the file is read
            shown = _short_list(ids)
            for index, edge in enumerate(tree.get("edges") or []):
                if not isinstance(edge, dict):
                    continue
                for end in ("from", "to"):
                    target = edge.get(end)
                    if isinstance(target, str) and target not in ids:
                        self.errors.append(source.error(("edges", index, end), f"no node '{target}' (nodes: {shown})"))

    def check_one_file_each(self, by_kind):
        """A document, flow or tool written twice (``dms.yaml`` and ``dms.yml``): one would silently win."""
        for kind in ("document", "flow", "tool"):
            seen = {}
            for source in by_kind.get(kind, []):
                if source.path.stem in seen:
                    self.errors.append(source.error((), f"{source.path.stem} is also in {seen[source.path.stem]}: "
                                                        "keep one file", line=1))
                seen.setdefault(source.path.stem, source.name)

    def check_contacts(self, contacts):
        """Every number becomes a ``tel:`` link and every address a ``mailto:``: each must be one."""
        for source in contacts:
            for part in ("localities", "contacts"):
                for index, row in enumerate(source.tree.get(part) or []):
                    if not isinstance(row, dict):
                        continue
                    for key, problem in (("phone", addresses.phone_problem), ("email", addresses.email_problem)):
                        found = problem(row.get(key))
                        if found:
                            self.errors.append(source.error((part, index, key), found))

    def check_fallbacks(self, tools, document_ids):
        """A tool's ``fallback`` is a page of this site (its link is written into the tool's page)."""
        for source in tools:
            path = source.tree.get("fallback")
            problem = addresses.site_path_problem(path)
            if problem:
                self.errors.append(source.error(("fallback",), problem))
                continue
            if not isinstance(path, str):
                continue
            page, _, anchor = path.partition("#")
            parts = page.strip("/").split("/")
            if parts[0] == "documents" and len(parts) == 2:
                if parts[1] not in document_ids:
                    self.errors.append(source.error(("fallback",), f"no document '{parts[1]}' (documents: "
                                                                   f"{', '.join(sorted(document_ids))})"))
                elif anchor and self.clauses.get(anchor, {}).get("document") != parts[1]:
                    self.errors.append(source.error(("fallback",), f"no clause '{anchor}' in the document "
                                                                   f"'{parts[1]}'{_near(anchor, self.clauses)}"))
            elif not _site_page_exists(page):
                self.errors.append(source.error(("fallback",), f"no page '{page}' in docs/ (docs/{page.rstrip('/')}.md "
                                                               f"or docs/{page}index.md)"))

    def check_orders(self, documents):
        """Values that must come in order (bounds.ORDERS), for every school, on every date a value changes."""
        trees = {s.tree.get("id"): s for s in documents}
        view = {"documents": {doc_id: yaml_lines.plain(s.tree) for doc_id, s in trees.items()}}

        def locate(doc_id, key, day, message):
            source = trees[doc_id]
            fact = (source.tree.get("facts") or {}).get(key)
            path = ("facts", key)
            if isinstance(fact, list):
                in_force = [i for i, entry in enumerate(fact) if isinstance(entry, dict) and str(entry.get("from")) <= day]
                path += ((in_force[-1] if in_force else 0),)
            return source.error(path + ("value",), message)

        self.errors.extend(bounds.order_errors(view, locate))

    def check_code_references(self, sources, codes_source):
        """In tool rules, a value under a key named ``code`` or in a mapping named ``codes`` is a code."""
        if codes_source is None:
            return
        known = {entry.get("code") for entry in codes_source.tree.get("codes") or [] if isinstance(entry, dict)}
        for source in sources:
            if source.kind != "tool":
                continue
            rules = source.tree.get("rules") if isinstance(source.tree.get("rules"), dict) else {}
            # A code may also be named by its entry in the tool's own ``codes`` table (``code: medical``).
            named = set(rules.get("codes")) if isinstance(rules.get("codes"), dict) else set()
            for path, key, value in _walk(rules, ("rules",)):
                is_code = key == "code" or (len(path) >= 2 and path[-2] == "codes")
                # Anything but a text with blanks to fill ("register code {code}") is a code.
                if is_code and isinstance(value, str) and "{" not in value and value not in known | named:
                    self.errors.append(source.error(path, f"'{value}' is not an attendance code in codes.yaml"))
            self.check_choice_tables(source, rules)

    def check_choice_tables(self, source, rules):
        """A rules table named after a choice question (``reasons``, ``situations``) lists its choices only:
        a misspelt one is a row no answer reaches, silently."""
        questions = {q.get("id"): q for q in source.tree.get("questions") or []
                     if isinstance(q, dict) and q.get("type") == "choice"}
        for path, key, value in _walk(rules, ("rules",)):
            question = questions.get(key[:-1]) if isinstance(key, str) and key.endswith("s") else None
            if question is None:
                continue
            choices = [c.get("value") for c in question.get("choices") or [] if isinstance(c, dict)]
            named = (list(value) if isinstance(value, dict) else value if isinstance(value, list)
                     else [value] if isinstance(value, str) else [])
            for index, item in enumerate(named):
                if isinstance(item, str) and item not in choices:
                    where = path + ((item,) if isinstance(value, dict) else (index,) if isinstance(value, list) else ())
                    self.errors.append(source.error(where, f"'{item}' is not a choice of the question '{key[:-1]}' "
                                                           f"({_short_list(map(str, choices))})"))

    def check_codes(self, codes_source):
        if codes_source is None:
            return
        seen = {}
        for index, entry in enumerate(codes_source.tree.get("codes") or []):
            if not isinstance(entry, dict):
                continue
            start, end = parse_date(entry.get("from", "")), parse_date(entry.get("until", "9999"))
            if start and end and end < start:
                self.errors.append(codes_source.error(("codes", index, "until"), "ends before it starts"))
            for other_index, (other_start, other_end) in seen.get(entry.get("code"), []):
                if start and end and other_start and other_end and start <= other_end and other_start <= end:
                    self.errors.append(codes_source.error(
                        ("codes", index, "code"),
                        f"code {entry.get('code')} is in force twice at once (see codes[{other_index}])"))
            seen.setdefault(entry.get("code"), []).append((index, (start, end)))


_NUMBER_SUFFIXES = ("_days", "_sessions", "_percent", "_amount", "_minutes", "_months", "_years", "_weeks",
                    "_per_child", "_per_day", "_count")
_TIME_KEY = re.compile(r"^registers\.(am|pm)\.(taken|closes|expected_by|opens)$")
_KIND_WORDS = {"number": "a number", "time": "a time of day written HH:MM (e.g. \"09:30\")",
               "true or false": "true or false", "list": "a list", "text": "text"}


def _number_problem(key: str, value) -> str | None:
    """Why a number a tool would print is impossible: outside the range its name gives (bounds.py)."""
    found = bounds.fact_range(key)
    return bounds.range_problem(value, found) if found else None


def _not_finite(tree, path=()):
    """Every ``.nan`` or ``.inf`` in the tree (YAML's words for not-a-number and infinity)."""
    if isinstance(tree, float) and not math.isfinite(tree):
        yield path, tree
    items = tree.items() if isinstance(tree, dict) else enumerate(tree) if isinstance(tree, list) else ()
    for step, value in items:
        yield from _not_finite(value, path + (step,))


def _empty_values(tree, path=()):
    """Every value left empty (``name:`` with nothing after it): YAML reads it as nothing at all.

    No field of the handbook is meant to be empty; an empty one is a slip, most often a ``#`` that
    began a comment where a value was meant (``planned_closure: #``, the code for a planned closure)."""
    if tree is None and path:
        yield path
    items = tree.items() if isinstance(tree, dict) else enumerate(tree) if isinstance(tree, list) else ()
    for step, value in items:
        yield from _empty_values(value, path + (step,))


def _empty_message(source, path) -> str:
    line = yaml_lines.line_at(source.tree, path)
    try:
        text = source.path.read_text(encoding="utf-8").splitlines()[line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        text = ""
    if re.search(r"(:|^\s*-)\s+#", text):
        return "is empty: a '#' starts a comment, so what follows it is not read; to write # as a value, put it in quotes: \"#\""
    return "is empty: write a value after the ':', or delete the line"


def _repeated_ids(source):
    """An ``id`` (or a glossary term) used twice in one list: the second one's anchor or row would be
    unreachable (links land on the first) or silently replace the first."""
    def walk(tree, path):
        if isinstance(tree, dict):
            for key, value in tree.items():
                yield from walk(value, path + (key,))
        elif isinstance(tree, list):
            seen: dict = {}
            for index, item in enumerate(tree):
                if isinstance(item, dict):
                    for key in ("id", "term"):
                        value = item.get(key)
                        if not isinstance(value, str):
                            continue
                        same = "-".join(value.lower().split()) if key == "term" else value  # its anchor
                        if (key, same) in seen:
                            first = yaml_lines.line_at(source.tree, path + (seen[(key, same)], key))
                            yield source.error(path + (index, key), f"{'the term' if key == 'term' else 'id'} "
                                               f"'{value}' is used twice (first at line {first})", stage=IN_FILE)
                        else:
                            seen[(key, same)] = index
                yield from walk(item, path + (index,))

    # Clause ids (sections and blocks) are checked across every document, with both places named.
    if source.kind == "document":
        return []
    return list(walk(source.tree, ()))


def _value_kind(value) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        return "time"
    return "text"


def _short_list(items, most=8) -> str:
    items = list(items)
    if len(items) <= most:
        return ", ".join(items)
    return f"{', '.join(items[:3])} … {', '.join(items[-2:])}"


def _near(value, known) -> str:
    import difflib

    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _site_page_exists(page: str) -> bool:
    docs = REPO / "docs"
    page = page.strip("/")
    return (docs / "index.md").is_file() if not page else ((docs / f"{page}.md").is_file()
                                                              or (docs / page / "index.md").is_file())


def _short_name(document) -> str:
    return document.get("short_name") or document.get("organisation") or document["id"]


def compile_policy(root: Path = POLICY_DATA, extra_checks=(), notes: list | None = None) -> dict:
    """Check everything under ``root``; return the compiled data or raise PolicyDataInvalid.

    In three stages: every file read on its own (a file that cannot be read stops the check here, or
    every citation of its clauses would be listed as missing); then the files against each other and
    against the tools' code; then, only when nothing was found so far, the tools asked (the
    induction's scenarios, every choice of every question). ``notes`` collects files skipped (an
    editor's lock file), for the command to print."""
    compiler = _Compiler(Path(root))
    if not Path(root).is_dir():
        raise PolicyDataInvalid([DataError(str(root), 1, "", "there is no policy data folder here", UNREADABLE)])
    sources = compiler.read(notes)
    if any(error.stage == UNREADABLE for error in compiler.errors):
        raise PolicyDataInvalid(compiler.errors)
    try:
        by_kind: dict[str, list[_Source]] = {}
        for source in sources:
            by_kind.setdefault(source.kind, []).append(source)
        documents = by_kind.get("document", [])
        compiler.check_one_file_each(by_kind)
        compiler.collect_clauses(documents)
        document_ids = {s.tree.get("id") for s in documents}
        compiler.check_references(sources, document_ids)
        compiler.check_facts(documents)
        compiler.check_flows(by_kind.get("flow", []))
        codes_source = (by_kind.get("codes") or [None])[0]
        compiler.check_codes(codes_source)
        compiler.check_code_references(sources, codes_source)
        compiler.check_contacts(by_kind.get("contacts", []))
        compiler.check_fallbacks(by_kind.get("tool", []), document_ids)
        compiler.check_orders(documents)
        tools = {s.tree.get("id"): yaml_lines.plain(s.tree) for s in by_kind.get("tool", [])}
        fact_keys = {key for s in documents for key in (s.tree.get("facts") or {})}
        schools = [s.tree.get("id") for s in documents if s.tree.get("kind") in ("school", "provider")]
        for source in by_kind.get("conflicts", []):
            compiler.errors.extend(dependencies.conflict_errors(source, tools, schools))
        for source in by_kind.get("tool", []):
            compiler.errors.extend(tool_spec_errors(source, fact_keys))
            compiler.errors.extend(bounds.rule_errors(source))
            compiler.errors.extend(bounds.question_errors(source))
            if source.tree.get("id") != source.path.stem:
                compiler.errors.append(source.error(("id",), f"'{source.tree.get('id')}' must match the file name "
                                                             f"'{source.path.stem}'"))
            compiler.errors.extend(dependencies.tool_errors(source))
            compiler.errors.extend(rule_checks.surface_errors(source))
    except (AttributeError, KeyError, TypeError, ValueError, IndexError):
        # A check across files met a value of the wrong shape. When a file's schema has already said
        # what is wrong with it, that is the cause: report it, and the rest once it is fixed. Otherwise
        # the fault is in the checks, and shows as one.
        if not any(error.stage == IN_FILE for error in compiler.errors):
            raise
        raise PolicyDataInvalid([e for e in compiler.errors if e.stage == IN_FILE]) from None
    if compiler.errors:  # the compiled data below assumes every file has the shape its schema gives
        raise PolicyDataInvalid(compiler.errors)

    data = {
        "documents": {},
        "clauses": {},
        "codes": [],
        "contacts": {"localities": [], "contacts": []},
        "flows": {},
        "tools": {},
        "glossary": [],
        "conflicts": [],
        "induction": {"units": [], "scenarios": []},
        "rules": {},
        "topics": {},
        "school_kinds": {},
    }
    for source in documents:
        document = yaml_lines.plain(source.tree)
        data["documents"][document["id"]] = document
    for clause_id, clause in compiler.clauses.items():
        document = data["documents"].get(clause["document"], {})
        label = _short_name(document) if document else clause["document"]
        clause = dict(clause)
        clause["label"] = f"{label} {clause['number']}" if clause.get("number") else f"{label}: {clause['title']}"
        data["clauses"][clause_id] = clause
    if codes_source is not None:
        data["codes"] = yaml_lines.plain(codes_source.tree).get("codes", [])
    for source in by_kind.get("contacts", []):
        data["contacts"] = yaml_lines.plain(source.tree)
    for source in by_kind.get("glossary", []):
        data["glossary"] = yaml_lines.plain(source.tree)["terms"]
    for source in by_kind.get("conflicts", []):
        data["conflicts"] = yaml_lines.plain(source.tree)["conflicts"]
        data["conflict_note"] = yaml_lines.plain(source.tree).get("answer_note")
    for source in by_kind.get("induction", []):
        data["induction"] = yaml_lines.plain(source.tree)
    for source in by_kind.get("rules", []):
        data.update(rule_checks.compiled(source))
        compiler.errors.extend(rule_checks.rule_errors(source, data))
    for source in by_kind.get("flow", []):
        flow = yaml_lines.plain(source.tree)
        data["flows"][flow["id"]] = flow
    data["tools"] = {tool["id"]: tool for tool in tools.values()}

    for source in by_kind.get("tool", []):
        compiler.errors.extend(rule_checks.fact_reference_errors(source, data))
    # The tools are asked: they need everything above to be right.
    on = dependencies.build_date()
    compiler.errors.extend(dependencies.tool_run_errors(data, by_kind.get("tool", []), on))
    if not compiler.errors:
        for source in by_kind.get("induction", []):
            compiler.errors.extend(dependencies.induction_errors(data, source))
    if data["rules"]:
        for source in by_kind.get("tool", []) + by_kind.get("induction", []):
            compiler.errors.extend(rule_checks.reference_errors(source, data, dependencies.build_date()))
    for check in extra_checks:
        compiler.errors.extend(check(data, {s.name: s for s in sources}))
    if compiler.errors:
        raise PolicyDataInvalid(compiler.errors)
    return data


def tool_spec_errors(source, fact_keys=None) -> list[DataError]:
    """Questions refer only to earlier questions, real choices and facts some document gives."""
    errors = []
    tree = source.tree
    earlier: dict[str, list | None] = {}
    for index, question in enumerate(tree.get("questions") or []):
        if not isinstance(question, dict):
            continue
        qid = question.get("id")  # an id used twice is reported when the file is read
        if not isinstance(qid, str):  # the schema reports it
            continue
        kind = question.get("type")
        if kind == "choice" and not question.get("choices"):
            errors.append(source.error(("questions", index), "a choice question needs choices"))
        values = [c.get("value") for c in question.get("choices") or [] if isinstance(c, dict)]
        if len(values) != len(set(values)):
            errors.append(source.error(("questions", index, "choices"), "two choices have the same value"))
        for key, wanted in (question.get("when") or {}).items():
            if key in ("school_silent_on", "school_states"):
                if fact_keys is not None and wanted not in fact_keys:
                    errors.append(source.error(("questions", index, "when", key), f"no document gives the fact "
                                               f"'{wanted}'{_near(str(wanted), fact_keys)}"))
                continue
            if key not in earlier:
                errors.append(source.error(("questions", index, "when", key),
                                           f"'{key}' is not an earlier question (a question can depend only on those before it)"))
                continue
            allowed = earlier[key]
            for item in wanted if isinstance(wanted, list) else [wanted]:
                if allowed is not None and item not in allowed:
                    errors.append(source.error(("questions", index, "when", key),
                                               f"'{item}' is not a choice of '{key}' ({', '.join(map(str, allowed))})"))
        for key, settling in (question.get("unless") or {}).items():
            if key not in earlier:
                errors.append(source.error(("questions", index, "unless", key),
                                           f"'{key}' is not an earlier question (a question can depend only on those before it)"))
                continue
            for item in settling if isinstance(settling, list) else [settling]:
                if earlier[key] is not None and item not in earlier[key]:
                    errors.append(source.error(("questions", index, "unless", key),
                                               f"'{item}' is not an answer of '{key}' ({', '.join(map(str, earlier[key]))})"))
        earlier[qid] = values if kind == "choice" else ([True, False] if kind == "yesno" else None)
    if fact_keys is not None:  # a rule naming a fact by its key (threshold_fact, also_fact, facts …)
        for path, key, value in _walk(tree.get("rules") or {}, ("rules",)):
            if isinstance(key, str) and (key == "fact" or key.endswith("_fact") or key == "facts"):
                for index, named in enumerate(value if isinstance(value, list) else [value]):
                    if isinstance(named, str) and named not in fact_keys:
                        where = path + ((index,) if isinstance(value, list) else ())
                        errors.append(source.error(where, f"no document gives the fact '{named}'"
                                                          f"{_near(named, fact_keys)}"))
    for index, rule in enumerate(tree.get("constraints") or []):
        for name in (rule.get("at_most") or []) if isinstance(rule, dict) else []:
            if name not in earlier:
                errors.append(source.error(("constraints", index, "at_most"), f"no question '{name}'"))
    return errors
