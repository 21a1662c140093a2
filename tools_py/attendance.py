"""Attendance calculator — is this pupil persistently absent, and what happens next?

The arithmetic is the only thing written here. Which codes are possible sessions, attendance or
absence comes from the national code list in force on the date; the persistent, severe and
penalty-notice thresholds are facts; each school's own wording, its local authority's early-warning
threshold, the next steps and every sentence of the answer are the tool's rules (data). Percentages
are worked out exactly (as fractions) and only rounded for display, so a test is never passed or
failed by rounding.
"""

from __future__ import annotations

import math
from fractions import Fraction

from . import outcome
from .facts import FactMissing, local_authority_documents, lookup, national_documents, to_date
from .school_type import coverage, kind_words
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
FIELDS = frozenset({"kind", "school", 
    "absence_percent", "absence_sessions", "attendance_percent", "attendance_sessions", "authorised_sessions", "flow",
    "initial_concern", "initial_concern_attendance_percent", "initial_concern_detail", "initial_concern_percent",
    "late_sessions", "level", "local_authority", "next_steps", "next_steps_text", "not_counted_sessions",
    "organisation", "penalty_detail", "penalty_threshold", "period", "persistent_percent", "persistently_absent",
    "possible_sessions", "school_wording", "school_wording_detail", "severe_percent", "severely_absent", "stage",
    "threshold_from", "threshold_sessions", "threshold_weeks", "unauthorised_last_10_weeks", "unauthorised_sessions"})


def _codes_in_force(data, on) -> dict:
    day = to_date(on)
    return {entry["code"]: entry for entry in data["codes"]
            if to_date(entry["from"]) <= day and (not entry.get("until") or day <= to_date(entry["until"]))}


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
        if entry["counts_as"] == "attendance":
            totals["attendance"] += count
        elif entry["counts_as"] == "absence":
            totals["absence"] += count
        if entry["category"] == "authorised_absence":
            totals["authorised"] += count
        elif entry["category"] == "unauthorised_absence":
            totals["unauthorised"] += count
    return totals


def _number(raw) -> Fraction:
    """A threshold from the data, exactly (10, 90, 95 or 12.5 alike)."""
    return Fraction(str(raw))


def _percent(part: int, whole: int) -> Fraction:
    return Fraction(100 * part, whole)


def _rounded(exact: Fraction, decimals: int) -> Fraction:
    """Rounded for display only: halves rounded up (89.95 -> 90.0)."""
    scale = 10 ** decimals
    return Fraction(math.floor(exact * scale + Fraction(1, 2)), scale)


def _shown(exact: Fraction, decimals: int) -> float:
    return float(_rounded(exact, decimals))


def _plain(number) -> str:
    number = float(number)
    return str(int(number)) if number == int(number) else str(number)


def _row_met(row: dict, attended: int, missed: int, possible: int) -> bool:
    if "absence_at_least" in row:
        return missed * 100 >= _number(row["absence_at_least"]) * possible
    return attended * 100 < _number(row["attendance_below"]) * possible


def _wording(data, texts, rows, attended, missed, possible) -> tuple[list[dict], str]:
    checked = [{"words": row["words"], "clause": row["clause"], "met": _row_met(row, attended, missed, possible)}
               for row in rows]
    shown = "; ".join(outcome.fill(texts["wording_row"], {
        "words": item["words"], "label": data["clauses"][item["clause"]]["label"],
        "met": texts["met"] if item["met"] else texts["not_met"]}) for item in checked)
    return checked, shown


def _row_applies(row, level, answers, attended, possible) -> bool:
    if level not in row["levels"]:
        return False
    if "stages" in row and answers["stage"] not in row["stages"]:
        return False
    if "periods" in row and answers["period"] not in row["periods"]:
        return False
    if "attendance_below" in row and not attended * 100 < _number(row["attendance_below"]) * possible:
        return False
    return True


def _row_clauses(row) -> list[str]:
    return ([row["clause"]] if row.get("clause") else []) + list(row.get("clauses") or [])


