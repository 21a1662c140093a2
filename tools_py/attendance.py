"""Attendance calculator — is this pupil persistently absent, and what happens next?

The arithmetic is the only thing written here. Which codes are possible sessions, attendance or
absence comes from the national code list in force on the date; the persistent, severe and
early-warning figures, and every figure a next step names, are facts (a row of the tool's rules names
the fact its figure comes from); what a penalty notice needs is the rules ``penalty-threshold`` and
``penalty-not-at-this-school`` of ``policy_data/rules.yaml``, stated where they hold; every sentence
of the answer is the tool's data. Percentages are worked out exactly (as fractions) and only rounded
for display, so a test is never passed or failed by rounding. ``decide`` lists the steps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from . import codes as _codes
from . import outcome
from . import policy_date
from . import rules as _rules
from .answer import Answer
from .facts import Fact, FactMissing, local_authority_documents, lookup, national_documents, to_date
from .questions import value

LEVEL_OUTCOMES = {
    "none": "no_concern",
    "initial_concern": "below_initial_concern",
    "disputed": "persistent_disputed",
    "persistent": "persistently_absent",
    "severe": "severely_absent",
}
# The outcomes this module can give and the names it fills in their texts; ``make check`` holds the
# tool's YAML to them, so a renamed outcome or a misspelt {name} is an editor's message.
OUTCOMES = tuple(LEVEL_OUTCOMES.values())
FIELDS = frozenset({
    "absence_percent", "absence_sessions", "attendance_percent", "attendance_sessions", "authorised_sessions", "flow",
    "initial_concern", "initial_concern_attendance_percent", "initial_concern_detail", "initial_concern_percent",
    "late_sessions", "level", "local_authority", "next_steps", "next_steps_text", "not_counted_sessions",
    "organisation", "penalty_detail", "penalty_threshold", "period", "persistent_percent", "persistently_absent",
    "possible_sessions", "school_wording", "school_wording_detail", "severe_percent", "severely_absent", "stage",
    "threshold_from", "threshold_sessions", "threshold_weeks", "unauthorised_last_10_weeks", "unauthorised_sessions"})


@dataclass
class _Register:
    """The sessions entered, counted as the code list in force counts them."""

    totals: dict
    codes: dict  # the codes in force on the date
    decimals: int

    @property
    def possible(self) -> int:
        return self.totals["possible"]

    @property
    def attended(self) -> int:
        return self.totals["attendance"]

    @property
    def missed(self) -> int:
        return self.totals["absence"]

    @property
    def attendance_exact(self) -> Fraction:
        return _percent(self.attended, self.possible)

    def shown(self, exact: Fraction) -> float:
        return float(_rounded(exact, self.decimals))

    def attendance_below(self, figure) -> bool:
        return self.attended * 100 < _exact(figure) * self.possible

    def absence_at_least(self, figure) -> bool:
        return self.missed * 100 >= _exact(figure) * self.possible

    def codes_where(self, key, wanted) -> list[str]:
        return [code for code, entry in self.codes.items() if entry[key] == wanted]


def decide(answers, data, *, school, on, tool, audience="staff") -> dict:
    ask = Answer.begin(data, tool, school, on, audience)
    _policy_not_yet_in_force(ask)
    register = _count(ask, answers)
    answers = _ten_week_figure(ask, answers, register)
    _register_fields(ask, answers, register)
    persistent, severe, disputed = _definitions(ask, register)
    initial_concern = _initial_concern(ask, answers, register)
    level = ("severe" if severe else "disputed" if disputed else "persistent" if persistent
             else "initial_concern" if initial_concern else "none")
    ask.fields["level"] = level
    _rounding_note(ask, register.attendance_exact, register.attended, register, _thresholds(ask))
    steps = _next_steps(ask, answers, level, register)
    threshold = _penalty(ask, answers, steps)
    _period_note(ask, answers, register, threshold)
    ask.fields["next_steps"] = steps
    ask.fields["next_steps_text"] = (ask.rules["texts"].get("joiner", " ").join(step["text"] for step in steps)
                                     if steps else ask.rules["texts"]["no_steps"])
    answer = ask.build(LEVEL_OUTCOMES[level])
    answer["text"] = " ".join(answer["text"].split())  # an empty detail leaves no double space
    return answer


# -- the register ---------------------------------------------------------------------------

def _count(ask, answers) -> _Register:
    """The sessions by how the national code list counts them; none possible is an answer error."""
    codes = _codes.in_force(ask.data, ask.day)
    register = _Register(_tally(answers["sessions"], codes), codes, int(ask.rules["texts"].get("decimals", 1)))
    if register.possible == 0:
        raise outcome.AnswerError("sessions", _message(ask, "no_possible_sessions", {
            "codes": ", ".join(register.codes_where("possible_session", False))}))
    if register.attended == 0:  # absence codes alone: 0% is right only if the pupil attended nothing; say so
        ask.note(_message(ask, "no_attendance_sessions", {"codes": ", ".join(
            code for code, entry in codes.items() if entry["possible_session"] and entry["counts_as"] == "attendance")}))
    return register


def _tally(sessions: dict, codes: dict) -> dict:
    """Sessions by how the national code list counts them."""
    totals = {"possible": 0, "attendance": 0, "absence": 0, "authorised": 0, "unauthorised": 0, "not_counted": 0}
    for code, count in sessions.items():
        entry = codes.get(code)
        if entry is None:
            raise outcome.AnswerError("sessions", f"'{code}' is not an attendance code in force on this date")
        if not entry["possible_session"]:
            totals["not_counted"] += count
            continue
        totals["possible"] += count
        if entry["counts_as"] in ("attendance", "absence"):
            totals[entry["counts_as"]] += count
        if entry["category"] in ("authorised_absence", "unauthorised_absence"):
            totals[entry["category"].split("_")[0]] += count
    return totals


def _ten_week_figure(ask, answers, register) -> dict:
    """The unauthorised sessions of the last school weeks: the window itself when that is the period
    entered; never more than the period holds when the period covers the window."""
    if answers["period"] == "last_10_weeks":
        return {**answers, "unauthorised_last_10_weeks": register.totals["unauthorised"]}
    given = answers.get("unauthorised_last_10_weeks")
    if given is not None and answers.get("ten_weeks") == "within_period" and given > register.totals["unauthorised"]:
        raise outcome.AnswerError("unauthorised_last_10_weeks", _message(ask, "more_than_recorded", {
            "given": given, "recorded": register.totals["unauthorised"],
            "codes": ", ".join(register.codes_where("category", "unauthorised_absence"))}))
    return answers


def _register_fields(ask, answers, register) -> None:
    totals = register.totals
    ask.fields.update({
        "organisation": ask.school_name, "period": answers["period"], "stage": answers["stage"],
        "possible_sessions": register.possible, "attendance_sessions": register.attended,
        "absence_sessions": register.missed, "authorised_sessions": totals["authorised"],
        "unauthorised_sessions": totals["unauthorised"], "not_counted_sessions": totals["not_counted"],
        "attendance_percent": register.shown(register.attendance_exact),
        "absence_percent": register.shown(_percent(register.missed, register.possible)),
    })


# -- persistent and severe absence -------------------------------------------------------------

def _definitions(ask, register) -> tuple[bool, bool, bool]:
    """The national definitions; where the school words them itself, its words are cited and shown
    where they give another answer. Returns (persistent, severe, disputed)."""
    definitions = (ask.rules.get("definitions") or {}).get(ask.school) or {}
    persistent_rows, severe_rows = definitions.get("persistent") or [], definitions.get("severe") or []
    data, school, day, texts = ask.data, ask.school, ask.day, ask.rules["texts"]
    persistent_percent = value(data, school, "absence.persistent_percent", day, None if persistent_rows else ask.notes, ask.clauses)
    ask.cite(*(row["clause"] for row in persistent_rows))
    severe_percent = value(data, school, "absence.severe_percent", day, None, None)
    persistent, severe = register.absence_at_least(persistent_percent), register.absence_at_least(severe_percent)
    if severe:
        value(data, school, "absence.severe_percent", day, None if severe_rows else ask.notes, ask.clauses)
        ask.cite(*(row["clause"] for row in severe_rows))
    ask.fields.update({"persistent_percent": persistent_percent, "severe_percent": severe_percent,
                       "persistently_absent": persistent, "severely_absent": severe})

    wording, rows_text = _wording(ask, persistent_rows, register)
    ask.fields["school_wording"] = wording
    disputed = persistent and not severe and any(not item["met"] for item in wording)
    if disputed:  # both readings are shown, so both are cited, the national one included
        ask.cite(lookup(data, None, "absence.persistent_percent", day).clause)
    if not persistent and any(item["met"] for item in wording):
        ask.note(_text(texts["wording_note"], {"organisation": ask.school_name, "what": "persistent", "rows": rows_text}))
    severe_wording, severe_text = _wording(ask, severe_rows, register)
    if any(item["met"] != severe for item in severe_wording):
        ask.note(_text(texts["wording_note"], {"organisation": ask.school_name, "what": "severe", "rows": severe_text}))
        ask.cite(*(item["clause"] for item in severe_wording))
    ask.fields["school_wording_detail"] = _text(texts["disputed"], {
        "organisation": ask.school_name, "rows": rows_text,
        "attendance_percent": ask.fields["attendance_percent"]}) if disputed else ""
    return persistent, severe, disputed


def _wording(ask, rows, register) -> tuple[list[dict], str]:
    """The school's own words for a definition, each with whether this pupil meets it."""
    checked = [{"words": row["words"], "clause": row["clause"], "met": _row_met(ask, row, register)} for row in rows]
    texts = ask.rules["texts"]
    shown = "; ".join(outcome.fill(texts["wording_row"], {
        "words": item["words"], "label": ask.clause_label(item["clause"]),
        "met": texts["met"] if item["met"] else texts["not_met"]}) for item in checked)
    return checked, shown


