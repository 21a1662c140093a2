"""Numbers whose rule gives them a range, and values that must come in order.

The schema says a threshold is a number; a reader relies on more: a percentage between 0 and 100, a
number of days within a school year, a register that closes after it is taken, a reduced penalty
below the full one. A value outside its range passes every type check and then gives every reader a
wrong answer (a 09:15 arrival recorded as U because the register "closed" at 09:05 before it was
taken at 09:10), so ``make check`` refuses it, by file and line, saying the range.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from tools_py import facts as _facts

from . import yaml_lines
from .rule_checks import FACT_NAMING_KEYS


@dataclass(frozen=True)
class Range:
    lowest: float
    highest: float
    whole: bool
    unit: str  # how the highest is said: "100 percent", "366 days (a year)"


# By the end of a fact's name (the first that matches). A school year has 190 school days (195 with
# training days); no count of days in any rule here reaches a calendar year.
_FACT_RANGES = [
    ("_percent", Range(0, 100, False, "percent")),
    ("_school_days", Range(0, 195, True, "school days (a school year has about 190)")),
    ("_days", Range(0, 366, True, "days (a year)")),
    ("_sessions", Range(0, 390, True, "sessions (a school year has about 380)")),
    ("_weeks", Range(0, 52, True, "weeks (a year)")),
    ("_months", Range(0, 12, True, "months (a year)")),
    ("_years", Range(0, 50, True, "years")),
    ("_minutes", Range(0, 24 * 60, True, "minutes (a day)")),
    ("_amount", Range(0, 100_000, False, "pounds")),
    ("_per_child", Range(0, 100, True, "")),
    ("_per_day", Range(0, 100, True, "")),
    ("_count", Range(0, 100_000, True, "")),
]

# In tools' rule tables, by the name of the key (the last part of its path).
_RULE_RANGES = [
    (re.compile(r"^decimals$"), Range(0, 4, True, "decimal places")),
    (re.compile(r"(^|_)percent(_|$)|_below$|_at_least$"), Range(0, 100, False, "percent")),
    (re.compile(r"(^|_)days(_|$)"), Range(0, 366, False, "days (a year)")),
    (re.compile(r"^per_week$"), Range(0, 100, True, "")),
    (re.compile(r"^(full|reduced)$"), Range(0, 100_000, False, "pounds")),
]
# Keys the tools read as numbers (a text there fails the tool, or compares wrongly): a word is refused.
_RULE_NUMBER_KEYS = {"decimals", "full", "reduced", "attendance_below", "absence_at_least", "per_week", "notice_days",
                     "max_days", "more_than_days_in_a_row", "more_than_days_in_term"}
# A mapping under one of these names holds a number as its value: {value: 10, clause: …}.
_RULE_VALUE_PARENTS = {"threshold": Range(0, 366, False, "days (a year)"),
                       "sessions_per_day": Range(1, 2, True, "sessions (a day has two)")}


def _shown(value) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() and abs(value) < 1e15 else str(value)


def range_problem(value, bounds: Range) -> str | None:
    """Why ``value`` is outside ``bounds``, or None. A non-number is the schema's or the kind check's to say."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    if value < bounds.lowest:
        if bounds.lowest == 0:
            return f"{_shown(value)} is negative; a number of days, sessions, an amount or a percentage is 0 or more"
        return f"{_shown(value)} is less than {_shown(bounds.lowest)}"
    if value > bounds.highest:
        unit = f" {bounds.unit}" if bounds.unit else ""
        return f"{_shown(value)} is more than {_shown(bounds.highest)}{unit}"
    if bounds.whole and value != int(value):
        return f"{_shown(value)} is not a whole number"
    return None


def fact_range(key: str) -> Range | None:
    for suffix, bounds in _FACT_RANGES:
        if key.endswith(suffix):
            return bounds
    return None


def rule_range(path) -> Range | None:
    """The range of a number at ``path`` in a tool's rules, by its key, or None when its key gives none."""
    names = [step for step in path if isinstance(step, str)]
    if not names:
        return None
    if names[-1] == "value" and len(names) >= 2 and names[-2] in _RULE_VALUE_PARENTS:
        return _RULE_VALUE_PARENTS[names[-2]]
    for pattern, bounds in _RULE_RANGES:
        if pattern.search(names[-1]):
            return bounds
    return None



