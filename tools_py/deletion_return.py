"""The deletion return: what the local authority is told when a pupil's name comes off the register.

Two tools say it: *Removal from roll*, once a ground for deletion is met, and *Must I tell the local
authority?*, for a deletion (and for the situations that end in one). Both ask ``assess`` here, so
they state the same rules (``policy_data/rules.yaml``, topic ``deletion-return``) and reach the same
verdict. The words are the rules'; the verdict comes from facts: whether a return is due for a leaver
in the school's most senior class (``deletion_return.senior_class_leavers``, the school's own value
where its policy has one, else regulation 13(5)), whether the school's policy makes an exception when
the local authority asks (``deletion_return.la_can_ask``), and the deadline
(``deletion_return.when``).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import rules
from .facts import FactMissing, lookup, own, to_date

TOPIC = "deletion-return"
RETURN, SENIOR_CLASS = "deletion-return", "deletion-return-senior-class"
SILENT = "{school}'s policy does not say how the deletion return is made; the rule used is from {source} ({label})."


class NoRule(LookupError):
    """Neither the school's policy nor the national rules say anything on this date."""


@dataclass(frozen=True)
class DeletionReturn:
    """Whether a return is due, by when, and the rules that say so (the school's own first)."""

    due: bool
    when: str | None
    statements: tuple
    clauses: tuple  # the facts' clauses (the rules' own are in the statements)
    notes: tuple

    @property
    def school_rule(self) -> str:
        """The school's own rule in words ("" where its policy has none)."""
        own_rules = [s for s in self.statements if s.rule not in (RETURN, SENIOR_CLASS)]
        return own_rules[0].text if own_rules else ""

    @property
    def national_rule(self) -> str:
        """The national rule in words ("" on a date before it)."""
        found = [s for s in self.statements if s.rule in (RETURN, SENIOR_CLASS)]
        return found[0].text if found else ""

    @property
    def rule_ids(self) -> tuple:
        return tuple(statement.rule for statement in self.statements)


def _own_rule(data, school, day) -> str | None:
    """The school's own rule in the topic (a rule scoped to named schools), if it has one."""
    for rule_id in data["topics"][TOPIC]["rules"]:
        if (data["rules"][rule_id].get("scope") or {}).get("schools") and \
                rules.applies(data, rule_id, school=school, on=day):
            return rule_id
    return None


def _fact(data, school, key, day):
    try:
        return lookup(data, school, key, day)
    except FactMissing:
        return None


def _silent_note(data, school, statement) -> str:
    clause = data["clauses"][statement.clauses[0]]
    return SILENT.format(school=data["documents"][school]["organisation"], label=clause["label"],
                         source=data["documents"][clause["document"]]["organisation"])


def _due(data, school, day, final_year, la_requested, clauses) -> bool:
    """A return is always due, except for a leaver in the most senior class where the rule says so."""
    if not final_year:
        return True
    leavers = _fact(data, school, "deletion_return.senior_class_leavers", day)
    if leavers is None:
        return True
    clauses.append(leavers.clause)
    if leavers.value == "required":
        return True
    la_can_ask = own(data, school, "deletion_return.la_can_ask", day)
    return bool(la_can_ask and la_can_ask.value and la_requested)


def assess(data, school, on, *, final_year: bool, la_requested: bool | None = None) -> DeletionReturn:
    """The deletion return for a pupil of ``school`` whose name comes off the register on ``on``.

    Raises NoRule where no rule holds on the date (before 19 August 2024 at a school whose policy is
    silent)."""
    day = to_date(on)
    national_id = SENIOR_CLASS if final_year else RETURN
    own_id = _own_rule(data, school, day)
    statements = [rules.state(data, own_id, school=school, on=day)] if own_id else []
    if rules.applies(data, national_id, school=school, on=day):
        statements.append(rules.state(data, national_id, school=school, on=day))
    if not statements:
        raise NoRule(school, day)
    notes = [] if own_id else [_silent_note(data, school, statements[0])]
    clauses: list = []
    due = _due(data, school, day, final_year, la_requested, clauses)
    when = _fact(data, school, "deletion_return.when", day) if due else None
    if when is not None:
        clauses.append(when.clause)
    return DeletionReturn(due, when.value if when else None, tuple(statements), tuple(clauses), tuple(notes))
