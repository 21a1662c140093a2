"""Must I tell the local authority? — from a pupil's situation to whether, by when, how and who.

Every rule is a row in the tool's YAML (``rules.situations``): for each situation, a row per school
citing the school's own clauses, or ``national`` where the school's policy is silent, or
``same_as`` another situation's row. A row's branches (``reached``/``below``, ``concern``,
``located`` …) each give an outcome and its texts. This module only chooses the branch: it compares
counts with thresholds (facts looked up for the school, with the national value as the fallback, or
a threshold the school's row states), and follows the row to the national rule where the school is
silent, saying so in a note.

A sentence that another tool or page also says (the ten-day return, the exclusion duty …) is not
written in a row: the row names it (``states:``) and its words come from ``policy_data/rules.yaml``,
stated only where the rule holds. A "not yet" or "left to the school" answer says what to do now
(``now:``), in the school's own procedure.
"""

from __future__ import annotations

from . import deletion_return, outcome
from . import rules as _rules
from .facts import FactMissing, local_authority_documents, lookup, own, to_date
from .questions import value

NOTIFY = ("notify_now", "notify_by_deadline")

# The outcomes named here in code (the others come from each rule's ``outcome:`` in the YAML) and the
# names the rows and this module fill in; ``make check`` holds the tool's YAML to them.
OUTCOMES = NOTIFY
FIELDS = frozenset({"also", "channel", "school", "contacts", "count", "count_total", "deadline",
                    "missed_percent", "national_rule", "notify_within", "now", "persistent_attendance_below_percent",
                    "persistent_percent", "reason", "remaining", "remaining_consecutive", "remaining_total",
                    "severe_percent", "situation", "stated", "summary", "threshold", "threshold_total", "when",
                    "who"})
TEXT_FIELDS = ("summary", "deadline", "channel", "who", "reason", "when")


def _number(amount):
    """12.0 -> 12, so a percentage reads as the reader typed it."""
    if isinstance(amount, float) and amount.is_integer():
        return int(amount)
    return amount


def _shown(amount):
    if isinstance(amount, list):
        return ", ".join(str(item) for item in amount)
    return _number(amount)


class _Answer:
    """What one decision collects: the fields, the clauses cited, the notes, the rules it states and
    the extra sentences (``also``) and steps to take now (``now``)."""

    def __init__(self, data, school, on, situation, audience):
        self.data, self.school, self.on, self.situation, self.audience = data, school, on, situation, audience
        self.fields: dict = {}
        self.clauses: list[str] = []  # where the values came from (facts, stated thresholds)
        self.rules: list[str] = []  # the clauses of the rules applied, cited first
        self.notes: list[str] = []
        self.also: list[str] = []  # texts said "also"
        self.stated: list[str] = []  # the rules the answer's "why" states (ids)
        self.also_stated: list[str] = []  # rules stated on the "also" line, where they hold
        self.now: list = []  # steps to take now: a text, or the name of a step in ``rules.now``
        self.found: list = []  # statements of the deletion return (tools_py.deletion_return) the answer gives

    def silent(self, clause_id):
        """The note that the school's policy is silent and the rule used is another document's."""
        clause = self.data["clauses"][clause_id]
        source = self.data["documents"][clause["document"]]
        school_name = self.data["documents"][self.school]["organisation"]
        note = (f"{school_name}'s policy does not say this; the rule used is from "
                f"{source['organisation']} ({clause['label']}).")
        if note not in self.notes:
            self.notes.append(note)

    def fact(self, key, national):
        """A fact for the school (its own value first, national as the fallback).

        For the school's own row no 'policy is silent' note is added: the row cites the school's
        clause for the rule. For a national row the note is added as usual; where the school has
        its own value but the answer rests on the national rule, the national value is used.
        """
        if not national:
            return value(self.data, self.school, key, self.on, None, self.clauses)
        if own(self.data, self.school, key, self.on) is None:
            found = value(self.data, self.school, key, self.on, None, self.clauses)
            self.silent(self.clauses[-1])
            return found
        try:
            found = lookup(self.data, None, key, self.on)
        except FactMissing as missing:
            raise outcome.AnswerError("date", f"the handbook has no rule for this date ({missing})") from None
        self.clauses.append(found.clause)
        self.silent(found.clause)
        return found.value

    def holds(self, rule_id) -> bool:
        """Whether a rule holds for this school and date (a rule that does not exist: a clear error)."""
        try:
            return _rules.applies(self.data, rule_id, school=self.school, on=self.on, audience=self.audience)
        except _rules.OutOfScope as problem:
            raise outcome.AnswerError("situation", f"the handbook cannot answer this here: {problem}") from None

    def state(self, rule_ids, only_where_held=False) -> list:
        """The rules in words for this school, date and audience. A rule a row states must hold here
        (``make check`` says so by file and line; a reader gets the reason, not a traceback); one said
        "also" is left out where it does not (e.g. before it took effect)."""
        where = {"school": self.school, "on": self.on, "audience": self.audience}
        try:
            return [_rules.state(self.data, rule_id, fields=self.fields, **where) for rule_id in dict.fromkeys(rule_ids)
                    if not only_where_held or _rules.applies(self.data, rule_id, **where)]
        except _rules.OutOfScope as problem:
            raise outcome.AnswerError("situation", f"the handbook cannot answer this here: {problem}") from None


