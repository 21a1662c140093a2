"""The leave tool's questions: two choices that fit one situation give one answer, and every count of
days says which days it counts (issue 18, items 2 and 3)."""

from __future__ import annotations

import pytest

from tools_py import api
from tools_py.questions import school_ids
from tools_py.site.state import today

from .conftest import REPO  # noqa: F401 - the repository on sys.path, as for every test

DATES = ["2023-06-12", "2024-08-19", today().isoformat()]


def _complete(school, day, answers, audience) -> dict:
    """The answer once every question the school asks is answered (the plainest answer to the rest)."""
    answers = dict(answers)
    while True:
        reply = api.handle({"op": "form", "tool": "leave_request", "school": school, "date": day,
                            "answers": answers, "audience": audience})
        assert reply["ok"], reply
        if reply.get("outcome"):
            return reply["outcome"]
        question = next(q for q in reply["form"]["questions"] if q["id"] == reply["form"]["next"])
        answers[question["id"]] = {"yesno": "no", "number": 97}.get(question["type"]) or question["choices"][0]["value"]


@pytest.mark.parametrize("audience", ["staff", "parents"])
@pytest.mark.parametrize("day", DATES)
def test_days_before_a_break_that_are_not_only_the_journey_get_the_holiday_answer(day, audience):
    """A skiing week that starts before half term, chosen as "leaving early before a break", is answered
    as the family holiday it is, at every school: same outcome, same words, same sources."""
    for school in school_ids(api.load_data()):
        holiday = _complete(school, day, {"reason": "holiday", "days": 5, "notice_days": 30}, audience)
        early = _complete(school, day, {"reason": "early_break", "journey_only": "no", "days": 5,
                                        "notice_days": 30}, audience)
        for key in ("outcome", "title", "verdict", "lines", "citations", "notes", "rules"):
            assert early[key] == holiday[key], (school, day, key, early[key], holiday[key])


@pytest.mark.parametrize("audience", ["staff", "parents"])
def test_each_count_of_days_says_which_days(policy, audience):
    """The absence is counted in school days and the notice in calendar days; each question says so."""
    questions = {q["id"]: q for q in policy["tools"]["leave_request"]["questions"]}
    wording = "text" if audience == "staff" else "parents"
    assert "school days" in questions["days"][wording] and questions["days"]["unit"] == "school days"
    assert "calendar days" in questions["notice_days"][wording] and questions["notice_days"]["unit"] == "calendar days"
