"""Penalty notice — can one be issued for this pupil, which one would it be, and how much is it?

The question is answered in the order the law asks it: the kind of school (section 444A covers only
some), the pupil's age, the national threshold, how many notices the parent has already had for the
pupil, then the amount and payment period in force on the date the notice is issued. Every sentence
that states a rule (the threshold, the amounts, from when the periods run, the limit, where penalty
notices do not reach, prosecution at any school) is a rule of ``policy_data/rules.yaml``, stated
through ``tools_py.rules`` for this school, date and audience: the leave tool and the parents' pages
say it in the same words. The school's and its local authority's own process is rows of the tool's
rules, shown only for dates on which the policy that holds them was in force. This module only
chooses among them.
"""

from __future__ import annotations

import datetime as _dt

from . import outcome
from . import rules as _rules
from .facts import FactMissing, local_authority_documents, lookup, own, to_date
from .policy_dates import held_on, in_words

# What make check holds the tool's YAML to: the outcomes this module gives, and the blanks it fills.
OUTCOMES = ("earlier_rules", "earlier_notice_not_settled", "first_notice", "no_further_notice", "not_compulsory_age",
            "not_paid_in_time", "school_not_covered", "second_notice", "threshold_not_met")
_TEXTS = ("threshold_count_text", "after_text", "amount_text", "earlier_text", "guidance", "issued_text", "limit_text", "not_here_text",
          "paid_text", "period_text", "process_text", "school_process_text", "authority_process_text", "prosecution_text", "second_text",
          "threshold_text", "unpaid_text", "unpaid_when")
FIELDS = frozenset({*_TEXTS, "amount_due", "day", "from", "full", "full_days", "issued", "limit_from", "max_notices",
                    "notice", "period_days", "reduced", "reduced_days", "school", "school_type", "second",
                    "second_days", "sessions", "threshold", "threshold_met", "weeks", "years"})
_LIMIT = "penalty_notice.max_per_parent_per_child"


class _Answer:
    """One answer as it is put together: its fields, the clauses and rules it rests on, its notes."""

    def __init__(self, data, tool, school, day, audience):
        self.data, self.tool, self.school, self.day, self.audience = data, tool, school, day, audience
        self.texts = tool["rules"]["texts"].get(audience) or tool["rules"]["texts"]["staff"]
        self.fields: dict = {**dict.fromkeys(_TEXTS, ""), "school": data["documents"][school]["organisation"],
                             "issued": outcome.date_in_words(day)}
        self.clauses: list[str] = []
        self.notes: list[str] = []
        self.stated: list = []

    def state(self, rule_id, field=None, on=None):
        """State a rule of rules.yaml for this school and date; its words go into ``field``."""
        statement = _rules.state(self.data, rule_id, school=self.school, on=on or self.day, audience=self.audience)
        if field:  # a later statement for the same words replaces the earlier (a second notice's amount)
            self.stated = [(said, earlier) for said, earlier in self.stated if said != field] + [(field, statement)]
            self.fields[field] = statement.text
        return statement

    def state_if_held(self, rule_id, field):
        """The rule stated, as ``state``; None where it does not hold for this school and date."""
        try:
            return self.state(rule_id, field)
        except _rules.OutOfScope:
            return None

    def say(self, field, text_key, **extra):
        """One of the tool's own sentences (rules.texts), its blanks filled from the answer so far."""
        self.fields[field] = outcome.fill(self.texts[text_key], {**self.fields, **extra})

    def note(self, text_key, **extra):
        note = outcome.fill(self.texts[text_key], {**self.fields, **extra})
        if note not in self.notes:
            self.notes.append(note)

    def give(self, outcome_id) -> dict:
        """The outcome; it lists as stated the rules its words show, and cites every rule it rests on."""
        texts = self.tool["outcomes"][outcome_id]
        chosen = texts.get(self.audience) if isinstance(texts.get(self.audience), dict) else texts
        words = str({key: wording for key, wording in chosen.items() if key not in _rules.AUDIENCES})
        shown = [statement for field, statement in self.stated if "{" + field + "}" in words]
        rested_on = [clause for _, statement in self.stated for clause in statement.clauses]
        notes = [*self.notes, *(note for _, statement in self.stated for note in statement.notes)]
        return outcome.build(self.data, self.tool, outcome_id, self.fields, [*self.clauses, *rested_on], notes,
                             self.audience, shown)


