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

from . import dependencies, rule_checks, yaml_lines
from .errors import DataError, PolicyDataInvalid, field_path
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

    def error(self, path, message, line=None) -> DataError:
        if line is None:
            line = yaml_lines.line_at(self.tree, path) if self.tree is not None else 1
        return DataError(self.name, line, field_path(path), message)


def _sources(root: Path) -> list[_Source]:
    found = []
    for path in sorted(root.rglob("*.yaml")) + sorted(root.rglob("*.yml")):
        relative = path.relative_to(root)
        if relative.parts[0] in _KIND_OF_FOLDER and len(relative.parts) == 2:
            found.append(_Source(path, root, _KIND_OF_FOLDER[relative.parts[0]]))
        elif len(relative.parts) == 1 and relative.name in _KIND_OF_FILE:
            found.append(_Source(path, root, _KIND_OF_FILE[relative.name]))
        else:
            found.append(_Source(path, root, "unknown"))
    return found


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
    def read(self) -> list[_Source]:
        sources = _sources(self.root)
        for source in sources:
            if source.kind == "unknown":
                self.errors.append(DataError(source.name, 1, "", "this file is in no known place (documents/, flows/, "
                                             "tools/, codes.yaml, contacts.yaml, glossary.yaml, conflicts.yaml, induction.yaml, rules.yaml)"))
                continue
            try:
                source.tree = yaml_lines.load(source.path.read_text(encoding="utf-8"))
            except yaml_lines.YamlSyntaxError as error:
                self.errors.append(DataError(source.name, error.line, "", f"not valid YAML: {error.message}"))
                continue
            except UnicodeDecodeError:
                self.errors.append(DataError(source.name, 1, "", "not UTF-8 text"))
                continue
            if not isinstance(source.tree, dict):
                self.errors.append(DataError(source.name, 1, "", "the file must be a set of 'name: value' lines"))
                source.tree = None
                continue
            for path, message in schema_errors(source.kind, source.tree):
                self.errors.append(source.error(path, message))
            for path, value in _not_finite(source.tree):
                self.errors.append(source.error(path, f"{value} is not a number a reader can use (write a plain number, e.g. 10)"))
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
                if isinstance(node, dict) and isinstance(node.get("id"), str):
                    if node["id"] in ids:
                        self.errors.append(source.error(("nodes", index, "id"), f"node id '{node['id']}' is used twice"))
                    ids.append(node["id"])
            shown = _short_list(ids)
            for index, edge in enumerate(tree.get("edges") or []):
                if not isinstance(edge, dict):
                    continue
                for end in ("from", "to"):
                    target = edge.get(end)
                    if isinstance(target, str) and target not in ids:
                        self.errors.append(source.error(("edges", index, end), f"no node '{target}' (nodes: {shown})"))

    def check_code_references(self, sources, codes_source):
        """In tool rules, a value under a key named ``code`` or in a mapping named ``codes`` is a code."""
        if codes_source is None:
            return
        known = {entry.get("code") for entry in codes_source.tree.get("codes") or [] if isinstance(entry, dict)}
        for source in sources:
            if source.kind != "tool":
                continue
            for path, key, value in _walk(source.tree.get("rules") or {}, ("rules",)):
                is_code = key == "code" or (len(path) >= 2 and path[-2] == "codes")
                # A short word with no space is a code ("ILL" too); a sentence under 'code' is a text.
                looks_like_code = isinstance(value, str) and re.fullmatch(r"\S{1,4}", value) and "{" not in value
                if is_code and looks_like_code and value not in known:
                    self.errors.append(source.error(path, f"'{value}' is not an attendance code in codes.yaml"))

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
    """Why a number a tool would print is impossible: no count, amount or share is negative, and a
    percentage is at most 100."""
    if not math.isfinite(value):
        return None  # reported for every file, facts or not (see _not_finite)
    if value < 0:
        return f"{value} is negative; a number of days, sessions, an amount or a percentage is 0 or more"
    if key.endswith("_percent") and value > 100:
        return f"{value} is more than 100 percent"
    return None


def _not_finite(tree, path=()):
    """Every ``.nan`` or ``.inf`` in the tree (YAML's words for not-a-number and infinity)."""
    if isinstance(tree, float) and not math.isfinite(tree):
        yield path, tree
    items = tree.items() if isinstance(tree, dict) else enumerate(tree) if isinstance(tree, list) else ()
    for step, value in items:
        yield from _not_finite(value, path + (step,))


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


def _short_name(document) -> str:
    return document.get("short_name") or document.get("organisation") or document["id"]


def compile_policy(root: Path = POLICY_DATA, extra_checks=()) -> dict:
    """Check everything under ``root``; return the compiled data or raise PolicyDataInvalid."""
    compiler = _Compiler(Path(root))
    if not Path(root).is_dir():
        raise PolicyDataInvalid([DataError(str(root), 1, "", "there is no policy data folder here")])
    sources = compiler.read()
    if any(error.message.startswith("not valid YAML") for error in compiler.errors):
        # Cross-file checks would only echo the unreadable file as missing clauses.
        raise PolicyDataInvalid(compiler.errors)
    by_kind: dict[str, list[_Source]] = {}
    for source in sources:
        by_kind.setdefault(source.kind, []).append(source)
    documents = by_kind.get("document", [])
    compiler.collect_clauses(documents)
    document_ids = {s.tree.get("id") for s in documents}
    compiler.check_references(sources, document_ids)
    compiler.check_facts(documents)
    compiler.check_flows(by_kind.get("flow", []))
    codes_source = (by_kind.get("codes") or [None])[0]
    compiler.check_codes(codes_source)
    compiler.check_code_references(sources, codes_source)

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
    for source in by_kind.get("tool", []):
        compiler.errors.extend(tool_spec_errors(source))
        tool = yaml_lines.plain(source.tree)
        data["tools"][tool.get("id", source.path.stem)] = tool
        if tool.get("id") != source.path.stem:
            compiler.errors.append(source.error(("id",), f"'{tool.get('id')}' must match the file name '{source.path.stem}'"))

    for source in by_kind.get("tool", []):
        compiler.errors.extend(dependencies.tool_errors(source))
        compiler.errors.extend(rule_checks.surface_errors(source))
        compiler.errors.extend(rule_checks.fact_reference_errors(source, data))
    if not compiler.errors:  # the induction asks the tools, which need everything above to be right
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


def tool_spec_errors(source) -> list[DataError]:
    """Questions refer only to earlier questions and real choices; ids are unique."""
    errors = []
    tree = source.tree
    earlier: dict[str, list | None] = {}
    for index, question in enumerate(tree.get("questions") or []):
        if not isinstance(question, dict):
            continue
        qid = question.get("id")
        if qid in earlier:
            errors.append(source.error(("questions", index, "id"), f"question id '{qid}' is used twice"))
        kind = question.get("type")
        if kind == "choice" and not question.get("choices"):
            errors.append(source.error(("questions", index), "a choice question needs choices"))
        values = [c.get("value") for c in question.get("choices") or [] if isinstance(c, dict)]
        if len(values) != len(set(values)):
            errors.append(source.error(("questions", index, "choices"), "two choices have the same value"))
        for key, wanted in (question.get("when") or {}).items():
            if key in ("school_silent_on", "school_states"):
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
    for index, rule in enumerate(tree.get("constraints") or []):
        for name in (rule.get("at_most") or []) if isinstance(rule, dict) else []:
            if name not in earlier:
                errors.append(source.error(("constraints", index, "at_most"), f"no question '{name}'"))
    return errors
