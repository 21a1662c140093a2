"""Can this leave be granted? — a term-time leave-of-absence request at the chosen school.

Who decides, how to ask, which conditions rule a request out and the codes either way are data: the
school's facts, its rows in the tool's ``rules.requests`` table (each with the clause it comes from),
and the national rules where the school's policy is silent. This module only chooses among them and
fills in the penalty-notice amounts in force on the date.
"""

from __future__ import annotations

from . import outcome
from . import rules as _rules
from .notify_la import rules_for_unauthorised_days
from .facts import FactMissing, local_authority_documents, lookup, own, to_date
from .school_type import coverage, kind_words

# The outcomes this module can give and the names it fills in their texts; ``make check`` holds the
# tool's YAML to them, so a renamed outcome or a misspelt {name} is an editor's message.
OUTCOMES = ("cannot_be_granted", "not_normally_granted", "may_be_granted", "granted_by_licence", "refer_elsewhere",
            "not_leave")
FIELDS = frozenset({"code", "nature", "process", "school_consequences", "penalty_text", "threshold_text",
                    "la_notify_text", "code_if_granted", "code_if_granted_meaning", "code_if_granted_school_wording", "code_if_refused",
                    "code_if_refused_meaning", "code_if_refused_school_wording", "code_text", "conditions",
                    "consequences", "days", "granted_text", "grounds", "how", "notice_days", "penalty_first_full",
                    "penalty_first_full_days", "penalty_first_reduced", "penalty_first_reduced_days",
                    "penalty_second", "penalty_in_short", "reason", "refused_text", "sessions", "threshold_school_weeks",
                    "threshold_sessions", "who"})


def _in_force(rows, day):
    """The first of ``rows`` (latest first) whose ``from`` date has come; None if none has."""
    for row in rows or []:
        if to_date(row["from"]) <= day:
            return row
    return None


def _national(data, key, day):
    """A national fact on the date, or None (asked of the national documents only)."""
    try:
        return lookup(data, None, key, day)
    except FactMissing:
        return None


def _fact(data, school, key, day):
    """A fact for the school (its own, its local authority's, else national) on the date, or None."""
    try:
        return lookup(data, school, key, day)
    except FactMissing:
        return None


def _number(amount) -> str:
    return f"{amount:g}" if isinstance(amount, float) else str(amount)


def _code(data, rows, day, school, clauses):
    """The code entry in force on the date for these dated rows, its clauses cited; None if none."""
    row = _in_force(rows, day)
    if row is None:
        return None
    for entry in data["codes"]:
        if entry["code"] == row["code"] and to_date(entry["from"]) <= day and (
                not entry.get("until") or day <= to_date(entry["until"])):
            clauses.append(entry["clause"])
            for wording in entry.get("school_wording") or []:
                if wording["document"] == school:
                    clauses.append(wording["clause"])
            return entry
    return None


def _code_text(texts, entry):
    if entry is None:
        return texts["no_code"]
    return outcome.fill(texts["code"], {"code": entry["code"], "meaning": entry["meaning"]})


def _school_wording(entry, school):
    for wording in (entry or {}).get("school_wording") or []:
        if wording["document"] == school:
            return wording["wording"]
    return None


def _silent(data, school, texts, silences, notes):
    """One note per national source the answer falls back on: what the school's policy does not say."""
    name = data["documents"][school]["organisation"]
    for clause, topics in silences.items():
        said = " or ".join(texts[topic] for topic in dict.fromkeys(topics))
        if clause:
            source = data["documents"][data["clauses"][clause]["document"]]
            note = outcome.fill(texts["silent"], {"school": name, "topic": said, "source": source["organisation"],
                                                  "label": data["clauses"][clause]["label"]})
        else:
            note = outcome.fill(texts["silent_no_source"], {"school": name, "topic": said})
        if note not in notes:
            notes.append(note)


def _plural(texts, key, count) -> str:
    return outcome.fill(texts[key if count == 1 else key + "s"], {"n": _number(count)})


