"""Evidence and lateness — when a letter or evidence of illness can be asked for, and what follows lateness.

Both are the school's rules where its policy has them (rows of the tool's rules, each citing its
clause) and the national guidance where it is silent, said so in a note. The module compares the
answers with the school's figures (days in a row, days in a term, lates in a week); it holds none.
"""

from __future__ import annotations

from . import outcome
from .facts import FactMissing, lookup, own, to_date

# What make check holds the tool's YAML to: the outcomes this module gives, and the blanks it fills.
OUTCOMES = ("evidence_may_be_requested", "lateness_no_pattern", "lateness_pattern", "lateness_school_silent",
            "letter_expected", "note_may_be_asked", "notification_enough")
FIELDS = frozenset({"evidence_text", "lateness_text", "letter_expected", "letter_text", "pattern",
                    "register_text", "topic"})


def _code_clause(data, code, day):
    """The clause of the national code in force on the date, or None."""
    for entry in data["codes"]:
        if entry["code"] == code and to_date(entry["from"]) <= day and (
                not entry.get("until") or day <= to_date(entry["until"])):
            return entry["clause"]
    return None


def _guidance_applies(data, school, day) -> bool:
    """Whether the DfE guidance's later chapters apply: not to a school recorded as independent."""
    kind = own(data, school, "school.type", day)
    return kind is None or kind.value != "independent"


def _guidance_clauses(data, school, day) -> list[str]:
    """The clauses that say the guidance's later chapters do not apply (the school's type, the scope)."""
    found = [own(data, school, "school.type", day)]
    try:
        found.append(lookup(data, None, "guidance.independent_school_chapters", day))
    except FactMissing:
        pass
    return [fact.clause for fact in found if fact is not None]


def _evidence(answers, data, school, day, tool, fields, clauses, notes, audience):
    rules = tool["rules"]
    name = data["documents"][school]["organisation"]
    rows = rules["evidence"].get(school)
    guidance_applies = _guidance_applies(data, school, day)
    if rows is None:
        rows = rules["evidence"]["national"]
        notes.append(outcome.fill(rules["texts"]["silent_evidence"], {"school": name}))
        if not guidance_applies:
            notes.append(outcome.fill(rules["texts"]["independent"], {"school": name}))
            clauses.extend(_guidance_clauses(data, school, day))
    elif answers["genuine_doubt"] and guidance_applies:
        rows = rows + rules["evidence"]["national"]
    for row in rows:
        clauses.append(row["clause"])
    fields["evidence_text"] = " ".join(row["text"] for row in rows)

    letter = rules["letter"].get(school)
    fields["letter_text"] = ""
    expected = False
    if letter is not None:
        clauses.append(letter["clause"])
        expected = (answers["days_in_a_row"] > letter["more_than_days_in_a_row"]
                    or answers["days_this_term"] > letter["more_than_days_in_term"])
        if expected:
            fields["letter_text"] = outcome.fill(letter["text"], {
                "row_limit": letter["more_than_days_in_a_row"], "term_limit": letter["more_than_days_in_term"]}) + " "
    fields["letter_expected"] = expected
    if answers["genuine_doubt"]:
        outcome_id = "evidence_may_be_requested"
    elif expected:
        outcome_id = "letter_expected"
    elif any(row.get("note_may_be_asked") for row in rows):
        outcome_id = "note_may_be_asked"
    else:
        outcome_id = "notification_enough"
    return outcome.build(data, tool, outcome_id, fields, clauses, notes, audience)


def _lateness(answers, data, school, day, tool, fields, clauses, notes, audience):
    rules = tool["rules"]
    register = rules["register"]
    clauses.append(register["clause"])
    clauses.extend(register.get("also") or [])
    code_u = _code_clause(data, "U", day)
    if code_u:
        clauses.append(code_u)
    fields["register_text"] = register["text"]
    rule = rules["lateness"].get(school)
    if rule is None:
        fields["lateness_text"] = outcome.fill(rules["texts"]["silent_lateness"],
                                               {"school": data["documents"][school]["organisation"]})
        return outcome.build(data, tool, "lateness_school_silent", fields, clauses, notes, audience)
    clauses.append(rule["clause"])
    pattern = answers["sustained_pattern"] or (
        "per_week" in rule and answers["late_this_week"] >= rule["per_week"])
    fields["pattern"] = pattern
    fields["lateness_text"] = rule["pattern" if pattern else "no_pattern"]
    return outcome.build(data, tool, "lateness_pattern" if pattern else "lateness_no_pattern", fields, clauses,
                         notes, audience)


def decide(answers, data, *, school, on, tool, audience="staff") -> dict:
    start = to_date(tool["rules"]["in_force_from"]["from"])
    if to_date(on) < start:
        raise outcome.AnswerError("date", f"the handbook holds these rules as they stand from {outcome.date_in_words(start)}, "
                                          "when the national guidance it falls back on took effect")
    fields: dict = {"topic": answers["topic"]}
    if answers["topic"] == "illness_evidence":
        return _evidence(answers, data, school, to_date(on), tool, fields, [], [], audience)
    return _lateness(answers, data, school, to_date(on), tool, fields, [], [], audience)