def _row_met(ask, row, register) -> bool:
    if "absence_at_least" in row:
        return register.absence_at_least(_figure(ask, row["absence_at_least"]).value)
    return register.attendance_below(_figure(ask, row["attendance_below"]).value)


# -- the local authority's early warning -----------------------------------------------------------

def _initial_concern(ask, answers, register) -> bool | None:
    """The local authority's own early-warning line (Dorset: below 95% including lates), if it has
    one: late marks counted as not attended, as its flow chart words it."""
    found = [(doc_id, (ask.rules.get("initial_concern") or {})[doc_id]) for doc_id in local_authority_documents(ask.data, ask.school)
             if doc_id in (ask.rules.get("initial_concern") or {})]
    if not found:
        ask.fields.update({"initial_concern": None, "initial_concern_detail": ""})
        return None
    authority, rule = found[0]
    texts = ask.rules["texts"]
    below = _figure(ask, rule["attendance_below"])
    late_codes = [code for code in rule["late_codes"]["codes"] if code in register.codes]
    late = sum(count for code, count in answers["sessions"].items() if code in late_codes)
    on_time = register.attended - late
    exact = _percent(on_time, register.possible)
    concern = on_time * 100 < _exact(below.value) * register.possible
    detail = {"local_authority": ask.data["documents"][authority]["organisation"], "flow": rule["flow"],
              "words": rule["words"], "late_codes": ", ".join(late_codes), "initial_concern_percent": below.value,
              "initial_concern_attendance_percent": register.shown(exact),
              "attendance_percent": ask.fields["attendance_percent"]}
    ask.fields.update({key: detail[key] for key in ("local_authority", "flow", "initial_concern_percent",
                                                    "initial_concern_attendance_percent")})
    ask.fields.update({"late_sessions": late, "initial_concern": concern,
                       "initial_concern_detail": _text(texts["initial_concern_clear"], detail)})
    if late:
        ask.note(_text(texts["lates_note"], detail))
    ask.cite(rule["clause"], below.clause)
    _rounding_note(ask, exact, on_time, register, {_exact(below.value)})
    return concern