def _row(rules, school, reason, days, answers, day):
    """The first request row that fits: the school's own rows, else the national ones."""
    for rows in (rules["requests"].get(school), rules["requests"]["national"]):
        for row in rows or []:
            if reason not in row["reasons"]:
                continue
            if "from" in row and to_date(row["from"]) > day:
                continue
            if "max_days" in row and days > row["max_days"]:
                continue
            if any(answers.get(key) != wanted for key, wanted in (row.get("when") or {}).items()):
                continue
            return row, rows is rules["requests"].get(school)
    raise outcome.AnswerError("date", f"the handbook has no rule for this request on {outcome.date_in_words(day)}")


def _policy_date_note(data, school, day, texts, notes):
    document = data["documents"][school]
    start = document.get("effective") or document.get("issued")
    if not start or to_date(start) <= day:
        return
    parts = str(start).split("-")
    shown = f"{outcome.MONTHS[int(parts[1]) - 1]} {parts[0]}" if len(parts) >= 2 else parts[0]
    notes.append(outcome.fill(texts["before_policy"], {"school": document["organisation"], "start": shown}))


def decide(answers, data, *, school, on, tool, audience="staff") -> dict:
    rules = tool["rules"]
    day = to_date(on)
    texts = rules["texts"].get(audience) or rules["texts"]["staff"]
    notes: list[str] = []
    clauses: list[str] = []
    silences: dict = {}  # national clause -> what the school's policy does not say
    said_rules: list = []  # the rules of policy_data/rules.yaml the answer states
    reason = answers["reason"]
    _policy_date_note(data, school, day, texts, notes)

    exceptional_rule = _national(data, "leave.only_exceptional", day)
    if exceptional_rule is None:
        raise outcome.AnswerError("date", f"the handbook has no rule on leave of absence for {outcome.date_in_words(day)}")
    if reason in rules["reported_not_requested"]:
        return _illness(answers, data, school, day, tool, audience, texts, notes, clauses, exceptional_rule)

    days = answers["days"]
    sessions = days * rules["sessions_per_day"]["value"]
    if sessions != int(sessions):
        raise outcome.AnswerError("days", f"{_number(days)} is not a whole number of sessions: give whole or half school days")
    sessions = int(sessions)
    days = int(days) if days == int(days) else days
    if answers.get("unauthorised_on_record") and answers.get("attendance_percent", 0) >= 100:
        raise outcome.AnswerError(
            "attendance_percent", "attendance cannot be 100% when the record shows unauthorised absence")
    notice = answers["notice_days"]
    nature = _in_force((rules.get("not_leave") or {}).get(reason), day)
    if nature is not None:
        return _not_leave(data, tool, texts, school, reason, days, notice, answers, day, nature, notes, audience)

    row, own_row = _row(rules, school, reason, days, answers, day)
    if row.get("clause"):
        clauses.append(row["clause"])
    clauses.extend(row.get("also") or [])
    if not own_row:
        silences.setdefault(row.get("clause"), []).append("topic_how")
    grounds: list[str] = []
    conditions: list[str] = [row["conditions"]] if row.get("conditions") else []
    fields: dict = {"reason": reason, "days": days, "sessions": sessions, "notice_days": notice,
                    "how": row.get("how", "")}

    # What rules the request out.
    if row.get("never"):
        grounds.append(row["never"])
    if notice == 0 and row.get("in_advance"):
        grounds.append(texts["retrospective" if answers.get("absence_over") else "in_advance"])
        clauses.append(row["in_advance"])
    elif row.get("notice_days") and notice < row["notice_days"]:
        conditions.append(outcome.fill(texts["short_notice"], {
            "required": row["notice_days"], "notice": _plural(texts, "day", notice)}))
    # Whether circumstances are exceptional is the decision-maker's judgement, not the reader's: the
    # answer says so, and says what the rules say of leisure (generally not exceptional).
    not_normally: list[str] = []
    if row.get("exceptional_test"):
        if isinstance(row["exceptional_test"], str):
            clauses.append(row["exceptional_test"])
        else:
            stated = own(data, school, "leave.only_exceptional", day)
            rule = stated or exceptional_rule
            clauses.append(rule.clause)
            if stated is None:
                silences.setdefault(rule.clause, []).append("topic_exceptional")
        conditions.append(texts["exceptional_decides"])
        if reason in rules["leisure"]:
            leisure = _in_force(rules["leisure_not_exceptional"], day)
            if leisure:
                not_normally.append(leisure["text"])
                clauses.append(leisure["clause"])
    for key, answer in (("leave.refused_near_statutory_assessment", "statutory_assessment"),
                        ("leave.refused_with_unauthorised_absence", "unauthorised_on_record")):
        stated = own(data, school, key, day)
        if stated is not None and stated.value and answers.get(answer):
            grounds.append(texts[key.split(".")[1]])
            clauses.append(stated.clause)
    stated = own(data, school, "leave.refused_below_attendance_percent", day)
    if stated is not None and "attendance_percent" in answers and answers["attendance_percent"] < stated.value:
        grounds.append(outcome.fill(texts["refused_below_attendance_percent"], {
            "floor": _number(stated.value), "attendance": _number(answers["attendance_percent"])}))
        clauses.append(stated.clause)

    # Performances: the licence decides the code, and at some schools whether leave is possible at all.
    granted_rows = rules["codes"]["granted"][reason]
    by_licence = False
    if reason == "performance":
        licensed = answers["licence"] in rules["licensed"]
        needs_licence = own(data, school, "leave.performance_licence_required", day)
        if needs_licence is not None and needs_licence.value:
            clauses.append(needs_licence.clause)
            if answers["licence"] == "with_dates":
                by_licence = True
            elif answers["licence"] == "without_dates":
                conditions.insert(0, texts["performance_without_dates"])
                floor = own(data, school, "leave.performance_attendance_floor_percent", day)
                if floor is not None and "attendance_after_percent" in answers:
                    clauses.append(floor.clause)
                    if answers["attendance_after_percent"] < floor.value:
                        grounds.append(outcome.fill(texts["performance_attendance_floor"], {
                            "floor": _number(floor.value), "attendance": _number(answers["attendance_after_percent"])}))
            else:
                grounds.append(texts["performance_no_licence"])
                licensed = False
        elif not licensed:
            unlicensed = _in_force(rules["unlicensed_performance"], day)
            if unlicensed:
                conditions.append(unlicensed["text"])
                clauses.append(unlicensed["clause"])
        if licensed:
            granted_rows = rules["codes"]["granted"]["performance_licensed"]

    granted_clauses: list[str] = []
    granted = _code(data, granted_rows, day, school, granted_clauses)
    fields.update({
        "code_if_granted": granted["code"] if granted else None,
        "code_if_granted_meaning": granted["meaning"] if granted else None,
        "code_if_granted_school_wording": _school_wording(granted, school),
        "code_text": _code_text(texts, granted),
        "granted_text": outcome.fill(texts["granted"], {"code": _code_text(texts, granted)}),
    })
    if by_licence:
        clauses.extend(granted_clauses)
        fields.update({"who": None, "conditions": " ".join(conditions)})
        _silent(data, school, texts, silences, notes)
        _regulation_reach(data, rules, texts, school, day, notes, clauses)
        return outcome.build(data, tool, "granted_by_licence", fields, clauses, notes, audience)

    # Who decides.
    if row.get("who"):
        fields["who"] = row["who"]
    else:
        stated = own(data, school, "leave.decided_by", day)
        if stated is not None:
            clauses.append(stated.clause)
            fields["who"] = stated.value
        else:
            national = _in_force(rules["national_decider"], day)
            clauses.append(national["clause"])
            silences.setdefault(national["clause"], []).insert(0, "topic_who")
            fields["who"] = national["who"]

    refused_rows = rules["codes"]["refused"]["leisure" if reason in rules["leisure"] else "other_reasons"]
    refused = _code(data, refused_rows, day, school, clauses)
    fields.update({
        "code_if_refused": refused["code"] if refused else None,
        "code_if_refused_meaning": refused["meaning"] if refused else None,
        "code_if_refused_school_wording": _school_wording(refused, school),
        "refused_text": outcome.fill(texts["refused"], {"code": _code_text(texts, refused)}),
    })
    fields["consequences"] = _consequences(data, rules, texts, school, reason, day, days, sessions, fields,
                                           notes, clauses, silences, said_rules, audience)
    _silent(data, school, texts, silences, notes)
    fields["conditions"] = "".join(f"{text} " for text in conditions)
    fields["grounds"] = " ".join(grounds)
    if grounds:
        outcome_id = "cannot_be_granted"
    elif row.get("not_normally") or not_normally:
        outcome_id = "not_normally_granted"
        fields["grounds"] = " ".join(([row["not_normally"]] if row.get("not_normally") else []) + not_normally)
    else:
        outcome_id = "may_be_granted"
    if outcome_id != "cannot_be_granted":
        clauses.extend(granted_clauses)
    _regulation_reach(data, rules, texts, school, day, notes, clauses)
    return outcome.build(data, tool, outcome_id, fields, clauses, notes, audience, said_rules)


