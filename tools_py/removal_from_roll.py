"""Removal from roll — can this pupil's name be deleted from the admission register, and what then?

The grounds (regulation 9 of the 2024 Regulations), what each needs, what the school's own policy
adds before a name comes off, and the deletion return are all rows of the tool's rules, each citing
its clause. This module checks the answers against the chosen ground's needs and assembles the
answer; it never decides a ground is met on anything but those answers.
"""

from __future__ import annotations

from . import outcome
from .facts import to_date

# What make check holds the tool's YAML to: the outcomes this module gives, and the blanks it fills.
OUTCOMES = ("delete_after_checking", "delete_now", "no_ground", "not_compulsory_age", "not_yet")
FIELDS = frozenset({"final_year_leaver", "ground", "ground_label", "letter", "return_text", "school_rules",
                    "unmet"})

def _school_rules(rules, school, ground, clauses) -> str:
    """What the school's own policy adds, for any ground and for this one, its clauses cited."""
    mine = rules["school_rules"].get(school) or {}
    said = []
    for row in (mine.get("any") or []) + (mine.get(ground) or [] if ground else []):
        said.append(row["text"])
        clauses.append(row["clause"])
        clauses.extend(row.get("also") or [])
    return " ".join(said)


def _deletion_return(data, rules, school, final_year, clauses, notes) -> str:
    """The deletion return: the school's own rule where it has one, else the national rule (said so)."""
    national = rules["returns"]["national"]
    own = rules["returns"].get(school)
    row = own or national
    clauses.append(row["clause"])
    clauses.extend(row.get("also") or [])
    if own is None:
        source = data["documents"][data["clauses"][national["clause"]]["document"]]
        notes.append(outcome.fill(rules["texts"]["silent"], {
            "school": data["documents"][school]["organisation"], "source": source["organisation"],
            "label": data["clauses"][national["clause"]]["label"]}))
    if final_year and row.get("final_year"):
        if own is None:
            clauses.append(national["final_year_clause"])
        return row["final_year"]
    if final_year and own is not None:  # the school's policy makes no exception: the national one still applies
        clauses.append(national["final_year_clause"])
        return f"{row['text']} Nationally, {national['final_year'][0].lower()}{national['final_year'][1:]}"
    return row["text"]


def decide(answers, data, *, school, on, tool, audience="staff") -> dict:
    rules = tool["rules"]
    day = to_date(on)
    start = to_date(rules["in_force_from"]["from"])
    if day < start:
        raise outcome.AnswerError("date", "the handbook holds the grounds for deletion of the 2024 Regulations, "
                                          f"in force from {outcome.date_in_words(start)}, and not the earlier ones")
    notes: list[str] = []
    clauses: list[str] = []
    fields: dict = {}

    if not answers["compulsory_school_age"]:
        clauses.extend(["regs2024-reg9-3", "wt2024-deletions-when"])
        fields["school_rules"] = _school_rules(rules, school, None, clauses)
        return outcome.build(data, tool, "not_compulsory_age", fields, clauses, notes, audience)

    ground = answers["ground"]
    fields["ground"] = ground
    if ground == "other":
        clauses.extend(["regs2024-reg9", "wt2024-deletions-when"])
        fields["school_rules"] = _school_rules(rules, school, None, clauses)
        return outcome.build(data, tool, "no_ground", fields, clauses, notes, audience)

    spec = rules["grounds"][ground]
    fields["letter"] = spec["letter"]
    clauses.append(spec["clause"])
    clauses.extend(spec.get("also") or [])
    clauses.append("wt2024-deletions-when")
    needs = spec.get("needs") or {}
    # In the order the questions are asked (the packaged data does not keep a mapping's order).
    unmet = [rules["unmet"][question["id"]] for question in tool["questions"]
             if question["id"] in needs and answers.get(question["id"]) != needs[question["id"]]]
    fields["school_rules"] = _school_rules(rules, school, ground, clauses)
    fields["final_year_leaver"] = answers["final_year_leaver"]
    if unmet:
        fields["unmet"] = " ".join(unmet)
        return outcome.build(data, tool, "not_yet", fields, clauses, notes, audience)
    fields["return_text"] = _deletion_return(data, rules, school, answers["final_year_leaver"], clauses, notes)
    if spec.get("checked"):
        return outcome.build(data, tool, "delete_now", fields, clauses, notes, audience)
    label = next(choice["label"] for question in tool["questions"] if question["id"] == "ground"
                 for choice in question["choices"] if choice["value"] == ground)
    short = label.split(") ", 1)[-1].rstrip(".")
    fields["ground_label"] = short[:1].lower() + short[1:]
    return outcome.build(data, tool, "delete_after_checking", fields, clauses, notes, audience)
