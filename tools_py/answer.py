"""An answer being built: the school, date and audience it is for, and what each step adds to it.

A tool's ``decide`` reads as a short list of named steps. Each step looks at the answers and the data
and adds to one ``Answer``: the fields the outcome texts are filled from, the clauses it cites, the
notes the reader must see, and the rules of ``policy_data/rules.yaml`` it states. ``build`` turns it
into the outcome every tool returns, so no step has to pass six lists to the next.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from . import outcome
from . import rules as _rules
from .facts import Fact, FactMissing, lookup, own, to_date


@dataclass
class Answer:
    data: dict
    tool: dict
    school: str
    day: _dt.date
    audience: str = "staff"
    fields: dict = field(default_factory=dict)
    clauses: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    stated: list = field(default_factory=list)  # tools_py.rules statements the answer's words say

    @classmethod
    def begin(cls, data, tool, school, on, audience="staff") -> "Answer":
        return cls(data, tool, school, to_date(on), audience)

    @property
    def rules(self) -> dict:
        """The tool's own rule tables (``rules:`` in its YAML)."""
        return self.tool["rules"]

    @property
    def school_name(self) -> str:
        return self.data["documents"][self.school]["organisation"]

    def cite(self, *clause_ids) -> None:
        self.clauses.extend(clause for clause in clause_ids if clause)

    def note(self, text: str) -> None:
        if text and text not in self.notes:
            self.notes.append(text)

    def fact(self, key: str) -> Fact | None:
        """The value for the school on the date (its own, its local authority's, else national), or None."""
        try:
            return lookup(self.data, self.school, key, self.day)
        except FactMissing:
            return None

    def national(self, key: str) -> Fact | None:
        """The national value on the date, or None."""
        try:
            return lookup(self.data, None, key, self.day)
        except FactMissing:
            return None

    def own(self, key: str) -> Fact | None:
        """The school's own value on the date, or None where its policy is silent."""
        return own(self.data, self.school, key, self.day)

    def applicable(self, topic: str, **fill) -> list:
        """The rules of ``topic`` in scope for this school, date and audience, stated by this answer."""
        statements = _rules.applicable(self.data, topic, school=self.school, on=self.day,
                                       audience=self.audience, fields=fill or None)
        self.stated.extend(statements)
        return statements

    def clause_label(self, clause_id: str) -> str:
        return self.data["clauses"][clause_id]["label"]

    def build(self, outcome_id: str) -> dict:
        return outcome.build(self.data, self.tool, outcome_id, self.fields, self.clauses, self.notes,
                             self.audience, self.stated)
