"""What a tool returns, and the one error a reader can get: an answer that cannot be right."""

from __future__ import annotations

import string


class AnswerError(ValueError):
    """An answer that is missing, out of range, or impossible together with another answer."""

    def __init__(self, question: str, message: str):
        super().__init__(f"{question}: {message}")
        self.question = question
        self.message = message

    def as_dict(self) -> dict:
        return {"question": self.question, "message": self.message}


class _Blank(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def fill(template: str, fields: dict) -> str:
    """Put field values into an outcome text; an unknown name is left visible, never dropped."""
    return string.Formatter().vformat(template, (), _Blank(fields))


def citation(data, clause_id: str, national: bool | None = None) -> dict:
    clause = data["clauses"][clause_id]
    document = data["documents"][clause["document"]]
    return {
        "clause": clause_id,
        "label": clause["label"],
        "document": clause["document"],
        "national": document.get("kind") == "national" if national is None else national,
    }


def build(data, tool: dict, outcome_id: str, fields: dict, clauses: list, notes: list | None = None,
          audience: str = "staff") -> dict:
    """Assemble an outcome from the tool's outcome texts (data) and the values the logic found."""
    texts = tool["outcomes"][outcome_id]
    text = texts.get(audience) if isinstance(texts.get(audience), dict) else None
    chosen = text or texts
    seen, cited = set(), []
    for clause_id in clauses:
        if clause_id and clause_id not in seen:
            seen.add(clause_id)
            cited.append(citation(data, clause_id))
    return {
        "tool": tool["id"],
        "outcome": outcome_id,
        "title": fill(chosen["title"], fields),
        "text": fill(chosen["text"], fields),
        "fields": fields,
        "citations": cited,
        "notes": list(notes or []),
    }