def decide(answers, data, *, school, on, tool, audience="staff") -> dict:
    answer = _Answer(data, tool, school, to_date(on), audience)
    if _not_covered(answer):
        return answer.give("school_not_covered")
    answer.clauses.append(lookup(data, None, "penalty_notice.school_types", answer.day).clause)
    if not answers["compulsory_school_age"]:
        return answer.give("not_compulsory_age")
    answer.say("issued_text", "issue_day")
    _threshold(answer, answers["unauthorised_sessions"])
    _amounts(answer)
    _process(answer)
    _check_earlier_notice(answer, answers)
    limit = answer.state_if_held("penalty-limit", "limit_text")
    if limit is None:  # the rules before 19 August 2024: no second rate, no limit
        answer.fields["notice"] = "first"
        return _payment(answer, answers, "earlier_rules")
    answer.fields.update({"max_notices": limit.values["most"], "years": limit.values["years"]})
    if answers.get("earlier_notice"):
        return _not_settled(answer)
    if answers["previous_notices"] == "two_or_more":
        answer.fields.update({"notice": None, "after_text": _rows(answer, "after_limit")})
        return answer.give("no_further_notice")
    notice = answer.fields["notice"] = "first" if answers["previous_notices"] == "none" else "second"
    if notice == "second":
        answer.fields.update(answer.state("penalty-second-notice", "amount_text").values)
    if not answer.fields["threshold_met"]:
        return answer.give("threshold_not_met")
    if notice == "first":
        answer.state("penalty-periods-start", "period_text")
    return _payment(answer, answers, f"{notice}_notice")


def _national(data, key, day):
    """A national fact on the date, or None (asked of the national documents only)."""
    try:
        return lookup(data, None, key, day)
    except FactMissing:
        return None


def _first_date(data, key) -> _dt.date:
    """The date a dated national fact first takes effect (to say from when a rule applies)."""
    return next(to_date(entry[0]["from"]) for document in data["documents"].values()
                if document.get("kind") == "national" and isinstance(entry := (document.get("facts") or {}).get(key), list))


def _not_covered(answer) -> bool:
    """Whether the school's kind is outside section 444A: then that, and prosecution at any school, is said."""
    kind = own(answer.data, answer.school, "school.type", answer.day)
    if kind is None:
        raise outcome.AnswerError("school", "the handbook does not record which kind of school this is")
    if answer.state_if_held("penalty-not-at-this-school", "not_here_text") is None:
        return False
    answer.state("prosecution-at-any-school", "prosecution_text")
    answer.fields["school_type"] = kind.value
    chapters = _national(answer.data, "guidance.independent_school_chapters", answer.day)
    if kind.value == "independent" and chapters is not None:
        answer.clauses.append(chapters.clause)
        answer.say("guidance", "independent_guidance")
    return True


def _threshold(answer, sessions):
    """The national threshold and whether this count reaches it; before it took effect, from when it does."""
    answer.fields["sessions"] = sessions
    rule = answer.state_if_held("penalty-threshold", "threshold_text")
    if rule is None:
        start = _first_date(answer.data, "penalty_notice.threshold_sessions")
        later = answer.state("penalty-threshold", on=start)
        answer.clauses.extend(later.clauses)
        answer.fields.update({**later.values, "threshold_met": None, "from": outcome.date_in_words(start)})
        answer.say("threshold_count_text", "threshold_none")  # the verdict: no threshold yet on this date
        answer.fields["threshold_text"] = ""
        return
    met = sessions >= rule.values["threshold"]
    answer.fields.update({**rule.values, "threshold_met": met})
    answer.fields["threshold_count_text"] = outcome.fill(
        answer.texts["threshold_met" if met else "threshold_not_met"], answer.fields)  # the verdict; the rule a line
    _own_statement(answer, ("penalty_notice.threshold_sessions", "penalty_notice.threshold_school_weeks"),
                   (rule.values["threshold"], rule.values["weeks"]), "topic_threshold", rule.clauses[0])


def _own_statement(answer, keys, values, topic, national_clause):
    """Cite the school's own statement of a national value where it gives the same; say where it is silent
    (nothing, for a date before the held policy: what the policy then in force said is not known)."""
    if not held_on(answer.data, answer.school, answer.day):
        return
    stated = [own(answer.data, answer.school, key, answer.day) for key in keys]
    answer.clauses.extend(found.clause for found, wanted in zip(stated, values)
                          if found is not None and found.value == wanted)
    if all(found is None for found in stated) and topic:
        source = answer.data["documents"][answer.data["clauses"][national_clause]["document"]]
        answer.note("silent", topic=answer.texts[topic], source=source["organisation"],
                    label=answer.data["clauses"][national_clause]["label"])


