"""What the tools' code and the build rely on in the data, checked with the data.

The schema says what a file may hold; this says what the rest of the handbook needs from it, so that
``make check`` never calls valid a change that would make a tool or the build fail:

- every outcome a tool module can give (its ``OUTCOMES``), and every ``outcome:`` a rule names, has
  texts under the tool's ``outcomes:``;
- every outcome text is a template ``string.Formatter`` reads (no ``{0}``, no unclosed ``{``) naming
  only the fields the module fills (its ``FIELDS``); texts under ``rules:`` are read the same way;
- the induction's fact formats name only {value}, and its scenarios are accepted by their tools for
  every school, on the build date.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import os
import re
import string

from .errors import DataError

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def template_problem(text: str, fields=None) -> str | None:
    """Why ``text`` cannot be filled in as an outcome text, or None when it can."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return "the braces do not pair up: a blank is written {name}, a brace meant as text is doubled ({{ or }})"
    for _literal, name, spec, _conversion in parsed:
        if name is None:
            continue
        if not _NAME.fullmatch(name):
            return f"'{{{name}}}' is not a blank the tool fills; a blank is a name in braces, e.g. {{code}}"
        if spec and ("{" in spec or "}" in spec):
            return f"'{{{name}:{spec}}}' puts a blank inside a blank"
        if fields is not None and name not in fields:
            return f"the tool fills no blank named {{{name}}} (it fills: {', '.join(sorted(fields))})"
    return None


def _texts(tree, path):
    """(path, text) for every string in ``tree``."""
    if isinstance(tree, str):
        yield path, tree
    elif isinstance(tree, dict):
        for key, value in tree.items():
            yield from _texts(value, path + (key,))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from _texts(value, path + (index,))


def _named_outcomes(rules, path=("rules",)):
    """(path, outcome id) for every ``outcome:`` in a tool's rules."""
    if isinstance(rules, dict):
        for key, value in rules.items():
            if key == "outcome" and isinstance(value, str):
                yield path + (key,), value
            else:
                yield from _named_outcomes(value, path + (key,))
    elif isinstance(rules, list):
        for index, value in enumerate(rules):
            yield from _named_outcomes(value, path + (index,))


def tool_errors(source) -> list[DataError]:
    """A tool's YAML against its module's OUTCOMES and FIELDS."""
    from tools_py.api import TOOL_MODULES

    tree = source.tree
    tool_id = tree.get("id")
    outcomes = tree.get("outcomes") if isinstance(tree.get("outcomes"), dict) else {}
    module = importlib.import_module(TOOL_MODULES[tool_id]) if tool_id in TOOL_MODULES else None
    fields = getattr(module, "FIELDS", None)
    module_file = f"tools_py/{tool_id}.py"
    errors = []
    if module is not None and (fields is None or not hasattr(module, "OUTCOMES")):
        errors.append(source.error(("id",), f"{module_file} must declare OUTCOMES and FIELDS (the outcomes it gives "
                                            "and the blanks it fills), so that its texts can be checked"))
    for outcome_id in getattr(module, "OUTCOMES", ()):
        if outcome_id not in outcomes:
            errors.append(source.error(("outcomes",), f"{module_file} gives the outcome '{outcome_id}', which has no "
                                                      f"texts here (outcomes: {', '.join(outcomes)}); was it renamed?"))
    for path, named in _named_outcomes(tree.get("rules")):
        if named not in outcomes:
            errors.append(source.error(path, f"'{named}' is not an outcome of {tool_id} ({', '.join(outcomes)})"))
    for path, text in _texts(outcomes, ("outcomes",)):
        problem = template_problem(text, fields)
        if problem:
            errors.append(source.error(path, problem))
    for index, rule in enumerate(tree.get("constraints") or []):
        if isinstance(rule, dict) and isinstance(rule.get("message"), str):
            problem = template_problem(rule["message"], frozenset({"left", "right"}))
            if problem:
                errors.append(source.error(("constraints", index, "message"), problem))
    for path, text in _texts(tree.get("rules"), ("rules",)):
        problem = template_problem(text)
        if problem:
            errors.append(source.error(path, problem))
    return errors


def build_date() -> _dt.date:
    """The date the site is built for: HANDBOOK_TODAY=YYYY-MM-DD, else today."""
    fixed = os.environ.get("HANDBOOK_TODAY")
    return _dt.date.fromisoformat(fixed) if fixed else _dt.date.today()


_LOCATED = re.compile(r"(?P<file>[^:]+):(?P<line>\d+): (?P<field>[^:]*): (?P<message>.*)", re.S)
_STEP = re.compile(r"\[(\d+)\]|\.?([^.\[]+)")


def _path(field: str) -> tuple:
    """``scenarios[3].answers`` -> ``('scenarios', 3, 'answers')``."""
    return tuple(int(index) if index else name for index, name in _STEP.findall(field))


def induction_errors(data, induction_source) -> list[DataError]:
    """The build's own induction check (tools_py.site.induction), run by ``make check`` too."""
    from tools_py.site.induction import check_induction

    errors = []
    for u_index, unit in enumerate(induction_source.tree.get("units") or []):
        for f_index, item in enumerate(unit.get("facts") or [] if isinstance(unit, dict) else []):
            shown = item.get("format") if isinstance(item, dict) else None
            problem = template_problem(shown, {"value"}) if isinstance(shown, str) else None
            if problem:
                errors.append(induction_source.error(("units", u_index, "facts", f_index, "format"), problem))
    if errors:
        return errors
    for problem in check_induction(data, build_date()):
        found = _LOCATED.fullmatch(problem)
        if found:
            errors.append(induction_source.error(_path(found["field"]), found["message"]))
        else:
            errors.append(DataError(induction_source.name, 1, "", problem))
    return errors
