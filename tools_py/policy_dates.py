"""From when the handbook holds a document's text, to say so when a question is about an earlier date.

A school's policy in the handbook is the version of its date (when it took effect, else when it was
issued, else when it was last reviewed). For an earlier date the policy then in force may have said
something else, and the handbook does not hold it: a tool that would state the school's own process
for that date says so instead.
"""

from __future__ import annotations

from .facts import to_date
from .outcome import MONTHS


def held_from(data, doc_id):
    """The date the held version of the document speaks from; None for an undated document."""
    document = data["documents"][doc_id]
    start = document.get("effective") or document.get("issued") or document.get("last_review")
    return to_date(start) if start else None


def in_words(data, doc_id) -> str:
    """The document's date as it is written: 'April 2026', or '2026' when only the year is known."""
    document = data["documents"][doc_id]
    parts = str(document.get("effective") or document.get("issued") or document.get("last_review")).split("-")
    return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}" if len(parts) >= 2 else parts[0]


def held_on(data, doc_id, day) -> bool:
    """Whether the held version of the document was in force on the date (undated: taken as held)."""
    start = held_from(data, doc_id)
    return start is None or start <= to_date(day)
