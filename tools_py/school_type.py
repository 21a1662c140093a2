"""Whether a national rule reaches the school: its kind (maintained, academy, independent …) against
the kinds the rule names.

Some national rules bind only some kinds of school: regulation 11 of the 2024 Regulations (leave of
absence) names maintained and non-maintained special schools, and penalty notices under section 444A
of the Education Act 1996 reach only state-funded schools. The school's kind is the fact
``school.type`` on its own document; the kinds a rule covers are a fact of the national documents.
An answer that rests on such a rule asks here first, so it can say when the rule does not reach the
school instead of stating it as if it did.
"""

from __future__ import annotations

from dataclasses import dataclass

from .facts import Fact, FactMissing, lookup, own


@dataclass(frozen=True)
class Coverage:
    covered: bool
    kind: Fact  # the school's own school.type
    rule: Fact  # the national list of kinds the rule covers


def coverage(data, school: str, rule_key: str, on) -> Coverage | None:
    """Does the rule ``rule_key`` (a list of kinds) cover ``school`` on ``on``? None if either is unknown."""
    kind = own(data, school, "school.type", on)
    if kind is None:
        return None
    try:
        rule = lookup(data, None, rule_key, on)
    except FactMissing:
        return None
    return Coverage(kind.value in rule.value, kind, rule)


def kind_words(names: dict, kind: str) -> str:
    """The kind of school in words, from a tool's ``school_type_names`` text."""
    return names.get(kind, kind.replace("_", " "))
