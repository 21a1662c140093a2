"""``policy_data/rules.yaml`` checked and compiled: each rule's words, clauses, values and scope.

A rule's blanks must be filled by its facts, by the names it says a surface fills, or by the two
every rule has ({school}, {school_kind}); its facts, clauses, schools and the national facts its scope
names must exist; a topic lists rules that exist. The compiled rule keeps the place it was written
(``source``: file and line), so a surface that states it out of scope is told where the rule is.

The other half of "one rule, one voice" is ``surface_errors``: the texts a tool or the induction
writes around its rules (outcome titles, verdicts, lines, the tools' shared texts) state no amount,
percentage or number of days, sessions, weeks, months or years of their own. Such a figure is a rule;
it comes through a blank, from a fact or a rule here, so it is said once and changes everywhere.
"""

from __future__ import annotations

import re
import string

from . import yaml_lines
from .dependencies import template_problem
from .errors import DataError

ALWAYS_FILLED = frozenset({"school", "school_kind"})


def compiled(source) -> dict:
    """The rules, topics and school kinds as plain data, each rule with the line it starts on."""
    tree = source.tree
    rules = {}
    for rule_id, rule in (tree.get("rules") or {}).items():
        plain = yaml_lines.plain(rule) if isinstance(rule, dict) else {}
        plain["source"] = f"{source.name}:{tree['rules'].line_of(rule_id)}"
        rules[rule_id] = plain
    return {"rules": rules, "topics": yaml_lines.plain(tree.get("topics") or {}),
            "school_kinds": yaml_lines.plain(tree.get("school_kinds") or {})}


