"""Evidence and lateness — when a letter or evidence of illness can be asked for, and what follows lateness.

Both are the school's rules where its policy has them (rows of the tool's rules, each citing its
clause) and the national guidance where it is silent, said so in a note. The module compares the
answers with the school's figures (days in a row, days in a term, lates in a week); it holds none.

How a session is coded (an illness, a late arrival before or after the register closes, with or
without an accepted reason) is *Which code?*'s rule: this tool asks that tool (``api.ask``) and retells
its answers, so the two can never give different codes for the same session.
"""

from __future__ import annotations

from . import api, outcome
from . import rules as _rules
from .facts import FactMissing, lookup, own, to_date

# What make check holds the tool's YAML to: the outcomes this module gives, and the blanks it fills.
OUTCOMES = ("evidence_may_be_requested", "evidence_policy_silent", "lateness_no_pattern", "lateness_pattern",
            "lateness_school_silent", "letter_expected", "note_may_be_asked", "notification_enough")
FIELDS = frozenset({"after_close_text", "before_close_text", "evidence_text", "illness_accepted_code",
                    "illness_accepted_text", "illness_not_accepted_code", "illness_not_accepted_text", "late_codes",
                    "late_reasons_text", "lateness_text", "letter_expected", "letter_text", "national_text", "pattern",
                    "penalty_text", "register_closes", "register_closes_text", "silent_text", "topic"})
SESSIONS = ("am", "pm")


def _which_code(data, school, day, answers) -> dict:
    return api.ask("which_code", school, day.isoformat(), answers, data=data)


def _retold(texts, answer, clauses) -> str:
    """*Which code?*'s answer in one sentence (its title, verdict and counting), its sources cited here too."""
    clauses.extend(citation["clause"] for citation in answer["citations"])
    return outcome.fill(texts["recorded"], {"title": answer["title"], "verdict": answer["verdict"],
                                            "counts": answer["fields"]["counts"]})


def _guidance_applies(data, school, day) -> bool:
    """Whether the DfE guidance's later chapters apply: not to a school recorded as independent."""
    kind = own(data, school, "school.type", day)
    return kind is None or kind.value != "independent"


def _not_for_this_school(data, school, day, clauses, notes) -> None:
    """Cite why the guidance's later chapters do not apply here (the school's type, the guidance's scope)."""
    kind = own(data, school, "school.type", day)
    clauses.append(kind.clause)
    if not kind.clause and kind.note:  # a kind no clause states: say who recorded it
        notes.append(kind.note)
    try:
        clauses.append(lookup(data, None, "guidance.independent_school_chapters", day).clause)
    except FactMissing:
        pass


def _letter(answers, rules, school, fields, clauses) -> bool:
    """The school's rule that a parent's letter is expected after so many days; whether it is met."""
    letter = rules["letter"].get(school)
    if letter is None:
        return False
    clauses.append(letter["clause"])
    expected = (answers["days_in_a_row"] > letter["more_than_days_in_a_row"]
                or answers["days_this_term"] > letter["more_than_days_in_term"])
    if expected:
        fields["letter_text"] = outcome.fill(letter["text"], {"row_limit": letter["more_than_days_in_a_row"],
                                                              "term_limit": letter["more_than_days_in_term"]})
    return expected


def _evidence_rows(answers, data, school, day, tool, fields, clauses, notes) -> list:
    """The school's own rows on notes and evidence; where it has none, the national guidance's, said so
    (and, at a school the guidance's later chapters do not reach, shown for reference only)."""
    rules, texts = tool["rules"], tool["rules"]["texts"]
    name = data["documents"][school]["organisation"]
    rows, national = rules["evidence"].get(school), rules["evidence"]["national"]
    applies = _guidance_applies(data, school, day)
    clauses.extend(row["clause"] for row in rows or national)
    if rows is None and applies:
        notes.append(outcome.fill(texts["silent_evidence"], {"school": name}))
    elif rows is None:
        fields["silent_text"] = " ".join(outcome.fill(texts[key], {"school": name})
                                         for key in ("silent_evidence_independent", "independent"))
        _not_for_this_school(data, school, day, clauses, notes)
    elif answers["genuine_doubt"] and applies:
        fields["national_text"] = " ".join(row["text"] for row in national)
        clauses.extend(row["clause"] for row in national)
    fields["evidence_text"] = " ".join(row["text"] for row in rows or national)
    return rows or national


def _evidence(answers, data, school, day, tool, fields, clauses, notes) -> str:
    """What the school may ask for (its rows), the letter it expects, and how the absence is coded."""
    rules = tool["rules"]
    rows = _evidence_rows(answers, data, school, day, tool, fields, clauses, notes)
    expected = fields["letter_expected"] = _letter(answers, rules, school, fields, clauses)
    for which in ("illness_accepted", "illness_not_accepted"):
        answer = _which_code(data, school, day, rules["which_code"][which])
        fields[f"{which}_code"] = answer["fields"]["code"]
        fields[f"{which}_text"] = _retold(rules["texts"], answer, clauses)
    if "silent_text" in fields:
        return "evidence_policy_silent"
    if answers["genuine_doubt"] and any(row.get("only_on_doubt") for row in rows):
        return "evidence_may_be_requested"
    if expected:
        return "letter_expected"
    return "note_may_be_asked" if any(row.get("note_may_be_asked") for row in rows) else "notification_enough"


