"""Whether the school's policy the handbook holds had begun on the date asked.

The handbook holds one edition of each school's policy. An answer for a date before that edition took
effect can still show the school's rules, but must say that they are the rules as they now stand, not
the ones in force then; otherwise a 2023 answer would print a 2026 process as if it applied.
"""

from __future__ import annotations

from .facts import to_date
from .outcome import MONTHS


def starts_after(data, school: str, day) -> str | None:
    """The month the school's policy takes effect, in words ("April 2026"), if that is after ``day``."""
    document = data["documents"][school]
    start = document.get("effective") or document.get("issued")
    if not start or to_date(start) <= to_date(day):
        return None
    parts = str(start).split("-")
    return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}" if len(parts) >= 2 else parts[0]