class _NoRuleHeld(outcome.AnswerError):
    """The school's policy is silent on the situation and the handbook holds no national rule for it."""


def _dated(rows, on):
    """A row, or the dated row in force on the date."""
    if isinstance(rows, dict):
        return rows
    chosen = None
    for row in rows:
        if to_date(row["from"]) <= on:
            chosen = row
    if chosen is None:
        raise outcome.AnswerError(
            "date", f"the school's policy is silent here and the handbook has no national rule for this "
                    f"situation before {outcome.date_in_words(to_date(rows[0]['from']))}")
    return chosen


def _school_row(situations, situation, school):
    row = situations[situation].get("schools", {}).get(school, "national")
    if isinstance(row, dict) and "same_as" in row:
        return _school_row(situations, row["same_as"], school)
    return row


def _national_row(situations, situation, on):
    national = situations[situation].get("national")
    if isinstance(national, dict) and "same_as" in national:
        return _national_row(situations, national["same_as"], on)
    if not national:
        raise _NoRuleHeld("situation", "the school's policy is silent on this and the handbook holds no national rule for it")
    return _dated(national, on)


def _answered_as(spec, answers) -> tuple[str, dict]:
    """The situation to answer: a choice whose separating answer shows that another choice describes
    the case (``answer_as``) is answered as that choice, so one case gets one answer either way."""
    for other in spec.get("answer_as") or []:
        if all(answers.get(key) == wanted for key, wanted in other["when"].items()):
            moved = {name: answers[source] for name, source in other["answers"].items()}
            return other["situation"], {"situation": other["situation"], **moved}
    return answers["situation"], answers


def _threshold(answer, spec, row, national):
    """The threshold for a count: the row's own stated value, else the fact."""
    if "threshold" in row:
        answer.clauses.append(row["threshold"]["clause"])
        return row["threshold"]["value"]
    return answer.fact(spec["threshold_fact"], national)


def _count_chain(answer, answers, spec, row, national, prefix=()):
    if "reached" not in row and "below" not in row:  # the row does not depend on the count
        return [*prefix, "any"]
    count = answers[spec["count"]]
    threshold = _threshold(answer, spec, row, national)
    answer.fields.update({"count": count, "threshold": threshold, "remaining": max(threshold - count, 0)})
    return [*prefix, "reached" if count >= threshold else "below", "any"]


def _chain(answer, answers, spec, row, national):
    """The branch keys to try, most specific first (thresholds are looked up on the way)."""
    kind = spec["branching"]
    if kind == "count":
        return _count_chain(answer, answers, spec, row, national)
    if kind == "missing":
        concern = "concern" if answers["safeguarding_concern"] else "no_concern"
        return [concern, *_count_chain(answer, answers, spec, row, national)]
    if kind == "attendance":
        missed = answers["missed_percent"]
        severe = answer.fact("absence.severe_percent", national)
        persistent = answer.fact("absence.persistent_percent", national)
        answer.fields.update({"missed_percent": _number(missed), "severe_percent": _number(severe),
                              "persistent_percent": _number(persistent)})
        if missed >= severe:
            return ["severe", "persistent", "any"]
        if missed >= persistent:
            return ["persistent", "any"]
        return ["below", "any"]
    if kind == "located":
        return ["located" if answers["located"] else "not_located", "any"]
    if kind == "ehcp":
        return ["ehcp" if answers["has_ehcp"] else "no_ehcp", "any"]
    if kind == "exclusion":  # the national duty's scope decides which rows apply (``covered_by``)
        covered = answer.holds(spec["covered_by"])
        if answers["exclusion_stage"] == "at_risk":
            return ["at_risk", "any"] if covered else ["at_risk_not_covered", "at_risk", "any"]
        if not covered:
            return ["decided_not_covered", "decided", "any"]
        return ["decided_home" if answers["lives_in_school_la"] else "decided_elsewhere", "decided", "any"]
    return ["any"]


def _pick(row, chain):
    for key in chain:
        if key in row:
            return row[key]
    raise outcome.AnswerError("situation", "the handbook has no rule for this case at this school")