def _asks_the_time(data, school, day, tool) -> bool:
    """Whether *Which code?* asks this school's staff the arrival time (it holds the register times) or
    only whether the register had closed."""
    shown = api.handle({"op": "form", "tool": "which_code", "school": school, "date": day.isoformat(),
                        "answers": {**tool["rules"]["which_code"]["late_arrival"], "session": SESSIONS[0]}}, data)
    return "arrival_time" in {question["id"] for question in shown["form"]["questions"]}


def _late_arrival(data, school, day, tool, timed, session, before, reason=None) -> dict:
    """*Which code?*'s answer for a late arrival in the session, just before or just after the register
    closed: at the time the register is taken or closes where it asks the time, else by its yes/no."""
    answers = {**tool["rules"]["which_code"]["late_arrival"], "session": session}
    if timed:
        answers["arrival_time"] = lookup(data, school, f"registers.{session}.{'taken' if before else 'closes'}",
                                         day).value
    else:
        answers["before_close"] = before
    return _which_code(data, school, day, {**answers, **({"late_reason": reason} if reason else {})})


def _late_arrivals(data, school, day, tool, fields, clauses, notes):
    """How each late arrival is coded at this school, session by session, as *Which code?* codes it."""
    texts = tool["rules"]["texts"]
    reasons = next(q for q in data["tools"]["which_code"]["questions"] if q["id"] == "late_reason")["choices"]
    timed = _asks_the_time(data, school, day, tool)
    codes, closes = {}, {}
    for session in SESSIONS:
        before, after = (_late_arrival(data, school, day, tool, timed, session, flag) for flag in (True, False))
        with_reason = [(choice, _late_arrival(data, school, day, tool, timed, session, False, choice["value"]))
                       for choice in reasons]
        with_reason = [(choice, answer) for choice, answer in with_reason
                       if answer["fields"]["code"] != after["fields"]["code"]]
        codes[session] = {"before_close": before["fields"]["code"], "after_close": after["fields"]["code"],
                          "reasons": {choice["value"]: answer["fields"]["code"] for choice, answer in with_reason}}
        closes[session] = after["fields"].get("register_closes")
        if session == SESSIONS[0]:
            notes.extend(before["notes"])
            fields["before_close_text"] = _retold(texts, before, clauses)
            fields["after_close_text"] = _retold(texts, after, clauses)
            fields["late_reasons_text"] = " ".join(
                outcome.fill(texts["late_reason"], {"reason": choice["label"],
                                                    "recorded": _retold(texts, answer, clauses)})
                for choice, answer in with_reason)
    fields.update({"late_codes": codes, "register_closes": closes})
    fields["register_closes_text"] = outcome.fill(texts["register_closes"], closes) if all(closes.values()) else ""


def _lateness(answers, data, school, day, tool, fields, clauses, notes):
    """The school's rule on repeated lateness (its row), and how each late arrival is coded."""
    _late_arrivals(data, school, day, tool, fields, clauses, notes)
    rule = tool["rules"]["lateness"].get(school)
    if rule is None:
        fields["lateness_text"] = outcome.fill(tool["rules"]["texts"]["silent_lateness"],
                                               {"school": data["documents"][school]["organisation"]})
        return "lateness_school_silent", []
    clauses[:0] = [rule["clause"], *(rule.get("also") or [])]
    stated = [_rules.state(data, rule_id, school=school, on=day) for rule_id in rule.get("states") or []
              if _rules.applies(data, rule_id, school=school, on=day)]
    fields["penalty_text"] = " ".join(statement.text for statement in stated)
    fields["pattern"] = answers["sustained_pattern"] or (
        "per_week" in rule and answers["late_this_week"] >= rule["per_week"])
    fields["lateness_text"] = rule["pattern" if fields["pattern"] else "no_pattern"]
    return ("lateness_pattern" if fields["pattern"] else "lateness_no_pattern"), stated


def decide(answers, data, *, school, on, tool, audience="staff") -> dict:
    day, start = to_date(on), to_date(tool["rules"]["in_force_from"]["from"])
    if day < start:
        raise outcome.AnswerError("date", f"the handbook holds these rules as they stand from {outcome.date_in_words(start)}, "
                                          "when the national guidance it falls back on took effect")
    fields: dict = {"topic": answers["topic"]}
    clauses: list[str] = []
    notes: list[str] = []
    if answers["topic"] == "illness_evidence":
        outcome_id, stated = _evidence(answers, data, school, day, tool, fields, clauses, notes), []
    else:
        outcome_id, stated = _lateness(answers, data, school, day, tool, fields, clauses, notes)
    return outcome.build(data, tool, outcome_id, fields, clauses, notes, audience, stated)
