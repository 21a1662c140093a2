"""The national attendance codes in force on a date.

``codes.yaml`` dates each code (``from``, and ``until`` for a code withdrawn): the 2024 list added
codes and ended others. Every tool and page that names a code asks this module which codes were in
force, so no two of them can disagree on the day a code starts or ends.
"""

from __future__ import annotations

from .facts import to_date


def in_force(data, on) -> dict[str, dict]:
    """Each code in force on the date -> its entry, in codes.yaml's order (the official list's)."""
    day = to_date(on)
    found: dict[str, dict] = {}
    for listed in data["codes"]:
        if _current(listed, day):
            found.setdefault(listed["code"], listed)
    return found


def entry(data, code: str, on) -> dict | None:
    """The entry of ``code`` in force on the date, or None when it was not a code then.

    Asked hundreds of thousands of times in a council's build (every question that offers codes), so
    it compares the code before any date and stops at the first match."""
    day = to_date(on)
    for listed in data["codes"]:
        if listed["code"] == code and _current(listed, day):
            return listed
    return None


def meaning(data, code: str, on) -> str | None:
    """What ``code`` means on the date (codes.yaml's ``meaning``), or None when it was not a code then."""
    found = entry(data, code, on)
    return found["meaning"] if found else None


def _current(listed: dict, day) -> bool:
    return to_date(listed["from"]) <= day and (not listed.get("until") or day <= to_date(listed["until"]))