def _not_leave(data, tool, texts, school, reason, days, notice, answers, day, nature, notes, audience) -> dict:
    """Religious observance on a day set apart, or a mobile child travelling with a parent: the
    regulations record the absence as authorised; the school neither grants nor refuses it. What the
    school's own policy asks of parents (notice, whom to tell) is shown as that school's clause."""
    rules = tool["rules"]
    clauses = [nature["clause"], *(nature.get("also") or [])]
    entry = _code(data, rules["codes"]["granted"][reason], day, school, clauses)
    name = data["documents"][school]["organisation"]
    own_rows = {school: rules["requests"].get(school) or [], "national": []}
    try:
        row, _ = _row({"requests": own_rows}, school, reason, days, answers, day)
    except outcome.AnswerError:
        row = None
    if row is None:
        process = outcome.fill(texts["school_process_silent"], {"school": name})
    else:
        clauses.extend([row["clause"], *(row.get("also") or [])])
        process = outcome.fill(texts["school_process"], {
            "school": name, "who": f"{row['who']}. " if row.get("who") else "", "how": row.get("how", ""),
            "conditions": f"{row['conditions']} " if row.get("conditions") else "",
            "label": data["clauses"][row["clause"]]["label"]})
        if row.get("notice_days") and notice < row["notice_days"]:
            process = process.rstrip() + " " + outcome.fill(texts["short_notice"], {
                "required": row["notice_days"], "notice": _plural(texts, "day", notice)})
    process = process.rstrip()
    fields = {"reason": reason, "days": days, "notice_days": notice, "nature": nature["text"],
              "code": entry["code"] if entry else None, "code_text": _code_text(texts, entry),
              "code_if_granted": entry["code"] if entry else None, "process": process}
    return outcome.build(data, tool, "not_leave", fields, clauses, notes, audience)