def _take_rows(rows, steps, clauses):
    for row in rows:
        fields = {"attendance_below": _plain(row["attendance_below"])} if "attendance_below" in row else {}
        text = outcome.fill(" ".join(row["text"].split()), fields)
        steps.append({"text": text, "clauses": _row_clauses(row)})
        clauses.extend(_row_clauses(row))


def _national_threshold(data, key, on):
    """The national value in force on the date, or None with the date it started."""
    try:
        return lookup(data, None, key, on), None
    except FactMissing:
        starts = [entry for doc_id in national_documents(data)
                  for entry in ((data["documents"][doc_id].get("facts") or {}).get(key) or [])
                  if isinstance(entry, dict) and "from" in entry]
        first = min(starts, key=lambda entry: to_date(entry["from"])) if starts else None
        return None, first


def decide(answers, data, *, school, on, tool, audience="staff") -> dict:
    rules = tool["rules"]
    texts = rules["texts"]
    messages = rules["messages"]
    notes: list[str] = []
    clauses: list[str] = []
    organisation = data["documents"][school]["organisation"]
    authorities = local_authority_documents(data, school)

    codes = _codes_in_force(data, on)
    totals = _tally(answers["sessions"], codes)
    possible, attended, missed = totals["possible"], totals["attendance"], totals["absence"]
    if possible == 0:
        not_counted = ", ".join(code for code, entry in codes.items() if not entry["possible_session"])
        raise outcome.AnswerError("sessions", outcome.fill(" ".join(messages["no_possible_sessions"].split()),
                                                           {"codes": not_counted}))
    unauthorised_codes = ", ".join(code for code, entry in codes.items() if entry["category"] == "unauthorised_absence")
    if attended == 0:  # absence codes alone: 0% is right only if the pupil attended nothing; say so
        attending = ", ".join(code for code, entry in codes.items()
                              if entry["possible_session"] and entry["counts_as"] == "attendance")
        notes.append(outcome.fill(" ".join(messages["no_attendance_sessions"].split()), {"codes": attending}))
    if answers["period"] == "last_10_weeks":
        # The sessions entered are the rolling window itself: its unauthorised sessions are the figure.
        answers = {**answers, "unauthorised_last_10_weeks": totals["unauthorised"]}
    given = answers.get("unauthorised_last_10_weeks")
    if given is not None and answers.get("ten_weeks") == "within_period" and given > totals["unauthorised"]:
        raise outcome.AnswerError("unauthorised_last_10_weeks", outcome.fill(
            " ".join(messages["more_than_recorded"].split()),
            {"given": given, "recorded": totals["unauthorised"], "codes": unauthorised_codes}))

    decimals = int(texts.get("decimals", 1))
    attendance_exact = _percent(attended, possible)
    absence_exact = _percent(missed, possible)
    attendance_shown = _shown(attendance_exact, decimals)
    absence_shown = _shown(absence_exact, decimals)

    # The national definitions; where the school words them itself, cite its words instead of a note.
    definitions = (rules.get("definitions") or {}).get(school) or {}
    persistent_rows = definitions.get("persistent") or []
    severe_rows = definitions.get("severe") or []
    persistent_percent = value(data, school, "absence.persistent_percent", on,
                               None if persistent_rows else notes, clauses)
    clauses.extend(row["clause"] for row in persistent_rows)
    severe_percent = value(data, school, "absence.severe_percent", on, None, None)
    persistent = missed * 100 >= _number(persistent_percent) * possible
    severe = missed * 100 >= _number(severe_percent) * possible
    if severe:
        severe_percent = value(data, school, "absence.severe_percent", on, None if severe_rows else notes, clauses)
        clauses.extend(row["clause"] for row in severe_rows)

    fields: dict = {
        "organisation": organisation,
        "period": answers["period"],
        "stage": answers["stage"],
        "possible_sessions": possible,
        "attendance_sessions": attended,
        "absence_sessions": missed,
        "authorised_sessions": totals["authorised"],
        "unauthorised_sessions": totals["unauthorised"],
        "not_counted_sessions": totals["not_counted"],
        "attendance_percent": attendance_shown,
        "absence_percent": absence_shown,
        "persistent_percent": persistent_percent,
        "severe_percent": severe_percent,
        "persistently_absent": persistent,
        "severely_absent": severe,
    }

    # The school's own wording, where it has some.
    school_wording, rows_text = _wording(data, texts, persistent_rows, attended, missed, possible)
    fields["school_wording"] = school_wording
    disputed = persistent and not severe and any(not item["met"] for item in school_wording)
    if disputed:  # both readings are shown, so both are cited, the national one included
        clauses.append(lookup(data, None, "absence.persistent_percent", on).clause)
    if not persistent and any(item["met"] for item in school_wording):
        notes.append(outcome.fill(texts["wording_note"], {"organisation": organisation, "what": "persistent",
                                                          "rows": rows_text}))
    severe_wording, severe_text = _wording(data, texts, severe_rows, attended, missed, possible)
    if any(item["met"] != severe for item in severe_wording):
        notes.append(outcome.fill(texts["wording_note"], {"organisation": organisation, "what": "severe",
                                                          "rows": severe_text}))
        clauses.extend(item["clause"] for item in severe_wording)
    fields["school_wording_detail"] = (outcome.fill(" ".join(texts["disputed"].split()), {
        "organisation": organisation, "rows": rows_text, "attendance_percent": attendance_shown})
        if disputed else "")

    # The local authority's early-warning threshold (Dorset: below 95% including lates).
    initial_rule, authority = None, None
    for doc_id in authorities:
        if doc_id in (rules.get("initial_concern") or {}):
            initial_rule, authority = rules["initial_concern"][doc_id], doc_id
            break
    initial_concern = None
    thresholds = {_number(100) - _number(persistent_percent), _number(100) - _number(severe_percent)}
    thresholds.update(_number(row["attendance_below"]) for row in persistent_rows if "attendance_below" in row)
    if initial_rule:
        late_codes = [code for code in initial_rule["late_codes"]["codes"] if code in codes]
        late = sum(count for code, count in answers["sessions"].items() if code in late_codes)
        on_time = attended - late
        initial_exact = _percent(on_time, possible)
        below = _number(initial_rule["attendance_below"])
        initial_concern = on_time * 100 < below * possible
        thresholds.add(below)
        detail = {
            "local_authority": data["documents"][authority]["organisation"],
            "flow": initial_rule["flow"],
            "words": initial_rule["words"],
            "late_codes": ", ".join(late_codes),
            "initial_concern_percent": initial_rule["attendance_below"],
            "initial_concern_attendance_percent": _shown(initial_exact, decimals),
            "attendance_percent": attendance_shown,
        }
        fields.update({key: detail[key] for key in ("local_authority", "flow", "initial_concern_percent",
                                                    "initial_concern_attendance_percent")})
        fields["late_sessions"] = late
        fields["initial_concern"] = initial_concern
        fields["initial_concern_detail"] = outcome.fill(" ".join(texts["initial_concern_clear"].split()), detail)
        if late:
            notes.append(outcome.fill(" ".join(texts["lates_note"].split()), detail))
        clauses.append(initial_rule["clause"])
        if _rounded(initial_exact, decimals) == below and initial_exact != below:
            notes.append(_rounding_note(texts, initial_exact, below, on_time, possible, decimals))
    else:
        fields["initial_concern"] = None
        fields["initial_concern_detail"] = ""

    if severe:
        level = "severe"
    elif disputed:
        level = "disputed"
    elif persistent:
        level = "persistent"
    elif initial_concern:
        level = "initial_concern"
    else:
        level = "none"
    fields["level"] = level

    for row in (rules.get("steps") or {}).get("schools", {}).get(school) or []:
        if "attendance_below" in row:
            thresholds.add(_number(row["attendance_below"]))
    shown_exactly = _rounded(attendance_exact, decimals)
    if shown_exactly in thresholds and attendance_exact != shown_exactly:
        notes.append(_rounding_note(texts, attendance_exact, shown_exactly, attended, possible, decimals))
    if answers["period"] == "half_term":
        notes.append(" ".join(texts["half_term_note"].split()))
    elif answers["period"] == "last_10_weeks":
        notes.append(" ".join(texts["window_note"].split()))

    # The next steps: the school's own, then its local authority's flow.
    steps: list[dict] = []
    step_rules = rules.get("steps") or {}
    own_rows = [row for row in (step_rules.get("schools") or {}).get(school) or []
                if _row_applies(row, level, answers, attended, possible)]
    _take_rows(own_rows, steps, clauses)
    for doc_id in authorities:
        la_rows = [row for row in (step_rules.get("local_authorities") or {}).get(doc_id) or []
                   if _row_applies(row, level, answers, attended, possible)]
        _take_rows(la_rows, steps, clauses)

    # The national penalty-notice threshold (dated: none before 19 August 2024).
    penalty_fields = _penalty(data, rules, answers, school, on, authorities, notes, clauses, steps)
    fields.update(penalty_fields)
    penalty_texts = texts["penalty_parents"] if audience == "parents" else texts["penalty"]
    fields["penalty_detail"] = outcome.fill(" ".join(penalty_texts[penalty_fields["penalty_threshold"]].split()),
                                            penalty_fields)

    fields["next_steps"] = steps
    fields["next_steps_text"] = (texts.get("joiner", " ").join(step["text"] for step in steps)
                                 if steps else texts["no_steps"])
    answer = outcome.build(data, tool, LEVEL_OUTCOMES[level], fields, clauses, notes, audience)
    answer["text"] = " ".join(answer["text"].split())  # an empty detail leaves no double space
    return answer


