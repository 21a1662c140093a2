"""Can this leave be granted? — a term-time leave-of-absence request at the chosen school.

Who decides, how to ask, which conditions rule a request out and the codes either way are data: the
school's facts, its rows in the tool's ``rules.requests`` table (each with the clause it comes from),
and the national rules where the school's policy is silent. What follows an absence taken without
leave (the penalty-notice rules), and what is not leave at all (a day set apart for religious
observance, a mobile child travelling with a parent), are rules of ``policy_data/rules.yaml``, stated
only where they hold. This module chooses among them, in the small steps ``decide`` lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import codes as _codes
from . import outcome
from . import policy_date
from . import rules as _rules
from .answer import Answer
from .facts import local_authority_documents, own, to_date
from .notify_la import rules_for_unauthorised_days
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
                    "penalty_second", "penalty_in_short", "penalty_further_text", "prosecution_text", "reason", "refused_text", "sessions",
                    "threshold_school_weeks",
                    "threshold_sessions", "who"})


@dataclass
class _Request:
    """One request as the steps see it: the answer being built, and what the steps find on the way."""

    ask: Answer
    texts: dict
    answers: dict
    reason: str
    days: float
    sessions: int
    row: dict = field(default_factory=dict)  # the request row that fits (the school's own, or national)
    own_row: bool = False
    grounds: list = field(default_factory=list)        # what rules the request out
    conditions: list = field(default_factory=list)     # what the person deciding weighs
    not_normally: list = field(default_factory=list)   # why it is not normally granted
    silences: dict = field(default_factory=dict)       # national clause -> what the school's policy does not say
    granted_clauses: list = field(default_factory=list)
    by_licence: bool = False


def decide(answers, data, *, school, on, tool, audience="staff") -> dict:
    ask = Answer.begin(data, tool, school, on, audience)
    texts = ask.rules["texts"].get(audience) or ask.rules["texts"]["staff"]
    _policy_not_yet_in_force(ask, texts)
    leave_rule = _leave_rule(ask)
    reason = _reason(answers, ask.rules)
    if reason in ask.rules["reported_not_requested"]:
        return _illness(ask, texts, answers, leave_rule)
    days, sessions = _days_and_sessions(answers, ask.rules)
    _check_attendance_answers(answers)
    topic = ask.rules["not_leave"].get(reason)
    if topic and ask.applicable(topic):
        return _not_leave(ask, texts, answers, reason, days)

    request = _Request(ask, texts, answers, reason, days, sessions)
    _choose_row(request)
    _ruled_out_by_the_row(request)
    _exceptional_circumstances(request, leave_rule)
    _school_refusals(request)
    granted_rows = _performance(request)
    _code_if_granted(request, granted_rows)
    if request.by_licence:
        return _granted_by_licence(request)
    _who_decides(request)
    _code_if_refused(request)
    _consequences(request)
    return _verdict(request)


# -- reading the answers -----------------------------------------------------------------------

def _reason(answers, rules) -> str:
    """The reason the answers amount to: a choice the other answers show to be another is that one."""
    reason = answers["reason"]
    same = (rules.get("same_as") or {}).get(reason)
    if same and all(answers.get(key) == wanted for key, wanted in same["when"].items()):
        return same["reason"]
    return reason


def _days_and_sessions(answers, rules) -> tuple:
    days = answers["days"]
    sessions = days * rules["sessions_per_day"]["value"]
    if sessions != int(sessions):
        raise outcome.AnswerError("days", f"{_number(days)} is not a whole number of sessions: give whole or half school days")
    return (int(days) if days == int(days) else days), int(sessions)


def _check_attendance_answers(answers) -> None:
    if answers.get("unauthorised_on_record") and answers.get("attendance_percent", 0) >= 100:
        raise outcome.AnswerError(
            "attendance_percent", "attendance cannot be 100% when the record shows unauthorised absence")


def _leave_rule(ask):
    """The national rule that leave needs exceptional circumstances; none on the date is an error."""
    rule = ask.national("leave.only_exceptional")
    if rule is None:
        raise outcome.AnswerError("date", f"the handbook has no rule on leave of absence for {outcome.date_in_words(ask.day)}")
    return rule


def _policy_not_yet_in_force(ask, texts) -> None:
    start = policy_date.starts_after(ask.data, ask.school, ask.day)
    if start:
        ask.note(outcome.fill(texts["before_policy"], {"school": ask.school_name, "start": start}))


# -- the steps of a request --------------------------------------------------------------------

def _choose_row(request) -> None:
    """The first request row that fits: the school's own rows, else the national ones."""
    ask, answers = request.ask, request.answers
    request.row, request.own_row = _row(ask.rules["requests"], ask.school, request.reason, request.days, answers, ask.day)
    ask.cite(request.row.get("clause"), *(request.row.get("also") or []))
    if not request.own_row:
        request.silences.setdefault(request.row.get("clause"), []).append("topic_how")
    request.conditions[:0] = [request.row["conditions"]] if request.row.get("conditions") else []
    ask.fields.update({"reason": request.reason, "days": request.days, "sessions": request.sessions,
                       "notice_days": answers["notice_days"], "how": request.row.get("how", "")})