def _regulation_reach(data, rules, texts, school, day, notes, clauses):
    """Where the answer rests on the leave-of-absence regulation and the school is of a kind it does
    not name (an academy, an independent school), say so: the rule is shown as the national standard,
    not as law binding that school."""
    if not any(clause in rules["regulation_clauses"] for clause in clauses):
        return
    reach = coverage(data, school, "leave.regulation_school_types", day)
    if reach is None or reach.covered:
        return
    names = data["school_kinds"]
    notes.append(outcome.fill(texts["regulation_not_covering"], {
        "school": data["documents"][school]["organisation"], "kind": kind_words(names, reach.kind.value),
        "kinds": " and ".join(kind_words(names, kind) for kind in reach.rule.value),
        "label": data["clauses"][reach.rule.clause]["label"]}))
    clauses.extend([reach.rule.clause, reach.kind.clause])


def _consequences(data, rules, texts, school, reason, day, days, sessions, fields, notes, clauses,
                  silences, said_rules, audience) -> str:
    """What follows an absence taken without leave: the school's words, then the national rules.

    Each part is also a field of its own (``school_consequences``, ``penalty_text``, ``threshold_text``,
    ``la_notify_text``), so an answer can give each its own line. The penalty-notice rules are those of
    the topic ``absence-without-permission`` in scope for the school and date (policy_data/rules.yaml),
    the same sentences the parents' pages state."""
    said = []
    for row in (rules.get("if_refused") or {}).get(school) or []:
        if "reasons" in row and reason not in row["reasons"]:
            continue
        said.append(row["text"])
        clauses.append(row["clause"])
        clauses.extend(row.get("also") or [])
    fields["school_consequences"] = " ".join(said)

    fields.update({"penalty_first_reduced": None, "penalty_first_reduced_days": None, "penalty_first_full": None,
                   "penalty_first_full_days": None, "penalty_second": None, "penalty_in_short": None,
                   "threshold_sessions": None, "threshold_school_weeks": None,
                   "penalty_text": "", "threshold_text": "", "la_notify_text": ""})
    national = _rules.applicable(data, "absence-without-permission", school=school, on=day, audience=audience)
    said_rules.extend(national)
    by_rule = {statement.rule: statement for statement in national}
    penalty = [statement.text for statement in national if statement.rule != "penalty-threshold"]
    fields["penalty_text"] = " ".join(penalty)
    said.extend(penalty)
    short = _rules.applicable(data, "fines-in-short", school=school, on=day, audience=audience)
    if short:
        fields["penalty_in_short"] = _rules.state(data, short[0].rule, school=school, on=day, audience=audience,
                                                  short=True).text
    first = by_rule.get("penalty-first-notice")
    if first is not None:
        fields.update({"penalty_first_reduced": first.values["reduced"],
                       "penalty_first_reduced_days": first.values["reduced_days"],
                       "penalty_first_full": first.values["full"], "penalty_first_full_days": first.values["full_days"]})
        _stated_elsewhere(data, school, day, texts, notes, clauses)
    if "penalty-second-notice" in by_rule:
        fields["penalty_second"] = by_rule["penalty-second-notice"].values["second"]
    threshold = by_rule.get("penalty-threshold")
    if threshold is not None:
        for key in ("penalty_notice.threshold_sessions", "penalty_notice.threshold_school_weeks"):
            stated_here = own(data, school, key, day)
            if stated_here is not None:
                clauses.append(stated_here.clause)
        count = texts["threshold_reached" if sessions >= threshold.values["threshold"] else "threshold_below"]
        fields.update({"threshold_sessions": threshold.values["threshold"],
                       "threshold_school_weeks": threshold.values["weeks"]})
        fields["threshold_text"] = f"{threshold.text} " + outcome.fill(count, {
            "days": _plural(texts, "school_day", days), "sessions": _plural(texts, "session", sessions)})
        said.append(fields["threshold_text"])
    told = [_rules.state(data, rule_id, school=school, on=day, audience=audience, short=True)
            for rule_id in rules_for_unauthorised_days(data, school, day, days)]  # what notify_la says
    for statement in told:
        if not (data["rules"][statement.rule].get("scope") or {}).get("schools"):  # a national rule
            silences.setdefault(statement.clauses[0], []).append("topic_la_notify")
    said_rules.extend(told)
    fields["la_notify_text"] = " ".join(statement.text for statement in told)
    said.extend(statement.text for statement in told)
    return " ".join(said)