def _redirects(branch) -> bool:
    return branch == "national" or (isinstance(branch, dict) and branch.get("national") is True)


def _take(answer, row, branch, national):
    """Record a row and branch: its clauses (and the silent note for a national row), the rules it
    states, what it adds and what to do now."""
    answer.rules.extend(list(row.get("clauses") or []) + list(branch.get("clauses") or []))
    if national:
        for clause_id in row.get("clauses") or []:
            answer.silent(clause_id)
    for key in [*(row.get("facts") or []), *(branch.get("facts") or [])]:
        answer.fields[key.rsplit(".", 1)[-1]] = _shown(answer.fact(key, national))
    answer.stated.extend([*(row.get("states") or []), *(branch.get("states") or [])])
    also = branch.get("also")
    if isinstance(also, dict):
        answer.also_stated.extend(also.get("states") or [])
    elif also:
        answer.also.append(also)
    answer.now.extend(branch.get("now") or [])
    return branch


def _sickness(answer, answers, spec, row, national, situations):
    """Sickness counts two ways (days in a row, days this year); a school may cover only one."""
    counts = {"consecutive": answers["sickness_consecutive_days"], "total": answers["sickness_total_days"]}
    threshold = _threshold(answer, spec, row, national)
    measures = row.get("measures") or []
    answer.fields.update({"count": counts["consecutive"], "count_total": counts["total"], "threshold": threshold})
    own_reached = [m for m in measures if counts[m] >= threshold]
    if own_reached:
        if "consecutive" in own_reached and counts["consecutive"] == threshold and row.get("at_threshold_note"):
            answer.also.append(row["at_threshold_note"])
        return _take(answer, row, row["reached"], national)
    # A measure the school's policy is silent on falls to the national rule (with its own threshold).
    limits = {measure: threshold for measure in measures}
    fallback = None
    for measure in counts:
        if measure not in limits and row.get(measure) == "national":
            fallback = fallback or _national_row(situations, answer.situation, answer.on)
            if measure in (fallback.get("measures") or []):
                limits[measure] = answer.fact(spec["threshold_fact"], True)
    answer.fields.update({
        "threshold_total": limits.get("total", threshold),
        "remaining_consecutive": max(limits.get("consecutive", threshold) - counts["consecutive"], 0),
        "remaining_total": max(limits.get("total", threshold) - counts["total"], 0),
    })
    if any(counts[m] >= limits[m] for m in limits if m not in measures):
        _take(answer, row, {}, national)
        return _take(answer, fallback, fallback["reached"], True)
    return _take(answer, row, row["below"], national)


def _branch(answer, answers, spec, situations):
    """The school's row and branch for the answers, followed to the national row where it says so."""
    row = _school_row(situations, answer.situation, answer.school)
    national = row == "national"
    if national:
        row = _national_row(situations, answer.situation, answer.on)
    if spec["branching"] == "sickness":
        return _sickness(answer, answers, spec, row, national, situations)
    if spec["branching"] == "deletion_return":
        return _deletion(answer, answers, row, national)
    branch = _pick(row, _chain(answer, answers, spec, row, national))
    if _redirects(branch):
        if isinstance(branch, dict):
            _take(answer, row, branch, national)
        row, national = _national_row(situations, answer.situation, answer.on), True
        branch = _pick(row, _chain(answer, answers, spec, row, national))
    return _take(answer, row, branch, national)


def _deletion_found(answer, final_year=False, la_requested=None):
    """The deletion return (tools_py.deletion_return, as "Removal from roll" states it), its rules
    stated by this answer."""
    try:
        found = deletion_return.assess(answer.data, answer.school, answer.on, final_year=final_year,
                                       la_requested=la_requested)
    except deletion_return.NoRule:
        start = to_date(answer.data["rules"][deletion_return.RETURN]["scope"]["from"])
        raise outcome.AnswerError("date", "the school's policy is silent here and the handbook has no national rule "
                                          f"for this situation before {outcome.date_in_words(start)}") from None
    answer.found.extend(found.statements)
    answer.clauses.extend(found.clauses)
    answer.notes.extend(note for note in found.notes if note not in answer.notes)
    return found


def _worded(answer, branch, found):
    """A branch whose reason is the deletion return: the school's own rule (else the national one) as
    the summary, the national rule beside it, and the deadline from the facts."""
    answer.fields["national_rule"] = found.national_rule if found.school_rule else ""
    return {**branch, "summary": found.school_rule or found.national_rule, "deadline": found.when}


def _deletion(answer, answers, row, national):
    """A deletion: whether a return is due decides the row's branch (``due`` or ``not_due``)."""
    found = _deletion_found(answer, answers["final_year_leaver"], answers.get("la_requested"))
    branch = _take(answer, row, _pick(row, ["due" if found.due else "not_due"]), national)
    return _worded(answer, branch, found)


