"""Penalty notice — can one be issued for this pupil, which one would it be, and how much is it?

The question is answered in the order the law asks it: the kind of school (section 444A covers only
some), the pupil's age, the national threshold, how many notices the parent has already had for the
pupil, then the amount and payment period in force on the date the notice is issued. Every figure is
a dated fact citing its clause; the school's and its local authority's own process is rows of the
tool's rules. This module only chooses among them.
"""

from __future__ import annotations

from . import outcome
from .facts import FactMissing, local_authority_documents, lookup, own, to_date
from .questions import value

# What make check holds the tool's YAML to: the outcomes this module gives, and the blanks it fills.
OUTCOMES = ("earlier_rules", "first_notice", "no_further_notice", "not_compulsory_age", "not_paid_in_time",
            "school_not_covered", "second_notice", "threshold_not_met")
FIELDS = frozenset({"after_text", "amount_due", "amount_text", "day", "from", "full", "full_days", "guidance",
                    "max_notices", "notice", "notice_text", "paid_text", "period_days", "process_text",
                    "authority_process_text", "school_process_text",
                    "reduced", "reduced_days", "school", "school_type", "school_type_label", "second",
                    "second_days", "sessions", "threshold", "threshold_met", "threshold_text", "unpaid_text",
                    "weeks", "years"})


def _national(data, key, day):
    """A national fact on the date, or None (asked of the national documents only)."""
    try:
        return lookup(data, None, key, day)
    except FactMissing:
        return None


def _first_date(data, key) -> str | None:
    """The date a dated national fact first takes effect (to say from when a rule applies)."""
    for doc_id, document in data["documents"].items():
        entry = (document.get("facts") or {}).get(key)
        if document.get("kind") == "national" and isinstance(entry, list) and entry:
            return str(entry[0]["from"])
    return None


def _rows(rules_part, school, data, clauses) -> list[str]:
    """The texts a school's own rows and its local authority's rows give, their clauses cited."""
    said = []
    groups = [((rules_part or {}).get("schools") or {}).get(school) or []]
    for doc_id in local_authority_documents(data, school):
        groups.append(((rules_part or {}).get("local_authorities") or {}).get(doc_id) or [])
    for rows in groups:
        for row in rows:
            said.append(" ".join(row["text"].split()))
            clauses.append(row["clause"])
            clauses.extend(row.get("also") or [])
    return said


def _covered(data, school, day, tool, texts, fields, clauses, notes, audience):
    """The outcome when the school's type is outside section 444A, else None."""
    kind = own(data, school, "school.type", day)
    covered = _national(data, "penalty_notice.school_types", day)
    if kind is None or covered is None:
        raise outcome.AnswerError("school", "the handbook does not record which kind of school this is")
    if kind.value in covered.value:
        return None
    clauses.extend([covered.clause, kind.clause])
    fields["school_type"] = kind.value
    fields["school_type_label"] = tool["rules"]["school_type_labels"][kind.value]
    fields["guidance"] = ""
    chapters = _national(data, "guidance.independent_school_chapters", day)
    if kind.value == "independent" and chapters is not None:
        clauses.append(chapters.clause)
        fields["guidance"] = texts["independent_guidance"]
    stated = data["documents"][school]["facts"]["school.type"]
    if isinstance(stated, dict) and stated.get("note"):  # where the document itself does not say
        notes.append(stated["note"])
    return outcome.build(data, tool, "school_not_covered", fields, clauses, notes, audience)


def _amounts(data, school, day, texts, fields, clauses, notes):
    """The amounts and periods in force on the date; notes where a document states others."""
    keys = {"reduced": "penalty_notice.first_reduced_amount", "reduced_days": "penalty_notice.first_reduced_days",
            "full": "penalty_notice.first_full_amount", "full_days": "penalty_notice.first_full_days",
            "second": "penalty_notice.second_amount", "second_days": "penalty_notice.second_days",
            "max_notices": "penalty_notice.max_per_parent_per_child", "years": "penalty_notice.max_period_years"}
    found = {name: _national(data, key, day) for name, key in keys.items()}
    if found["reduced"] is None or found["full"] is None:
        raise outcome.AnswerError("date", f"the handbook has no penalty-notice amounts for {day.isoformat()}")
    for name, fact in found.items():
        fields[name] = fact.value if fact else None
        if fact and name in ("reduced", "reduced_days", "full", "full_days"):
            clauses.append(fact.clause)
    for name in ("reduced", "full"):
        stated = own(data, school, keys[name], day)
        if stated is not None and stated.value == fields[name]:
            clauses.append(stated.clause)
    return found


def _stated_elsewhere(data, school, rules, texts, fields, clauses, notes):
    """Where the school's or its local authority's document states other amounts: say so, both cited."""
    for doc_id in [school] + local_authority_documents(data, school):
        stated = (rules.get("stated_amounts") or {}).get(doc_id)
        if not stated or (stated["reduced"], stated["full"]) == (fields["reduced"], fields["full"]):
            continue
        clauses.append(stated["clause"])
        notes.append(outcome.fill(texts["conflict"], {
            "document": data["documents"][doc_id]["organisation"], "stated_reduced": stated["reduced"],
            "stated_full": stated["full"], "label": data["clauses"][stated["clause"]]["label"],
            "reduced": fields["reduced"], "full": fields["full"]}))