# -- notes on the figures -------------------------------------------------------------------------

def _thresholds(ask) -> set:
    """Every attendance figure the answer tests against, so a figure shown rounded onto one is explained."""
    found = {100 - _exact(ask.fields["persistent_percent"]), 100 - _exact(ask.fields["severe_percent"])}
    definitions = (ask.rules.get("definitions") or {}).get(ask.school) or {}
    school_steps = ((ask.rules.get("steps") or {}).get("schools") or {}).get(ask.school) or []
    for row in (definitions.get("persistent") or []) + school_steps:
        if "attendance_below" in row:
            found.add(_exact(_figure(ask, row["attendance_below"]).value))
    for doc_id in local_authority_documents(ask.data, ask.school):
        rule = (ask.rules.get("initial_concern") or {}).get(doc_id)
        if rule:
            found.add(_exact(_figure(ask, rule["attendance_below"]).value))
    return found


def _rounding_note(ask, exact, attended, register, thresholds) -> None:
    """Where the figure shown is rounded onto a threshold it is really above or below: say so."""
    shown = _rounded(exact, register.decimals)
    if shown in thresholds and exact != shown:
        ask.note(_text(ask.rules["texts"]["rounding_note"], {
            "shown": f"{float(shown):.{register.decimals}f}", "attended": attended, "possible": register.possible,
            "relation": ask.rules["texts"]["below" if exact < shown else "above"]}))