def _ruled_out_by_the_row(request) -> None:
    """The row's own refusal, leave asked for too late, or notice shorter than the school expects."""
    row, texts, notice = request.row, request.texts, request.answers["notice_days"]
    if row.get("never"):
        request.grounds.append(row["never"])
    if notice == 0 and row.get("in_advance"):
        request.grounds.append(texts["retrospective" if request.answers.get("absence_over") else "in_advance"])
        request.ask.cite(row["in_advance"])
    elif row.get("notice_days") and notice < row["notice_days"]:
        request.conditions.append(_short_notice(texts, row, notice))


def _exceptional_circumstances(request, leave_rule) -> None:
    """Whether circumstances are exceptional is the decision-maker's judgement, not the reader's: the
    answer says so, and says what the rules say of leisure (generally not exceptional)."""
    ask, row = request.ask, request.row
    if not row.get("exceptional_test"):
        return
    if isinstance(row["exceptional_test"], str):
        ask.cite(row["exceptional_test"])
    else:
        stated = ask.own("leave.only_exceptional")
        ask.cite((stated or leave_rule).clause)
        if stated is None:
            request.silences.setdefault(leave_rule.clause, []).append("topic_exceptional")
    request.conditions.append(request.texts["exceptional_decides"])
    leisure = _in_force(ask.rules["leisure_not_exceptional"], ask.day) if request.reason in ask.rules["leisure"] else None
    if leisure:
        request.not_normally.append(leisure["text"])
        ask.cite(leisure["clause"])


def _school_refusals(request) -> None:
    """The school's own cases where leave is never granted (its facts), as the answers meet them."""
    ask, answers, texts = request.ask, request.answers, request.texts
    for key, answer in (("leave.refused_near_statutory_assessment", "statutory_assessment"),
                        ("leave.refused_with_unauthorised_absence", "unauthorised_on_record")):
        stated = ask.own(key)
        if stated is not None and stated.value and answers.get(answer):
            request.grounds.append(texts[key.split(".")[1]])
            ask.cite(stated.clause)
    floor = ask.own("leave.refused_below_attendance_percent")
    if floor is not None and "attendance_percent" in answers and answers["attendance_percent"] < floor.value:
        request.grounds.append(outcome.fill(texts["refused_below_attendance_percent"], {
            "floor": _number(floor.value), "attendance": _number(answers["attendance_percent"])}))
        ask.cite(floor.clause)


def _performance(request) -> list:
    """Performances: the licence decides the code, and at some schools whether leave is possible at
    all. Returns the dated code rows for the absence if granted."""
    ask, answers, texts, rules = request.ask, request.answers, request.texts, request.ask.rules
    if request.reason != "performance":
        return rules["codes"]["granted"][request.reason]
    licensed = answers["licence"] in rules["licensed"]
    needs_licence = ask.own("leave.performance_licence_required")
    if needs_licence is not None and needs_licence.value:
        ask.cite(needs_licence.clause)
        if answers["licence"] == "with_dates":
            request.by_licence = True
        elif answers["licence"] == "without_dates":
            request.conditions.insert(0, texts["performance_without_dates"])
            _performance_floor(request)
        else:
            request.grounds.append(texts["performance_no_licence"])
            licensed = False
    elif not licensed:
        unlicensed = _in_force(rules["unlicensed_performance"], ask.day)
        if unlicensed:
            request.conditions.append(unlicensed["text"])
            ask.cite(unlicensed["clause"])
    return rules["codes"]["granted"]["performance_licensed" if licensed else "performance"]