def _amounts(answer):
    """The first notice's amounts in force on the date; a note where a document states others."""
    try:
        first = answer.state("penalty-first-notice", "amount_text")
    except _rules.OutOfScope:
        raise outcome.AnswerError("date", f"the handbook has no penalty-notice amounts for {answer.day.isoformat()}") from None
    answer.fields.update(first.values)
    _own_statement(answer, ("penalty_notice.first_reduced_amount", "penalty_notice.first_full_amount"),
                   (first.values["reduced"], first.values["full"]), None, None)
    for doc_id in [answer.school] + local_authority_documents(answer.data, answer.school):
        stated = (answer.tool["rules"].get("stated_amounts") or {}).get(doc_id)
        if stated and (stated["reduced"], stated["full"]) != (first.values["reduced"], first.values["full"]):
            answer.clauses.append(stated["clause"])
            answer.note("conflict", document=answer.data["documents"][doc_id]["organisation"],
                        stated_reduced=stated["reduced"], stated_full=stated["full"],
                        label=answer.data["clauses"][stated["clause"]]["label"])


def _process(answer):
    """The school's own penalty-notice process and its local authority's, each a line of its own;
    where neither is held, the line for the school says its policy does not describe one."""
    own_process = _rows(answer, "process", whose=("schools",))
    authority_process = _rows(answer, "process", whose=("local_authorities",))
    said = " ".join(filter(None, (own_process, authority_process)))
    silent = "" if said or not held_on(answer.data, answer.school, answer.day) else \
        outcome.fill(answer.texts["no_process"], answer.fields)
    answer.fields.update({"process_text": said or silent, "school_process_text": own_process or silent,
                          "authority_process_text": authority_process})


def _rows(answer, part, silent=None, whose=("schools", "local_authorities")) -> str:
    """What the school's and its local authority's rows of ``part`` say, their clauses cited; for a
    date before the held policy took effect, a note that the policy then in force is not held."""
    table = answer.tool["rules"].get(part) or {}
    groups = [(answer.school, (table.get("schools") or {}).get(answer.school))] if "schools" in whose else []
    groups += [(doc_id, (table.get("local_authorities") or {}).get(doc_id))
               for doc_id in local_authority_documents(answer.data, answer.school)] \
        if "local_authorities" in whose else []
    said, held = [], held_on(answer.data, answer.school, answer.day)
    for doc_id, rows in groups:
        if rows and not held_on(answer.data, doc_id, answer.day):
            answer.note("policy_not_held", document=answer.data["documents"][doc_id]["organisation"],
                        start=in_words(answer.data, doc_id))
            continue
        for row in rows or []:
            said.append(" ".join(row["text"].split()))
            answer.clauses.extend([row["clause"], *(row.get("also") or [])])
    if not said and silent and held:
        return outcome.fill(answer.texts[silent], answer.fields)
    return " ".join(said)


def _check_earlier_notice(answer, answers):
    """A notice before the limit took effect: impossible to deny before that date, or to count 3 years after."""
    if "earlier_notice" not in answers:
        return
    start = _first_date(answer.data, _LIMIT)
    years = lookup(answer.data, None, "penalty_notice.max_period_years", start).value
    answer.fields["limit_from"] = outcome.date_in_words(start)
    if answer.day < start and not answers["earlier_notice"]:
        raise outcome.AnswerError("earlier_notice", f"on {outcome.date_in_words(answer.day)} every notice already "
                                                    f"issued was issued before {answer.fields['limit_from']}")
    if answers["earlier_notice"] and answer.day >= start.replace(year=start.year + years):
        raise outcome.AnswerError("earlier_notice", f"a notice issued before {answer.fields['limit_from']} was issued "
                                                    f"more than {years} years before {outcome.date_in_words(answer.day)}, "
                                                    f"so it is not one of the notices in the last {years} years")


def _not_settled(answer) -> dict:
    """A notice issued before the limit took effect: no source says whether it counts, so neither does this."""
    answer.fields.update({"notice": None, "first_text": answer.fields["amount_text"]})
    answer.state("penalty-second-notice", "second_text")
    answer.say("earlier_text", "earlier_notice")
    return answer.give("earlier_notice_not_settled")


def _payment(answer, answers, outcome_id) -> dict:
    """The amount due on the day the penalty is paid, or what follows when it is not paid in time."""
    fields = answer.fields
    second = fields["notice"] == "second"
    fields["period_days"] = fields["second_days"] if second else fields["full_days"]
    day = answers.get("paid_after_days")
    if answers.get("payment") is None:
        return answer.give(outcome_id)
    if answers["payment"] == "paid" and day <= fields["period_days"]:
        key = "paid_flat" if second else "paid_reduced" if day <= fields["reduced_days"] else "paid_full"
        fields.update({"day": day, "amount_due": fields["second" if second else "reduced" if key == "paid_reduced" else "full"]})
        answer.say("paid_text", key)
        return answer.give(outcome_id)
    fields.update({"day": day, "amount_due": None})
    answer.say("unpaid_when", "unpaid_day" if day else "unpaid")
    answer.clauses.extend(answer.tool["rules"]["unpaid_clauses"])
    fields["unpaid_text"] = _rows(answer, "unpaid")
    return answer.give("not_paid_in_time")
