"""Which code? — from what happened in a session to the register code and what follows from it.

The national codes (with their dates) and the school's register times are data; this module only
chooses among them. Lateness is the one judgement: arriving before the register closes is late but
present (L); at or after the closing time it is an unauthorised absence (U).
"""

from __future__ import annotations

from . import codes as _codes
from . import outcome
from . import rules as _rules
from .facts import to_date
from .questions import value

# The outcomes this module can give (the first five are codes.yaml's categories, a code's outcome
# being its category) and the names it fills in their texts. ``make check`` holds the tool's YAML to
# them, so a renamed outcome or a misspelt {name} is an editor's message, not a reader's KeyError.
OUTCOMES = ("present", "approved_educational_activity", "authorised_absence", "unauthorised_absence",
            "not_possible", "reason_pending")
FIELDS = frozenset({"category", "category_label", "code", "counts", "counts_as", "late_detail", "meaning",
                    "not_leave", "possible_session", "register_closes", "register_taken", "replace_within",
                    "school_wording"})


def code_entry(data, code: str, on) -> dict:
    """The national code in force on the date (codes change: see codes.yaml's from/until)."""
    found = _codes.entry(data, code, on)
    if found is None:
        raise outcome.AnswerError("date", f"code {code} is not in force on {outcome.date_in_words(to_date(on))}")
    return found


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _late_code(answers, data, school, on, rules, fields, notes, clauses) -> str:
    """The code of a late arrival: L before the register closes; after it, U, or the code of the accepted
    reason the pupil missed the register for (an agreed medical appointment: M)."""
    session = answers["session"]
    if "arrival_time" in answers:
        taken = value(data, school, f"registers.{session}.taken", on, notes, clauses)
        closes = value(data, school, f"registers.{session}.closes", on, notes, clauses)
        arrival = answers["arrival_time"]
        if _minutes(arrival) < _minutes(taken):
            raise outcome.AnswerError(
                "arrival_time", f"{arrival} is before the register is taken ({taken}): the pupil was on time")
        before = _minutes(arrival) < _minutes(closes)  # "before this time" (e.g. dms-4.4)
        fields["late_detail"] = (f" The register closes at {closes}; the pupil arrived at {arrival}, "
                                 f"{'before' if before else 'after'} it closed.")
        fields.update({"register_taken": taken, "register_closes": closes})
    else:
        before = answers["before_close"]
        notes.append(f"{data['documents'][school]['organisation']}'s policy does not give register times; "
                     "the answer rests on whether the pupil arrived before your register closed.")
    reason = (rules.get("late_reasons") or {}).get(answers.get("late_reason"))
    if reason and not before:
        fields["late_detail"] += reason["detail"]
        return rules["codes"][reason["code"]]
    return rules["codes"]["late_before_close" if before else "late_after_close"]


def _code_fields(data, school, code, on, rules, clauses) -> dict:
    """What the register shows for the code on the date: its meaning, category, counting, the school's wording."""
    entry = code_entry(data, code, on)
    clauses.insert(0, entry["clause"])
    wording = next((w for w in entry.get("school_wording") or [] if w["document"] == school), None)
    if wording:
        clauses.append(wording["clause"])
    return {"code": code, "meaning": entry["meaning"], "category": entry["category"],
            "category_label": rules["category_labels"][entry["category"]],
            "possible_session": entry["possible_session"], "counts_as": entry["counts_as"],
            "counts": rules["counts"][entry["counts_as"]], "school_wording": wording.get("wording") if wording else None}


def decide(answers, data, *, school, on, tool, audience="staff") -> dict:
    rules = tool["rules"]
    # Leave granted for a purpose with a code of its own is answered as that purpose (one answer, two routes).
    situation = answers.get("leave_reason") or answers["situation"]
    notes: list[str] = []
    clauses: list[str] = []
    fields: dict = {"late_detail": ""}
    if situation == "on_time":
        code = rules["codes"][f"on_time_{answers['session']}"]
    elif situation == "arrived_late":
        code = _late_code(answers, data, school, on, rules, fields, notes, clauses)
    else:
        code = rules["codes"][situation]
    fields.update(_code_fields(data, school, code, on, rules, clauses))
    outcome_id = fields["category"]
    if code == rules["codes"]["reason_not_known"]:
        outcome_id = "reason_pending"
        fields["replace_within"] = value(data, school, "code_n.replace_within_school_days", on, notes, clauses)
    stated = _not_leave(data, rules, situation, school, on, audience)
    fields["not_leave"] = " ".join(statement.text for statement in stated)
    return outcome.build(data, tool, outcome_id, fields, clauses, notes, audience, stated)


def _not_leave(data, rules, situation, school, on, audience) -> list:
    """Where the regulations record this absence without any leave, the rule saying so, from its one
    home (policy_data/rules.yaml), as the leave tool states it; none where no such rule holds."""
    topic = (rules.get("not_leave") or {}).get(situation)
    return _rules.applicable(data, topic, school=school, on=on, audience=audience) if topic else []