def _performance_floor(request) -> None:
    floor = request.ask.own("leave.performance_attendance_floor_percent")
    if floor is None or "attendance_after_percent" not in request.answers:
        return
    request.ask.cite(floor.clause)
    if request.answers["attendance_after_percent"] < floor.value:
        request.grounds.append(outcome.fill(request.texts["performance_attendance_floor"], {
            "floor": _number(floor.value), "attendance": _number(request.answers["attendance_after_percent"])}))


def _code_if_granted(request, granted_rows) -> None:
    ask, texts = request.ask, request.texts
    granted = _code(ask, granted_rows, request.granted_clauses)
    ask.fields.update({
        "code_if_granted": granted["code"] if granted else None,
        "code_if_granted_meaning": granted["meaning"] if granted else None,
        "code_if_granted_school_wording": _school_wording(granted, ask.school),
        "code_text": _code_text(texts, granted),
        "granted_text": outcome.fill(texts["granted"], {"code": _code_text(texts, granted)}),
    })


def _granted_by_licence(request) -> dict:
    ask = request.ask
    ask.cite(*request.granted_clauses)
    ask.fields.update({"who": None, "conditions": " ".join(request.conditions)})
    _silent(request)
    _regulation_reach(ask, request.texts)
    return ask.build("granted_by_licence")


def _who_decides(request) -> None:
    """The row's person, else the school's fact, else the national rule (and the school's silence)."""
    ask = request.ask
    if request.row.get("who"):
        ask.fields["who"] = request.row["who"]
        return
    stated = ask.own("leave.decided_by")
    if stated is not None:
        ask.cite(stated.clause)
        ask.fields["who"] = stated.value
        return
    national = _in_force(ask.rules["national_decider"], ask.day)
    ask.cite(national["clause"])
    request.silences.setdefault(national["clause"], []).insert(0, "topic_who")
    ask.fields["who"] = national["who"]


def _code_if_refused(request) -> None:
    ask, texts = request.ask, request.texts
    rows = ask.rules["codes"]["refused"]["leisure" if request.reason in ask.rules["leisure"] else "other_reasons"]
    refused = _code(ask, rows, ask.clauses)
    ask.fields.update({
        "code_if_refused": refused["code"] if refused else None,
        "code_if_refused_meaning": refused["meaning"] if refused else None,
        "code_if_refused_school_wording": _school_wording(refused, ask.school),
        "refused_text": outcome.fill(texts["refused"], {"code": _code_text(texts, refused)}),
    })


def _verdict(request) -> dict:
    ask = request.ask
    _silent(request)
    ask.fields["conditions"] = "".join(f"{text} " for text in request.conditions)
    ask.fields["grounds"] = " ".join(request.grounds)
    if request.grounds:
        outcome_id = "cannot_be_granted"
    elif request.row.get("not_normally") or request.not_normally:
        outcome_id = "not_normally_granted"
        ask.fields["grounds"] = " ".join(([request.row["not_normally"]] if request.row.get("not_normally") else [])
                                         + request.not_normally)
    else:
        outcome_id = "may_be_granted"
    if outcome_id != "cannot_be_granted":
        ask.cite(*request.granted_clauses)
    _regulation_reach(ask, request.texts)
    return ask.build(outcome_id)


# -- what follows an absence taken without leave ---------------------------------------------------

