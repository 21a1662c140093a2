"""One home for each rule a reader is told, and the scope it holds in.

A rule sentence that more than one place states (a tool's answer, a parents' page, an induction
question, another tool's pointer) lives once, in ``policy_data/rules.yaml``: its words (for staff and,
where they differ, for parents), the clause it comes from, the facts its blanks take their values
from, and its **scope**: the kinds of school, the schools, the dates and the audiences it applies to.

Every surface states a rule through ``state``, which refuses a school, date or audience outside the
rule's scope (``OutOfScope``) instead of printing a rule where it does not hold. A surface that must
say whatever applies on a topic (what follows absence without permission, at any school) asks
``applicable``, which gives the rules of the topic in scope, in the topic's order: a rule is then
never shown out of its scope and never dropped where it holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .facts import FactMissing, lookup, own, to_date
from .outcome import fill_part

AUDIENCES = ("staff", "parents")


class OutOfScope(LookupError):
    """A surface stated a rule for a school, date or audience the rule does not cover."""

    def __init__(self, rule_id: str, source: str, why: str):
        super().__init__(f"{source}: {rule_id}: {why}")
        self.rule_id, self.source, self.why = rule_id, source, why


@dataclass(frozen=True)
class Statement:
    """A rule as one surface states it: its words filled in, and every clause they rest on."""

    rule: str
    text: str
    clauses: tuple = ()
    values: dict = field(default_factory=dict)
    notes: tuple = ()  # what the reader must know to rely on it (a school's kind no clause states)


def _rule(data, rule_id: str) -> dict:
    try:
        return data["rules"][rule_id]
    except KeyError:
        raise OutOfScope(rule_id, "policy_data/rules.yaml", "no rule has this id") from None


def _school_kind(data, school, on):
    kind = own(data, school, "school.type", on)
    return None if kind is None else kind.value


def _kinds(data, wanted, on) -> tuple[set, bool]:
    """The kinds of school a scope names (a list, or a national fact's list), and whether it is
    the kinds *outside* that list that are meant."""
    if isinstance(wanted, list):
        return set(wanted), False
    key = wanted.get("fact") or wanted.get("outside_fact")
    try:
        listed = lookup(data, None, key, on).value
    except FactMissing:
        listed = []
    return set(listed), "outside_fact" in wanted


def scope_problem(data, rule_id: str, *, school, on, audience: str = "staff") -> str | None:
    """Why the rule does not hold for this school, date and audience; None when it does."""
    rule = _rule(data, rule_id)
    scope = rule.get("scope") or {}
    day = to_date(on)
    if audience not in (scope.get("audiences") or AUDIENCES):
        return f"it is not for {audience} (audiences: {', '.join(scope.get('audiences'))})"
    if scope.get("from") and day < to_date(scope["from"]):
        return f"it applies from {scope['from']}, and the date is {day.isoformat()}"
    if scope.get("until") and day > to_date(scope["until"]):
        return f"it applies until {scope['until']}, and the date is {day.isoformat()}"
    try:
        _values(data, rule, school, day)
    except FactMissing as missing:
        return f"it has no value on {day.isoformat()} ({missing})"
    if school is None:
        return None
    name = data["documents"][school]["organisation"]
    if scope.get("schools") and school not in scope["schools"]:
        return f"it is {', '.join(scope['schools'])}'s rule, not {name}'s"
    if scope.get("school_types"):
        kinds, outside = _kinds(data, scope["school_types"], day)
        kind = _school_kind(data, school, day)
        if kind is None:
            return f"the handbook does not record which kind of school {name} is"
        if (kind in kinds) == outside:
            where = "outside" if outside else "only for"
            return (f"it applies {where} these kinds of school: {', '.join(sorted(kinds))}; "
                    f"{name} is recorded as {kind.replace('_', ' ')}")
    return None


def _values(data, rule, school, day) -> tuple[dict, list]:
    """The rule's blanks filled from its facts on the date, and the facts' clauses."""
    values, clauses = {}, []
    national = rule.get("values_from") == "national"
    for name, key in (rule.get("values") or {}).items():
        found = lookup(data, None if national else school, key, day)
        value = found.value
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        values[name] = value
        clauses.append(found.clause)
    return values, clauses


def _about(data, school, day) -> dict:
    """The blanks every rule has: the school's name and its kind in words."""
    if school is None:
        return {}
    kind = _school_kind(data, school, day)
    return {"school": data["documents"][school]["organisation"],
            "school_kind": (data.get("school_kinds") or {}).get(kind, (kind or "").replace("_", " "))}


def _words(rule, audience: str, short: bool) -> str:
    """The rule's words for the audience: its one-line form for a verdict where asked and written."""
    keys = ([f"{audience}_short", "short"] if short and audience != "staff" else ["short"] if short else [])
    keys += [audience, "says"] if audience != "staff" else ["says"]
    return next(rule[key] for key in keys if rule.get(key))


def state(data, rule_id: str, *, school, on, audience: str = "staff", fields: dict | None = None,
          short: bool = False) -> Statement:
    """The rule in words for this school, date and audience; OutOfScope where it does not hold.

    ``short`` asks for the rule's one-line form (``short:``, ``parents_short:``), for a verdict."""
    rule = _rule(data, rule_id)
    problem = scope_problem(data, rule_id, school=school, on=on, audience=audience)
    if problem:
        raise OutOfScope(rule_id, rule.get("source", "policy_data/rules.yaml"), problem)
    day = to_date(on)
    values, value_clauses = _values(data, rule, school, day)
    text = fill_part(_words(rule, audience, short), {**_about(data, school, day), **(fields or {}), **values})
    clauses = [*([rule["clause"]] if rule.get("clause") else []), *(rule.get("also") or []), *value_clauses]
    notes = []
    if school is not None and ("school_kind" in _blanks(text_of(rule)) or (rule.get("scope") or {}).get("school_types")):
        kind = own(data, school, "school.type", day)
        if kind is not None and kind.clause:
            clauses.append(kind.clause)
        elif kind is not None and kind.note:
            notes.append(kind.note)
    return Statement(rule_id, text, tuple(dict.fromkeys(clauses)), values, tuple(notes))


def text_of(rule) -> str:
    """Every wording of a rule, joined (to see which blanks it uses)."""
    return " ".join(rule.get(key) or "" for key in ("says", "parents", "short", "parents_short"))


def _blanks(text: str) -> set:
    import string

    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def applies(data, rule_id: str, *, school, on, audience: str = "staff") -> bool:
    return scope_problem(data, rule_id, school=school, on=on, audience=audience) is None


def applicable(data, topic: str, *, school, on, audience: str = "staff", fields: dict | None = None
               ) -> list[Statement]:
    """Every rule of ``topic`` that holds for this school, date and audience, in the topic's order."""
    return [state(data, rule_id, school=school, on=on, audience=audience, fields=fields)
            for rule_id in data["topics"][topic]["rules"]
            if applies(data, rule_id, school=school, on=on, audience=audience)]