def _after_deletion(answer, spec, answers, branch) -> dict:
    """What follows once the name comes off the register, where the situation says so: on the answer's
    "Also" line, or, for a branch whose answer is "not yet" (``after_deletion_as: when``), as its "When"."""
    after = spec.get("after_deletion")
    if not after or branch.get("deletion_return") or \
            any(answers.get(key) != wanted for key, wanted in (after.get("when") or {}).items()):
        return branch
    try:
        found = _deletion_found(answer)
    except outcome.AnswerError:  # no rule on this date: nothing follows to state
        return branch
    said = outcome.fill(after["text"], {"deletion_return": f"{found.school_rule} {found.national_rule}".strip()})
    if branch.get("after_deletion_as") == "when":
        return {**branch, "when": said.replace("{", "{{").replace("}", "}}")}  # filled again with the fields
    answer.also.append(said)
    return branch


def _now(answer, procedures, steps) -> str:
    """The steps to take now: a named step is the school's own procedure (``rules.now``), with its clauses."""
    said = []
    for step in dict.fromkeys(steps):
        if step not in procedures:
            said.append(step)
            continue
        procedure = procedures[step].get(answer.school)
        if procedure:
            said.append(procedure["text"])
            answer.clauses.extend(procedure["clauses"])
    return " ".join(said)


def _contacts(answer, rules, outcome_id) -> str:
    """The local authority's contact table, for an answer that says to tell it."""
    if outcome_id not in NOTIFY:
        return ""
    said = ""
    for la_document in local_authority_documents(answer.data, answer.school):
        contact = (rules.get("la_contacts") or {}).get(la_document)
        if contact:
            said += " " + contact["text"]
            answer.rules.append(contact["clause"])
    return said


def _texts(answer, branch) -> list:
    """The branch's texts filled in (a text written ``{states: [...]}`` is those rules' words, where they
    hold); returns the statements said in them."""
    said = []
    for name in TEXT_FIELDS:
        text = branch.get(name)
        if isinstance(text, dict):
            statements = answer.state(text["states"], only_where_held=True)
            said.extend(statements)
            answer.fields[name] = " ".join(statement.text for statement in statements) or None
        else:
            answer.fields[name] = outcome.fill(text, answer.fields) if text else None
    return said


def decide(answers, data, *, school, on, tool, audience="staff") -> dict:
    rules = tool["rules"]
    situations = rules["situations"]
    situation, answers = _answered_as(situations[answers["situation"]], answers)
    spec = situations[situation]
    answer = _Answer(data, school, to_date(on), situation, audience)

    try:
        branch = _branch(answer, answers, spec, situations)
    except _NoRuleHeld:  # a school with no row of its own here, and no national rule: say so, as an answer
        branch = {"outcome": "consider", "reason": rules["no_rule_held"]}
        answer.fields["school"] = data["documents"][school]["organisation"]
    if branch.get("deletion_return") == "summary":
        branch = _worded(answer, branch, _deletion_found(answer))
    branch = _after_deletion(answer, spec, answers, branch)
    if isinstance(spec.get("also"), dict):  # said of every answer in this situation, where it holds
        answer.also_stated.extend(spec["also"].get("states") or [])
    elif spec.get("also"):
        answer.also.append(spec["also"])
    stated = answer.state(answer.stated)
    also_stated = answer.state(answer.also_stated, only_where_held=True)

    fields = answer.fields
    fields.setdefault("national_rule", "")
    fields.update({"situation": situation, "stated": " ".join(s.text for s in stated),
                   "now": _now(answer, rules.get("now") or {}, answer.now)})
    in_texts = _texts(answer, branch)
    fields["contacts"] = _contacts(answer, rules, branch["outcome"])
    fields["also"] = "".join([*(" " + outcome.fill(text, fields) for text in answer.also),
                              *(" " + statement.text for statement in also_stated)])
    return outcome.build(data, tool, branch["outcome"], fields, answer.rules + answer.clauses, answer.notes,
                         audience, stated=[*stated, *in_texts, *also_stated, *answer.found])


def rules_for_unauthorised_days(data, school, on, days) -> list[str]:
    """The rules this tool states when a pupil has been absent without authorisation for ``days``
    school days in a row and the local authority must be told (none while it need not yet be). The
    leave tool and the parents' pages state these rules, in their own audience's words, so that they
    say what this tool says."""
    try:
        said = decide({"situation": "unauthorised_absence", "unauthorised_days": days}, data, school=school,
                      on=to_date(on), tool=data["tools"]["notify_la"])
    except outcome.AnswerError:  # no rule for the date: nothing to state
        return []
    return said["rules"] if said["outcome"] in NOTIFY else []