def _consequences(request) -> None:
    """What follows an absence taken without leave: the school's words, then the national rules.

    Each part is a field of its own (``school_consequences``, ``penalty_text``, ``threshold_text``,
    ``la_notify_text``), so an answer gives each its own line; ``consequences`` joins them. The
    penalty-notice rules are those of the topic ``absence-without-permission`` in scope for the school
    and date (policy_data/rules.yaml), the same sentences the parents' pages state."""
    ask = request.ask
    ask.fields.update({"penalty_first_reduced": None, "penalty_first_reduced_days": None, "penalty_first_full": None,
                       "penalty_first_full_days": None, "penalty_second": None, "penalty_in_short": None,
                       "threshold_sessions": None, "threshold_school_weeks": None,
                       "penalty_text": "", "penalty_further_text": "", "prosecution_text": "", "threshold_text": "",
                       "la_notify_text": ""})
    national = ask.applicable("absence-without-permission")
    _school_consequences(request)
    _penalty_rules(request, [statement for statement in national if statement.rule != "penalty-threshold"])
    _threshold(request, next((statement for statement in national if statement.rule == "penalty-threshold"), None))
    _la_notify(request)
    ask.fields["consequences"] = " ".join(filter(None, (ask.fields[name] for name in (
        "school_consequences", "penalty_text", "penalty_further_text", "prosecution_text", "threshold_text",
        "la_notify_text"))))


def _school_consequences(request) -> None:
    """The school's own words on an absence taken without leave (a row's text, or the rule it states)."""
    ask, said = request.ask, []
    for row in (ask.rules.get("if_refused") or {}).get(ask.school) or []:
        if "reasons" in row and request.reason not in row["reasons"]:
            continue
        for rule_id in row.get("states") or []:
            statement = _rules.state(ask.data, rule_id, school=ask.school, on=ask.day, audience=ask.audience)
            ask.stated.append(statement)
            said.append(statement.text)
        if row.get("text"):
            said.append(row["text"])
        ask.cite(row.get("clause"), *(row.get("also") or []))
    ask.fields["school_consequences"] = " ".join(said)


def _penalty_rules(request, statements) -> None:
    """The penalty-notice rules in scope (amounts and limits, or that they do not apply here), and
    their one-line form for the verdict (the topic ``fines-in-short``). A first notice (or that notices
    do not apply) is one line, what follows a first notice another, so that each reads at a glance."""
    ask = request.ask
    further, prosecution = ("penalty-second-notice", "penalty-limit"), ("prosecution-at-any-school",)
    ask.fields["penalty_text"] = " ".join(statement.text for statement in statements
                                          if statement.rule not in further + prosecution)
    ask.fields["penalty_further_text"] = " ".join(statement.text for statement in statements if statement.rule in further)
    ask.fields["prosecution_text"] = " ".join(statement.text for statement in statements if statement.rule in prosecution)
    short = _rules.applicable(ask.data, "fines-in-short", school=ask.school, on=ask.day, audience=ask.audience)
    if short:
        ask.fields["penalty_in_short"] = _rules.state(ask.data, short[0].rule, school=ask.school, on=ask.day,
                                                      audience=ask.audience, short=True).text
    by_rule = {statement.rule: statement for statement in statements}
    first = by_rule.get("penalty-first-notice")
    if first is not None:
        ask.fields.update({"penalty_first_reduced": first.values["reduced"],
                           "penalty_first_reduced_days": first.values["reduced_days"],
                           "penalty_first_full": first.values["full"], "penalty_first_full_days": first.values["full_days"]})
        _stated_elsewhere(ask, request.texts)
    if "penalty-second-notice" in by_rule:
        ask.fields["penalty_second"] = by_rule["penalty-second-notice"].values["second"]


def _threshold(request, threshold) -> None:
    """The threshold at which a penalty notice must be considered, where it holds, and how far this
    request goes towards it; the school's own statement of it is cited too."""
    ask, texts = request.ask, request.texts
    if threshold is None:
        return
    for key in ("penalty_notice.threshold_sessions", "penalty_notice.threshold_school_weeks"):
        stated_here = ask.own(key)
        if stated_here is not None:
            ask.cite(stated_here.clause)
    count = texts["threshold_reached" if request.sessions >= threshold.values["threshold"] else "threshold_below"]
    ask.fields.update({"threshold_sessions": threshold.values["threshold"],
                       "threshold_school_weeks": threshold.values["weeks"]})
    ask.fields["threshold_text"] = f"{threshold.text} " + outcome.fill(count, {
        "days": _plural(texts, "school_day", request.days), "sessions": _plural(texts, "session", request.sessions)})