def _paid(answers, texts, fields, period_key):
    """The amount due on the payment day given, or None when the period has ended (or no day given)."""
    day = answers.get("paid_after_days")
    if day is None:
        fields["paid_text"] = ""
        return True
    fields["day"] = day
    if period_key == "second_days":
        if day <= fields["second_days"]:
            fields["amount_due"] = fields["second"]
            fields["paid_text"] = outcome.fill(texts["paid_flat"], fields)
            return True
    elif day <= fields["reduced_days"]:
        fields["amount_due"] = fields["reduced"]
        fields["paid_text"] = outcome.fill(texts["paid_reduced"], fields)
        return True
    elif day <= fields["full_days"]:
        fields["amount_due"] = fields["full"]
        fields["paid_text"] = outcome.fill(texts["paid_full"], fields)
        return True
    fields["period_days"] = fields[period_key]
    fields["amount_due"] = None
    return False


def decide(answers, data, *, school, on, tool, audience="staff") -> dict:
    rules = tool["rules"]
    day = to_date(on)
    texts = rules["texts"].get(audience) or rules["texts"]["staff"]
    notes: list[str] = []
    clauses: list[str] = []
    fields: dict = {"school": data["documents"][school]["organisation"]}

    not_covered = _covered(data, school, day, tool, texts, fields, clauses, notes, audience)
    if not_covered is not None:
        return not_covered
    scope = _national(data, "penalty_notice.school_types", day)
    clauses.append(scope.clause)
    if not answers["compulsory_school_age"]:
        return outcome.build(data, tool, "not_compulsory_age", fields, clauses, notes, audience)

    # The national threshold (none before it took effect), the school's own statement of it cited.
    sessions = answers["unauthorised_sessions"]
    fields["sessions"] = sessions
    national_threshold = _national(data, "penalty_notice.threshold_sessions", day)
    if national_threshold is None:
        first = _first_date(data, "penalty_notice.threshold_sessions")
        later = lookup(data, None, "penalty_notice.threshold_sessions", first)
        weeks = lookup(data, None, "penalty_notice.threshold_school_weeks", first)
        clauses.append(later.clause)
        fields.update({"threshold": later.value, "weeks": weeks.value, "threshold_met": None, "from": outcome.date_in_words(to_date(first))})
        fields["threshold_text"] = outcome.fill(texts["threshold_none"], fields)
    else:
        threshold = value(data, school, "penalty_notice.threshold_sessions", day, notes, clauses)
        weeks = value(data, school, "penalty_notice.threshold_school_weeks", day, None, clauses)
        clauses.append(national_threshold.clause)
        met = sessions >= threshold
        fields.update({"threshold": threshold, "weeks": weeks, "threshold_met": met})
        fields["threshold_text"] = outcome.fill(texts["threshold_met" if met else "threshold_not_met"], fields)

    found = _amounts(data, school, day, texts, fields, clauses, notes)
    _stated_elsewhere(data, school, rules, texts, fields, clauses, notes)
    # The school's own process and its local authority's, each a line of the answer of its own.
    process = rules.get("process") or {}
    own_process = _rows({"schools": process.get("schools")}, school, data, clauses)
    authority_process = _rows({"local_authorities": process.get("local_authorities")}, school, data, clauses)
    said = own_process + authority_process
    fields["process_text"] = " ".join(said) if said else outcome.fill(texts["no_process"], fields)
    fields["school_process_text"] = " ".join(own_process) if said else fields["process_text"]
    fields["authority_process_text"] = " ".join(authority_process)
    previous = answers["previous_notices"]

    if found["second"] is None or found["max_notices"] is None:  # the rules before 19 August 2024
        fields["notice"] = "first"
        if not _paid(answers, texts, fields, "full_days"):
            return _unpaid(data, school, tool, fields, clauses, notes, audience)
        return outcome.build(data, tool, "earlier_rules", fields, clauses, notes, audience)

    clauses.extend([found["max_notices"].clause, found["second"].clause])
    if previous == "two_or_more":
        fields["notice"] = None
        fields["after_text"] = " ".join(_rows(rules.get("after_limit"), school, data, clauses))
        return outcome.build(data, tool, "no_further_notice", fields, clauses, notes, audience)

    fields["notice"] = "first" if previous == "none" else "second"
    fields["amount_text"] = outcome.fill(texts[fields["notice"]], fields)
    if not fields["threshold_met"]:
        fields["notice_text"] = fields["amount_text"]
        return outcome.build(data, tool, "threshold_not_met", fields, clauses, notes, audience)
    if not _paid(answers, texts, fields, "full_days" if previous == "none" else "second_days"):
        return _unpaid(data, school, tool, fields, clauses, notes, audience)
    return outcome.build(data, tool, f"{fields['notice']}_notice", fields, clauses, notes, audience)


def _unpaid(data, school, tool, fields, clauses, notes, audience):
    """The payment period has ended: the local authority prosecutes or withdraws the notice."""
    clauses.extend(tool["rules"]["unpaid_clauses"])
    fields["unpaid_text"] = " ".join(_rows(tool["rules"].get("unpaid"), school, data, clauses))
    return outcome.build(data, tool, "not_paid_in_time", fields, clauses, notes, audience)
