"""*Which code?* and *Evidence and lateness* agree on the code of a late arrival.

*Which code?* codes one late arrival; *Evidence and lateness* says, beside a school's rule on repeated
lateness, how every late arrival is coded there: the time each register closes, the code before it, the
code after it, and the codes of the reasons that change it. For every school, on the day the 2024 rules
took effect and today, in both sessions, at each minute around the register's close (or before and after
it, where the school gives no times), with no reason and with each reason *Which code?* accepts, the
code *Which code?* gives is the code *Evidence and lateness* says that arrival gets.
"""

from __future__ import annotations

import pytest

from tools_py import api
from tools_py.facts import FactMissing, lookup
from tools_py.questions import school_ids
from tools_py.site.state import today

from .conftest import REPO  # noqa: F401 - the repository on sys.path, as for every test

DATES = ["2024-08-19", today().isoformat()]


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def arrivals(policy, school, day, session) -> list:
    """(answer to Which code?, arrived before the close?) at each minute around the register's times."""
    asked = api.handle({"op": "form", "tool": "which_code", "school": school, "date": day,
                        "answers": {"situation": "arrived_late", "session": session}}, policy)
    if "arrival_time" not in {question["id"] for question in asked["form"]["questions"]}:
        return [({"before_close": True}, True), ({"before_close": False}, False)]
    try:
        taken = _minutes(lookup(policy, school, f"registers.{session}.taken", day).value)
        closes = _minutes(lookup(policy, school, f"registers.{session}.closes", day).value)
    except FactMissing:
        return []
    times = sorted(time for time in {taken, taken + 1, closes - 1, closes, closes + 1, closes + 30} if time >= taken)
    return [({"arrival_time": _clock(time)}, time < closes) for time in times]


def reasons(policy) -> list:
    question = next(q for q in policy["tools"]["which_code"]["questions"] if q["id"] == "late_reason")
    return [None] + [choice["value"] for choice in question["choices"]]


def evidence_lateness_says(said, session, before, reason, arrival) -> str:
    """The code Evidence and lateness's answer (``said``) says this arrival gets, judged by the close it states."""
    codes, closes = said["fields"]["late_codes"][session], said["fields"]["register_closes"][session]
    if "arrival_time" in arrival:  # judged by the time it states, not by the tool's own flag
        assert closes is not None, (school, session, said["fields"]["register_closes"])
        before = _minutes(arrival["arrival_time"]) < _minutes(closes)
    if before:
        return codes["before_close"]
    return codes["reasons"].get(reason, codes["after_close"])


@pytest.mark.parametrize("day", DATES)
def test_which_code_and_evidence_lateness_give_a_late_arrival_the_same_code(policy, day):
    compared = 0
    for school in school_ids(policy):
        said = api.ask("evidence_lateness", school, day, {"topic": "repeated_lateness", "late_this_week": 1,
                                                          "sustained_pattern": False}, data=policy)
        for session in ("am", "pm"):
            for arrival, before in arrivals(policy, school, day, session):
                for reason in reasons(policy):
                    answers = {"situation": "arrived_late", "session": session, **arrival,
                               **({"late_reason": reason} if reason else {})}
                    which = api.ask("which_code", school, day, answers, data=policy)["fields"]["code"]
                    other = evidence_lateness_says(said, session, before, reason, arrival)
                    assert which == other, (school, day, answers, which, other)
                    compared += 1
    assert compared > 50  # every school, both sessions, several times and reasons


def test_an_agreed_appointment_after_the_close_is_not_u_in_either_tool(policy):
    """The fault this pair was written for: one tool said U for every arrival after the close."""
    said = api.ask("evidence_lateness", "dms", today().isoformat(),
                   {"topic": "repeated_lateness", "late_this_week": 1, "sustained_pattern": False}, data=policy)
    assert said["fields"]["late_codes"]["am"]["reasons"] == {"medical": "M"}
    assert "Record M" in said["text"]