def _la_notify(request) -> None:
    """What the local authority is told of unauthorised days in a row: the rules notify_la states for
    the same days (asked of its logic, so the two tools cannot differ), in this audience's words."""
    ask = request.ask
    told = [_rules.state(ask.data, rule_id, school=ask.school, on=ask.day, audience=ask.audience, short=True)
            for rule_id in rules_for_unauthorised_days(ask.data, ask.school, ask.day, request.days)]
    for statement in told:
        if not (ask.data["rules"][statement.rule].get("scope") or {}).get("schools"):  # a national rule
            request.silences.setdefault(statement.clauses[0], []).append("topic_la_notify")
    ask.stated.extend(told)
    ask.fields["la_notify_text"] = " ".join(statement.text for statement in told)


def _stated_elsewhere(ask, texts) -> None:
    """Where the school's or its local authority's document states other penalty amounts: say so."""
    for key in ("penalty_notice.first_reduced_amount", "penalty_notice.first_reduced_days",
                "penalty_notice.first_full_amount", "penalty_notice.first_full_days"):
        found = ask.national(key)
        if found is None:
            continue
        for document in [ask.school] + local_authority_documents(ask.data, ask.school):
            stated = own(ask.data, document, key, ask.day)
            if stated is None:
                continue
            ask.cite(stated.clause)
            if stated.value != found.value:
                ask.note(outcome.fill(texts["conflict"], {
                    "document": ask.data["documents"][document]["organisation"], "stated": stated.value,
                    "label": ask.clause_label(stated.clause), "national": found.value}))


# -- answers that are not a leave request ------------------------------------------------------------

def _not_leave(ask, texts, answers, reason, days) -> dict:
    """Religious observance on a day set apart, or a mobile child travelling with a parent: the
    regulations record the absence as authorised; the school neither grants nor refuses it. What the
    school's own policy asks of parents (notice, whom to tell) is shown as that school's clause."""
    entry = _code(ask, ask.rules["codes"]["granted"][reason], ask.clauses)
    try:
        row, _ = _row({ask.school: ask.rules["requests"].get(ask.school) or [], "national": []},
                      ask.school, reason, days, answers, ask.day)
    except outcome.AnswerError:
        row = None
    if row is None:
        process = outcome.fill(texts["school_process_silent"], {"school": ask.school_name})
    else:
        ask.cite(row["clause"], *(row.get("also") or []))
        process = outcome.fill(texts["school_process"], {
            "school": ask.school_name, "who": f"{row['who']}. " if row.get("who") else "", "how": row.get("how", ""),
            "conditions": f"{row['conditions']} " if row.get("conditions") else "",
            "label": ask.clause_label(row["clause"])})
        if row.get("notice_days") and answers["notice_days"] < row["notice_days"]:
            process = process.rstrip() + " " + _short_notice(texts, row, answers["notice_days"])
    ask.fields.update({"reason": reason, "days": days, "notice_days": answers["notice_days"],
                       "nature": " ".join(statement.text for statement in ask.stated),
                       "code": entry["code"] if entry else None, "code_text": _code_text(texts, entry),
                       "code_if_granted": entry["code"] if entry else None, "process": process.rstrip()})
    return ask.build("not_leave")


def _illness(ask, texts, answers, leave_rule) -> dict:
    """Illness is reported, not requested: leave of absence is what a parent applies for in advance."""
    rules = ask.rules["illness"]
    stated = ask.own(rules["fact"])
    if stated is not None:
        how = stated.value.rstrip(".") + "."
        ask.cite(stated.clause)
    else:
        row = rules["schools"].get(ask.school) or rules["national"]
        how = row["how"]
        if row.get("clause"):
            ask.cite(row["clause"])
        else:
            ask.note(outcome.fill(texts["silent_no_source"], {"school": ask.school_name, "topic": texts["topic_illness"]}))
    entry = _code(ask, ask.rules["codes"]["granted"]["illness"], ask.clauses)
    ask.cite(leave_rule.clause)
    ask.fields.update({
        "reason": answers["reason"], "how": how,
        "code_if_granted": entry["code"] if entry else None,
        "code_if_granted_meaning": entry["meaning"] if entry else None,
        "code_text": _code_text(texts, entry),
    })
    return ask.build("refer_elsewhere")


