"""What a tool returns, and the one error a reader can get: an answer that cannot be right."""

from __future__ import annotations

import functools
import string


class AnswerError(ValueError):
    """An answer that is missing, out of range, or impossible together with another answer."""

    def __init__(self, question: str, message: str):
        super().__init__(f"{question}: {message}")
        self.question = question
        self.message = message

    def as_dict(self) -> dict:
        return {"question": self.question, "message": self.message}


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def date_in_words(day) -> str:
    """2024-08-19 -> '19 August 2024': how a reader writes a date in a sentence."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


class _Blank(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def fill(template: str, fields: dict) -> str:
    """Put field values into an outcome text; an unknown name is left visible, never dropped.

    ``str.format_map`` reads a template as ``string.Formatter`` does (the data's texts are checked to
    hold only ``{name}`` blanks: tools_py/compile/dependencies.py), in C: a build fills the same texts
    hundreds of thousands of times, and the pure-Python formatter was a tenth of the tools' time."""
    return template.format_map(_Blank(fields))


def _blanks(template: str) -> tuple[str, ...]:
    return _blanks_of(template) if isinstance(template, str) else tuple(
        name for _, name, _, _ in string.Formatter().parse(template) if name)


@functools.lru_cache(maxsize=8192)
def _blanks_of(template: str) -> tuple[str, ...]:
    """The names of a text's blanks, read once per text (a build fills the same texts many times)."""
    return tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)


def fill_part(template: str, fields: dict) -> str:
    """One sentence or line of an answer, or "" when the logic found nothing to put in it.

    A part is left out when one of its blanks has no value (None: the handbook has no rule for it on
    the date) or when every blank is empty (a detail that does not apply to this case)."""
    names = _blanks(template)
    if any(name in fields and fields[name] is None for name in names):
        return ""
    if names and all(fields.get(name, "") == "" for name in names):
        return ""
    return " ".join(fill(template, fields).split())


def citation(data, clause_id: str, national: bool | None = None) -> dict:
    clause = data["clauses"][clause_id]
    document = data["documents"][clause["document"]]
    return {
        "clause": clause_id,
        "label": clause["label"],
        "document": clause["document"],
        "national": document.get("kind") == "national" if national is None else national,
    }


def distinct_labels(data, cited: list[dict]) -> list[dict]:
    """Citations whose labels would read alike (blocks of one unnumbered section) told apart by paragraph."""
    counts: dict[str, int] = {}
    for item in cited:
        counts[item["label"]] = counts.get(item["label"], 0) + 1
    seen: set[str] = set()
    for item in cited:
        if counts[item["label"]] > 1:
            paragraph = data["clauses"][item["clause"]].get("paragraph")
            if paragraph:
                item["label"] = f"{item['label']}, paragraph {paragraph}"
    for item in cited:  # anything still alike (two sections with one title) keeps its clause id
        if item["label"] in seen:
            item["label"] = f"{item['label']} ({item['clause']})"
        seen.add(item["label"])
    return cited


def _lines(chosen: dict, fields: dict) -> list[dict]:
    lines = []
    for line in chosen.get("lines") or []:
        text = fill_part(line["text"], fields)
        if text:
            lines.append({"label": fill(line["label"], fields), "text": text})
    return lines


def build(data, tool: dict, outcome_id: str, fields: dict, clauses: list, notes: list | None = None,
          audience: str = "staff", stated=()) -> dict:
    """Assemble an outcome from the tool's outcome texts (data) and the values the logic found.

    An answer opens with its verdict (one line: what to record or do, whether, by when, the fine) and
    then short labelled lines (who, how, deadline, what follows); ``text`` is the same words as one
    paragraph, for readers that show a single block. ``stated`` are the rules (``tools_py.rules``
    statements) the answer's words say: their clauses are cited, and their ids are listed (``rules``),
    so that two tools saying the same rule can be compared."""
    texts = tool["outcomes"][outcome_id]
    text = texts.get(audience) if isinstance(texts.get(audience), dict) else None
    chosen = text or texts
    seen, cited = set(), []
    for clause_id in [*clauses, *(clause for statement in stated for clause in statement.clauses)]:
        if clause_id and clause_id not in seen:
            seen.add(clause_id)
            cited.append(citation(data, clause_id))
    if "verdict" in chosen:
        parts = chosen["verdict"] if isinstance(chosen["verdict"], list) else [chosen["verdict"]]
        verdict = " ".join(filter(None, (fill_part(part, fields) for part in parts)))
        lines = _lines(chosen, fields)
    else:  # an outcome written as one paragraph
        verdict, lines = " ".join(fill(chosen["text"], fields).split()), []
    return {
        "tool": tool["id"],
        "outcome": outcome_id,
        "title": fill(chosen["title"], fields),
        "verdict": verdict,
        "lines": lines,
        "text": " ".join([verdict] + [line["text"] for line in lines]),
        "fields": fields,
        "citations": distinct_labels(data, cited),
        "notes": list(dict.fromkeys([*(notes or []), *(note for statement in stated for note in statement.notes)])),
        "rules": list(dict.fromkeys(statement.rule for statement in stated)),
    }