def _rounding_note(texts, exact, shown, attended, possible, decimals) -> str:
    return outcome.fill(" ".join(texts["rounding_note"].split()), {
        "shown": f"{float(shown):.{decimals}f}",
        "attended": attended, "possible": possible,
        "relation": texts["below"] if exact < shown else texts["above"]})


def _penalty(data, rules, answers, school, on, authorities, notes, clauses, steps) -> dict:
    given = answers.get("unauthorised_last_10_weeks")
    national, first = _national_threshold(data, "penalty_notice.threshold_sessions", on)
    result = {"unauthorised_last_10_weeks": given, "threshold_sessions": None, "threshold_weeks": None,
              "threshold_from": None}
    if given is None:
        result["penalty_threshold"] = "not_given"
        return result
    reach = coverage(data, school, "penalty_notice.school_types", on)
    if reach is not None and not reach.covered:
        result.update({"penalty_threshold": "not_covered", "school": data["documents"][school]["organisation"],
                       "kind": kind_words(rules["texts"]["school_type_names"], reach.kind.value)})
        clauses.extend([reach.rule.clause, reach.kind.clause])
        return result
    if national is None:
        result["penalty_threshold"] = "not_applicable"
        if first is not None:
            start = to_date(first["from"])
            result["threshold_from"] = f"{start.day} {start:%B %Y}"
            clauses.append(first["clause"])
        return result
    sessions = value(data, school, "penalty_notice.threshold_sessions", on, notes, clauses)
    weeks = value(data, school, "penalty_notice.threshold_school_weeks", on, None, clauses)
    clauses.append(national.clause)
    result.update({"threshold_sessions": sessions, "threshold_weeks": weeks})
    met = given >= sessions
    result["penalty_threshold"] = "met" if met else "not_met"
    if met:
        penalty_rules = rules.get("penalty_steps") or {}
        _take_rows((penalty_rules.get("schools") or {}).get(school) or [], steps, clauses)
        for doc_id in authorities:
            _take_rows((penalty_rules.get("local_authorities") or {}).get(doc_id) or [], steps, clauses)
    return result