def rule_errors(source) -> list:
    """A tool's rule numbers: of the kind and in the range their names promise; a reduced amount below
    the full one beside it."""
    errors = []
    rules = source.tree.get("rules")
    for path, value in yaml_lines.leaves(rules, ("rules",)):
        bounds = rule_range(path[1:])
        if bounds is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            named = [step for step in path if isinstance(step, str)]
            if isinstance(value, str) and named[-1] in FACT_NAMING_KEYS:
                continue  # a fact's name: the figure is the fact's (rule_checks.fact_reference_errors checks it)
            if named[-1] in _RULE_NUMBER_KEYS or (named[-1] == "value" and named[-2] in _RULE_VALUE_PARENTS):
                shown = repr(value) if isinstance(value, str) else str(value).lower()
                errors.append(source.error(path, f"{shown} is not a number (write a plain number, e.g. 10)"))
            continue
        problem = range_problem(value, bounds)
        if problem:
            errors.append(source.error(path, problem))
    for path, mapping in _mappings(rules, ("rules",)):
        full, reduced = mapping.get("full"), mapping.get("reduced")
        if _number(full) and _number(reduced) and reduced >= full:
            errors.append(source.error(path + ("reduced",), f"the reduced amount {_shown(reduced)} is not below the "
                                                            f"full amount {_shown(full)}"))
    return errors


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _mappings(tree, path):
    if isinstance(tree, dict):
        yield path, tree
        for key, value in tree.items():
            yield from _mappings(value, path + (key,))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from _mappings(value, path + (index,))


def question_errors(source) -> list:
    """A number question's limits: 0 or more, the lower not above the higher, a percentage at most 100."""
    errors = []
    for index, question in enumerate(source.tree.get("questions") or []):
        if not isinstance(question, dict) or question.get("type") != "number":
            continue
        low, high = question.get("min"), question.get("max")
        for key, value in (("min", low), ("max", high)):
            if _number(value) and value < 0:
                errors.append(source.error(("questions", index, key), f"{_shown(value)} is negative; an answer "
                                           "here (a number of days, sessions, times or a percentage) is 0 or more"))
        if _number(low) and _number(high) and low > high:
            errors.append(source.error(("questions", index, "max"), f"the highest answer allowed, {_shown(high)}, "
                                       f"is below the lowest, {_shown(low)}: no answer could be given"))
        if _number(high) and "%" in str(question.get("unit") or "") and high > 100:
            errors.append(source.error(("questions", index, "max"), f"{_shown(high)} is more than 100 percent"))
    return errors


# -- values that must come in order, for every school on every date a value changes -------------

@dataclass(frozen=True)
class Order:
    first: str
    then: str
    strictly: bool
    says: str  # the sentence, with {first} and {then} the two values


ORDERS = [
    Order("registers.am.taken", "registers.am.closes", False,
          "the morning register closes at {then}, before it is taken at {first}"),
    Order("registers.pm.taken", "registers.pm.closes", False,
          "the afternoon register closes at {then}, before it is taken at {first}"),
    Order("registers.am.expected_by", "registers.am.closes", False,
          "pupils are expected by {first}, after the morning register closes at {then}"),
    Order("registers.am.closes", "registers.pm.taken", False,
          "the afternoon register is taken at {then}, before the morning register closes at {first}"),
    Order("penalty_notice.first_reduced_amount", "penalty_notice.first_full_amount", True,
          "the reduced penalty, £{first}, is not below the full penalty, £{then}"),
    Order("penalty_notice.first_reduced_days", "penalty_notice.first_full_days", False,
          "the reduced penalty is to be paid within {first} days, longer than the {then} days for the full one"),
]


def _comparable(value):
    if isinstance(value, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        return value
    if _number(value):
        return value
    return None


def order_errors(data, locate) -> list:
    """Every ORDERS pair out of order for a school (or the national rules alone) on some date.

    ``locate(document, key, on)`` gives the DataError maker for the value a document states, so the
    message points at the value the school (or the guidance) set: usually the one that is wrong."""
    schools = [doc_id for doc_id, doc in data["documents"].items() if doc.get("kind") in ("school", "provider")]
    changes = {"0001-01-01"}
    for document in data["documents"].values():
        for entry in (document.get("facts") or {}).values():
            if isinstance(entry, list):
                changes.update(str(dated.get("from")) for dated in entry if isinstance(dated, dict))
    errors, said = [], set()
    for order in ORDERS:
        for school in [None, *schools]:
            for day in sorted(changes):
                try:
                    first = _facts.lookup(data, school, order.first, day)
                    then = _facts.lookup(data, school, order.then, day)
                except (_facts.FactMissing, ValueError, TypeError, KeyError):
                    continue
                a, b = _comparable(first.value), _comparable(then.value)
                if a is None or b is None or type(a) is not type(b):
                    continue
                if (a < b) if order.strictly else (a <= b):
                    continue
                blamed = first if first.document == school or then.document != school else then
                key = (order.first, first.document, then.document, str(first.value), str(then.value))
                if key in said:
                    continue
                said.add(key)
                message = order.says.format(first=_shown(first.value), then=_shown(then.value))
                other = then if blamed is first else first
                where = f" (the other value is in {other.document}'s facts: {other.key})" if other.document != blamed.document else ""
                errors.append(locate(blamed.document, blamed.key, day, message + where))
    return errors