def _blanks(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return set()


def _fact_keys(data) -> set[str]:
    keys = set()
    for document in data["documents"].values():
        keys |= set(document.get("facts") or {})
    return keys


def _national_fact_keys(data) -> set[str]:
    keys = set()
    for document in data["documents"].values():
        if document.get("kind") == "national":
            keys |= set(document.get("facts") or {})
    return keys


def rule_errors(source, data) -> list[DataError]:
    tree = source.tree
    errors = []
    facts, national = _fact_keys(data), _national_fact_keys(data)
    for rule_id, rule in (tree.get("rules") or {}).items():
        if not isinstance(rule, dict):
            continue
        at = ("rules", rule_id)
        values = rule.get("values") or {}
        known = set(values) | set(rule.get("fills") or []) | ALWAYS_FILLED
        for key in ("says", "parents", "short", "parents_short"):
            text = rule.get(key)
            if not isinstance(text, str):
                continue
            problem = template_problem(text, known)
            if problem:
                errors.append(source.error(at + (key,), problem + " (or list it under 'fills:')"))
        if not rule.get("clause") and not values:
            errors.append(source.error(at, "a rule needs the clause it comes from (clause:), or values taken from facts"))
        for index, clause in enumerate(rule.get("also") or []):
            if clause not in data["clauses"]:
                errors.append(source.error(at + ("also", index), f"no clause '{clause}' in any document"))
        pool = national if rule.get("values_from") == "national" else facts
        for name, key in values.items():
            if key not in pool:
                where = "national documents" if pool is national else "documents"
                errors.append(source.error(at + ("values", name), f"no fact '{key}' in the {where}' facts"))
        scope = rule.get("scope") or {}
        kinds = scope.get("school_types")
        if isinstance(kinds, dict):
            for key in ("fact", "outside_fact"):
                if key in kinds and kinds[key] not in national:
                    errors.append(source.error(at + ("scope", "school_types", key),
                                               f"no national fact '{kinds[key]}' listing kinds of school"))
        for index, school in enumerate(scope.get("schools") or []):
            if school not in data["documents"]:
                errors.append(source.error(at + ("scope", "schools", index), f"no document '{school}'"))
    rule_ids = set(tree.get("rules") or {})
    for topic_id, topic in (tree.get("topics") or {}).items():
        for index, rule_id in enumerate((topic or {}).get("rules") or [] if isinstance(topic, dict) else []):
            if rule_id not in rule_ids:
                errors.append(source.error(("topics", topic_id, "rules", index), f"no rule '{rule_id}'"))
    return errors


# -- surfaces ----------------------------------------------------------------------------------

# A figure a reader acts on: an amount, a percentage, a number of days, sessions, weeks, months or years.
FIGURE = re.compile(r"£\s?\d|\b\d+(?:\.\d+)?\s?%|\b\d+\s+(?:school\s+|calendar\s+|working\s+)?"
                    r"(?:days?|sessions?|weeks?|months?|years?)\b", re.IGNORECASE)



# Figures still written into the texts, each to be taken through a blank; this list only shrinks.
_NOT_YET: set = set()


def surface_errors(source) -> list[DataError]:
    """A tool's outcome texts and rule rows state no figure of their own (see the module's note).

    A row's ``words:`` is a clause quoted in its document's words, and is left as it is."""
    errors = []
    tree = source.tree
    tool_id = tree.get("id")
    for start, part in ((("outcomes",), tree.get("outcomes")), (("rules",), tree.get("rules"))):
        for path, text in yaml_lines.strings(part, start):
            if path[-1] == "words" or (tool_id, ".".join(map(str, path))) in _NOT_YET:
                continue
            found = FIGURE.search(text)
            if found:
                errors.append(source.error(path, f"'{found.group(0)}' is a figure written into the text: take it "
                                                 "through a blank from a fact or a rule (policy_data/rules.yaml), so "
                                                 "that it is stated once"))
    return errors


# A key of a tool's rule row whose text value names the fact holding the row's figure.
FACT_NAMING_KEYS = frozenset({"attendance_below", "absence_at_least"})


def fact_reference_errors(source, data) -> list[DataError]:
    """Every fact a tool's rule row takes a figure from exists: the names under a row's ``values:``,
    and a test such as ``attendance_below: <fact key>`` (so a misspelt key stops the build, by line)."""
    keys = _fact_keys(data)
    errors = []
    for path, text in yaml_lines.strings((source.tree or {}).get("rules"), ("rules",)):
        names_fact = (len(path) >= 2 and path[-2] == "values") or path[-1] in FACT_NAMING_KEYS
        if names_fact and text not in keys:
            errors.append(source.error(path, f"no document has a fact '{text}' to take this figure from"))
    return errors


# -- references from other files ------------------------------------------------------------------

def _references(tree, path=()):
    """(path, rule id) for every rule a file names under a ``states:`` key (a rule id or a list)."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            if key == "states" and isinstance(value, (str, list)):
                for index, item in enumerate(value if isinstance(value, list) else [value]):
                    yield path + (key,) + ((index,) if isinstance(value, list) else ()), item
            else:
                yield from _references(value, path + (key,))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from _references(value, path + (index,))


def _context(tree, path, schools) -> tuple[str | None, str | None, str]:
    """The school, the date and the audience a reference at ``path`` is stated for, as far as the
    file says: a key naming a school, the ``from:`` of a dated row around it, a ``parents:`` wording."""
    school, start, node = None, None, tree
    for step in path:
        if isinstance(node, dict) and isinstance(node.get("from"), str):
            start = node["from"]
        if isinstance(node, dict) and node.get("school") in schools:
            school = node["school"]
        if step in schools:
            school = step
        node = node[step] if isinstance(node, (dict, list)) else None
    audience = "parents" if "parents" in path else "staff"
    return school, start, audience


def reference_errors(source, data, today) -> list[DataError]:
    """Every ``states:`` names a rule that exists and holds where the file states it: for the school
    whose row it is in, from the date its row takes effect (else on the build date), for its audience."""
    from tools_py.rules import scope_problem
    from tools_py.questions import school_ids

    errors = []
    schools = set(school_ids(data))
    for path, rule_id in _references(source.tree):
        if rule_id not in data["rules"]:
            errors.append(source.error(path, f"no rule '{rule_id}' in policy_data/rules.yaml"))
            continue
        school, start, audience = _context(source.tree, path, schools)
        problem = scope_problem(data, rule_id, school=school, on=start or today, audience=audience)
        if problem:
            where = data["rules"][rule_id]["source"]
            errors.append(source.error(path, f"states the rule '{rule_id}' ({where}) out of its scope: {problem}"))
    return errors
