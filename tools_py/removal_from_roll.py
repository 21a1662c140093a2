"""Removal from roll — can this pupil's name be deleted from the admission register, and what then?

The grounds (regulation 9 of the 2024 Regulations), the answer each of a ground's questions must have
for it to be met, the kinds of school a ground is for, and what the school's own policy adds before a
name comes off are rows of the tool's rules, each citing its clause. The deletion return that follows
is the rules' of ``policy_data/rules.yaml``, stated through ``tools_py.deletion_return`` as *Must I
tell the local authority?* states it. This module checks the answers against the chosen ground and
assembles the answer; it never decides a ground is met on anything but those answers.
"""

from __future__ import annotations

from . import deletion_return, outcome
from .facts import lookup, own, to_date

# What make check holds the tool's YAML to: the outcomes this module gives, and the blanks it fills.
OUTCOMES = ("delete_now", "no_ground", "not_compulsory_age", "not_this_school", "not_yet")
FIELDS = frozenset({"can_delete_now", "final_year_leaver", "ground", "ground_label", "ground_school_kinds",
                    "letter", "return_due", "return_national", "return_school", "return_verdict", "school", "school_kind",
                    "school_rules", "unmet"})


class _Answer:
    """What one answer collects: its fields, the clauses it cites, its notes and the rules it states."""

    def __init__(self, data, tool, school, day, audience):
        self.data, self.tool, self.school, self.day, self.audience = data, tool, school, day, audience
        self.fields: dict = {"can_delete_now": False, "school": data["documents"][school]["organisation"]}
        self.clauses: list[str] = []
        self.notes: list[str] = []
        self.stated: list = []

    def cite(self, *clause_ids):
        self.clauses.extend(clause_ids)

    def ground(self, ground, spec):
        """The ground's letter and words (its choice's label), and the clauses that state it."""
        self.fields.update(ground=ground, letter=spec["letter"], ground_label=next(
            choice["label"] for question in self.tool["questions"] if question["id"] == "ground"
            for choice in question["choices"] if choice["value"] == ground))
        self.cite(spec["clause"], *(spec.get("also") or []), "wt2024-deletions-when")

    def school_rules(self, ground):
        """What the school's own policy adds, for any ground and for this one, its clauses cited."""
        mine = self.tool["rules"]["school_rules"].get(self.school) or {}
        rows = (mine.get("any") or []) + ((mine.get(ground) or []) if ground else [])
        for row in rows:
            self.cite(row["clause"], *(row.get("also") or []))
        self.fields["school_rules"] = " ".join(row.get("text") or f"“{row['words']}”" for row in rows)

    def build(self, outcome_id):
        return outcome.build(self.data, self.tool, outcome_id, self.fields, self.clauses, self.notes,
                             self.audience, stated=self.stated)


def _refuse_earlier_dates(rules, day):
    start = to_date(rules["in_force_from"]["from"])
    if day < start:
        raise outcome.AnswerError("date", "the handbook holds the grounds for deletion of the 2024 Regulations, "
                                          f"in force from {outcome.date_in_words(start)}, and not the earlier ones")


def _kind_fits(answer, spec) -> bool:
    """Whether the school is of a kind the ground is for (a ground such as (m) or (n) names them)."""
    if not spec.get("school_types"):
        return True
    kinds = lookup(answer.data, None, spec["school_types"], answer.day)
    kind = own(answer.data, answer.school, "school.type", answer.day)
    answer.cite(kinds.clause, *([kind.clause] if kind.clause else []))
    if kind.note:
        answer.notes.append(kind.note)
    words = answer.data.get("school_kinds") or {}
    answer.fields.update(school_kind=words.get(kind.value, kind.value),
                         ground_school_kinds=" or ".join(words.get(item, item) for item in kinds.value))
    return kind.value in kinds.value


def _unmet(answer, spec, answers) -> list[str]:
    """Why each answer that fails the ground does, in the order the questions are asked."""
    rules = answer.tool["rules"]
    needs = spec.get("needs") or {}
    figures = {name: lookup(answer.data, None, key, answer.day).value for name, key in rules["figures"].items()}
    return [outcome.fill_part(rules["unmet"][question["id"]], figures) for question in answer.tool["questions"]
            if question["id"] in needs and answers.get(question["id"]) != needs[question["id"]]]


def _deletion_return(answer, answers):
    """Whether a deletion return is due, by when, and the rules that say so."""
    texts = answer.tool["rules"]["texts"]
    found = deletion_return.assess(answer.data, answer.school, answer.day, final_year=answers["final_year_leaver"],
                                   la_requested=answers.get("la_requested"))
    verdict = (outcome.fill(texts["return_due"], {"when": found.when}) if found.due and found.when
               else texts["return_due_no_deadline"] if found.due else texts["return_not_due"])
    answer.fields.update(return_due=found.due, return_verdict=verdict, return_school=found.school_rule,
                         return_national=found.national_rule, final_year_leaver=answers["final_year_leaver"])
    answer.stated.extend(found.statements)
    answer.cite(*found.clauses)
    answer.notes.extend(found.notes)


def decide(answers, data, *, school, on, tool, audience="staff") -> dict:
    rules, day = tool["rules"], to_date(on)
    _refuse_earlier_dates(rules, day)
    answer = _Answer(data, tool, school, day, audience)
    if not answers["compulsory_school_age"]:
        answer.cite("regs2024-reg9-3", "wt2024-deletions-when")
        answer.school_rules(None)
        return answer.build("not_compulsory_age")
    ground = answers["ground"]
    if ground == "other":
        answer.cite("regs2024-reg9", "wt2024-deletions-when")
        answer.school_rules(None)
        return answer.build("no_ground")
    spec = rules["grounds"][ground]
    answer.ground(ground, spec)
    answer.school_rules(ground)
    if not _kind_fits(answer, spec):
        return answer.build("not_this_school")
    unmet = _unmet(answer, spec, answers)
    if unmet:
        answer.fields["unmet"] = " ".join(unmet)
        return answer.build("not_yet")
    _deletion_return(answer, answers)
    answer.fields["can_delete_now"] = True
    return answer.build("delete_now")