def _period_note(ask, answers, register, threshold) -> None:
    """A half-term, or the rolling window, is not the school year the definitions describe."""
    texts = ask.rules["texts"]
    if answers["period"] == "half_term":
        fortnight = ask.national("absence.persistent_days_per_fortnight")
        ask.note(_text(texts["half_term_note"], {"fortnight_days": fortnight.value if fortnight else None}))
    elif answers["period"] == "last_10_weeks" and threshold is not None:
        ask.note(_text(texts["window_note"], {"threshold_weeks": threshold.values["weeks"],
                                              "codes": ", ".join(register.codes_where("category", "unauthorised_absence"))}))
    elif answers["period"] == "last_10_weeks":
        ask.note(_text(texts["window_note_no_threshold"], {}))


def _policy_not_yet_in_force(ask) -> None:
    start = policy_date.starts_after(ask.data, ask.school, ask.day)
    if start:
        ask.note(outcome.fill(ask.rules["texts"]["before_policy"], {"school": ask.school_name, "start": start}))


# -- the next steps ---------------------------------------------------------------------------------

def _next_steps(ask, answers, level, register) -> list[dict]:
    """The school's own next steps, then its local authority's flow."""
    step_rules = ask.rules.get("steps") or {}
    groups = [(step_rules.get("schools") or {}).get(ask.school) or []]
    groups += [(step_rules.get("local_authorities") or {}).get(doc_id) or []
               for doc_id in local_authority_documents(ask.data, ask.school)]
    steps: list[dict] = []
    for rows in groups:
        _take_rows(ask, [row for row in rows if _row_applies(ask, row, level, answers, register)], steps)
    return steps


def _row_applies(ask, row, level, answers, register) -> bool:
    if level not in row["levels"]:
        return False
    if "stages" in row and answers["stage"] not in row["stages"]:
        return False
    if "periods" in row and answers["period"] not in row["periods"]:
        return False
    return "attendance_below" not in row or register.attendance_below(_figure(ask, row["attendance_below"]).value)


def _take_rows(ask, rows, steps) -> None:
    """Each row's text, its figures filled from the facts it names, with the clauses it rests on."""
    for row in rows:
        figures = {name: _figure(ask, key) for name, key in (row.get("values") or {}).items()}
        if "attendance_below" in row:
            figures["attendance_below"] = _figure(ask, row["attendance_below"])
        clauses = ([row["clause"]] if row.get("clause") else []) + list(row.get("clauses") or [])
        clauses += [fact.clause for fact in figures.values() if fact.clause not in clauses]
        steps.append({"text": _text(row["text"], {name: _plain(fact.value) for name, fact in figures.items()}),
                      "clauses": clauses})
        ask.cite(*clauses)


# -- the penalty-notice threshold -------------------------------------------------------------------