def _stated_elsewhere(data, school, day, texts, notes, clauses):
    """Where the school's or its local authority's document states other penalty amounts: say so."""
    for key in ("penalty_notice.first_reduced_amount", "penalty_notice.first_reduced_days",
                "penalty_notice.first_full_amount", "penalty_notice.first_full_days"):
        found = _national(data, key, day)
        if found is None:
            continue
        for document in [school] + local_authority_documents(data, school):
            stated = own(data, document, key, day)
            if stated is None:
                continue
            clauses.append(stated.clause)
            if stated.value != found.value:
                note = outcome.fill(texts["conflict"], {
                    "document": data["documents"][document]["organisation"], "stated": stated.value,
                    "label": data["clauses"][stated.clause]["label"], "national": found.value})
                if note not in notes:
                    notes.append(note)


def _illness(answers, data, school, day, tool, audience, texts, notes, clauses, leave_rule) -> dict:
    """Illness is reported, not requested: leave of absence is what a parent applies for in advance."""
    rules = tool["rules"]["illness"]
    stated = own(data, school, rules["fact"], day)
    if stated is not None:
        how = stated.value.rstrip(".") + "."
        clauses.append(stated.clause)
    else:
        row = rules["schools"].get(school) or rules["national"]
        how = row["how"]
        if row.get("clause"):
            clauses.append(row["clause"])
        else:
            _silent(data, school, texts, {None: ["topic_illness"]}, notes)
    entry = _code(data, tool["rules"]["codes"]["granted"]["illness"], day, school, clauses)
    clauses.append(leave_rule.clause)
    fields = {
        "reason": answers["reason"], "how": how,
        "code_if_granted": entry["code"] if entry else None,
        "code_if_granted_meaning": entry["meaning"] if entry else None,
        "code_text": _code_text(texts, entry),
    }
    return outcome.build(data, tool, "refer_elsewhere", fields, clauses, notes, audience)