# -- notes the answer owes the reader ------------------------------------------------------------

def _silent(request) -> None:
    """One note per national source the answer falls back on: what the school's policy does not say."""
    ask, texts = request.ask, request.texts
    for clause, topics in request.silences.items():
        said = " or ".join(texts[topic] for topic in dict.fromkeys(topics))
        if clause:
            source = ask.data["documents"][ask.data["clauses"][clause]["document"]]
            ask.note(outcome.fill(texts["silent"], {"school": ask.school_name, "topic": said,
                                                    "source": source["organisation"], "label": ask.clause_label(clause)}))
        else:
            ask.note(outcome.fill(texts["silent_no_source"], {"school": ask.school_name, "topic": said}))


def _regulation_reach(ask, texts) -> None:
    """Where the answer rests on the leave-of-absence regulation and the school is of a kind it does
    not name (an academy, an independent school), say so: the rule is shown as the national standard,
    not as law binding that school."""
    if not any(clause in ask.rules["regulation_clauses"] for clause in ask.clauses):
        return
    reach = coverage(ask.data, ask.school, "leave.regulation_school_types", ask.day)
    if reach is None or reach.covered:
        return
    names = ask.data["school_kinds"]
    ask.note(outcome.fill(texts["regulation_not_covering"], {
        "school": ask.school_name, "kind": kind_words(names, reach.kind.value),
        "kinds": " and ".join(kind_words(names, kind) for kind in reach.rule.value),
        "label": ask.clause_label(reach.rule.clause)}))
    ask.cite(reach.rule.clause, reach.kind.clause)


# -- small helpers -------------------------------------------------------------------------------

def _row(requests, school, reason, days, answers, day):
    """The first request row that fits (the school's own rows, else the national ones), and whether
    it is the school's own."""
    for rows in (requests.get(school), requests["national"]):
        for row in rows or []:
            if reason not in row["reasons"]:
                continue
            if "from" in row and to_date(row["from"]) > day:
                continue
            if "max_days" in row and days > row["max_days"]:
                continue
            if any(answers.get(key) != wanted for key, wanted in (row.get("when") or {}).items()):
                continue
            return row, rows is requests.get(school)
    raise outcome.AnswerError("date", f"the handbook has no rule for this request on {outcome.date_in_words(day)}")


def _in_force(rows, day):
    """The first of ``rows`` (latest first) whose ``from`` date has come; None if none has."""
    for row in rows or []:
        if to_date(row["from"]) <= day:
            return row
    return None


def _code(ask, rows, clauses):
    """The code entry in force on the date for these dated rows, its clauses added to ``clauses``."""
    row = _in_force(rows, ask.day)
    if row is None:
        return None
    entry = _codes.entry(ask.data, row["code"], ask.day)
    if entry is not None:
        clauses.append(entry["clause"])
        clauses.extend(w["clause"] for w in entry.get("school_wording") or [] if w["document"] == ask.school)
    return entry


def _code_text(texts, entry):
    if entry is None:
        return texts["no_code"]
    return outcome.fill(texts["code"], {"code": entry["code"], "meaning": entry["meaning"]})


def _school_wording(entry, school):
    return next((w["wording"] for w in (entry or {}).get("school_wording") or [] if w["document"] == school), None)


def _short_notice(texts, row, notice) -> str:
    return outcome.fill(texts["short_notice"], {"required": row["notice_days"], "notice": _plural(texts, "day", notice)})


def _plural(texts, key, count) -> str:
    return outcome.fill(texts[key if count == 1 else key + "s"], {"n": _number(count)})


def _number(amount) -> str:
    return f"{amount:g}" if isinstance(amount, float) else str(amount)