def _penalty(ask, answers, steps):
    """The penalty-notice line, from the rules of policy_data/rules.yaml that hold for the school and
    date: that penalty notices do not reach this kind of school, or the threshold (none before it took
    effect) with this pupil's figure beside it. Returns the threshold statement where it holds."""
    texts = ask.rules["texts"]["penalty_parents" if ask.audience == "parents" else "penalty"]
    given = answers.get("unauthorised_last_10_weeks")
    ask.fields.update({"unauthorised_last_10_weeks": given, "threshold_sessions": None, "threshold_weeks": None,
                       "threshold_from": None})
    not_here = _statement(ask, "penalty-not-at-this-school")
    threshold = None if not_here else _statement(ask, "penalty-threshold")
    if not_here:
        kind, said = "not_covered", not_here
    elif threshold is None:
        kind, said = "not_applicable", None
        _threshold_starts(ask)
    elif given is None:
        kind, said = "not_given", None
        ask.fields["threshold_weeks"] = threshold.values["weeks"]
    else:
        kind = "met" if given >= threshold.values["threshold"] else "not_met"
        said = threshold
        _threshold_figures(ask, threshold)
    if said is not None:
        ask.stated.append(said)
    ask.fields["penalty_threshold"] = kind
    ask.fields["penalty_detail"] = _text(texts[kind], {**ask.fields, "rule": said.text if said else ""})
    if kind == "met":
        _take_rows(ask, _penalty_rows(ask), steps)
    return threshold


def _statement(ask, rule_id):
    """The rule as this answer states it, or None where it does not hold for the school and date."""
    if not _rules.applies(ask.data, rule_id, school=ask.school, on=ask.day, audience=ask.audience):
        return None
    return _rules.state(ask.data, rule_id, school=ask.school, on=ask.day, audience=ask.audience)


def _threshold_starts(ask) -> None:
    """No threshold on the date: from when there is one (a kind of school the handbook does not
    record is an answer error, as in the penalty-notice tool)."""
    if ask.national("penalty_notice.threshold_sessions") is not None:
        raise outcome.AnswerError("school", "the handbook does not record which kind of school this is")
    first = _first_dated(ask.data, "penalty_notice.threshold_sessions")
    if first is not None:
        ask.fields["threshold_from"] = outcome.date_in_words(to_date(first["from"]))
        ask.cite(first["clause"])


def _threshold_figures(ask, threshold) -> None:
    """The threshold's figures as fields; the school's own statement of them is cited, and its
    silence noted."""
    value(ask.data, ask.school, "penalty_notice.threshold_sessions", ask.day, ask.notes, ask.clauses)
    value(ask.data, ask.school, "penalty_notice.threshold_school_weeks", ask.day, None, ask.clauses)
    ask.cite(*threshold.clauses)
    ask.fields.update({"threshold_sessions": threshold.values["threshold"], "threshold_weeks": threshold.values["weeks"]})


def _penalty_rows(ask) -> list:
    """What follows the threshold beyond the national rule: the school's rows, then its authority's."""
    rows = list(((ask.rules.get("penalty_steps") or {}).get("schools") or {}).get(ask.school) or [])
    for doc_id in local_authority_documents(ask.data, ask.school):
        rows += ((ask.rules.get("penalty_steps") or {}).get("local_authorities") or {}).get(doc_id) or []
    return rows


def _first_dated(data, key):
    """The earliest dated national entry of a fact (to say from when a rule applies)."""
    starts = [entry for doc_id in national_documents(data)
              for entry in ((data["documents"][doc_id].get("facts") or {}).get(key) or [])
              if isinstance(entry, dict) and "from" in entry]
    return min(starts, key=lambda entry: to_date(entry["from"])) if starts else None


# -- small helpers ----------------------------------------------------------------------------------

def _figure(ask, key) -> Fact:
    """The fact a row's figure comes from, for the school on the date (its own, its local authority's,
    else national)."""
    try:
        return lookup(ask.data, ask.school, key, ask.day)
    except FactMissing as missing:
        raise outcome.AnswerError("date", f"the handbook has no rule for this date ({missing})") from None


def _text(template, fields) -> str:
    return outcome.fill(" ".join(template.split()), fields)


def _message(ask, key, fields) -> str:
    return _text(ask.rules["messages"][key], fields)


def _exact(raw) -> Fraction:
    """A figure from the data, exactly (10, 90, 95 or 12.5 alike)."""
    return Fraction(str(raw))


def _percent(part: int, whole: int) -> Fraction:
    return Fraction(100 * part, whole)


def _rounded(exact: Fraction, decimals: int) -> Fraction:
    """Rounded for display only: halves rounded up (89.95 -> 90.0)."""
    scale = 10 ** decimals
    return Fraction(math.floor(exact * scale + Fraction(1, 2)), scale)


def _plain(number) -> str:
    number = float(number)
    return str(int(number)) if number == int(number) else str(number)
