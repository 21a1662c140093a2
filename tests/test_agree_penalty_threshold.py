"""The attendance calculator and the penalty-notice tool agree on the penalty-notice threshold.

Both answer "has this pupil reached the threshold at which a penalty notice must be considered?". For
every school, on each side of the date the threshold took effect and today, and for every count of
unauthorised sessions up to twice the threshold, the two give the same answer: reached, not reached,
no threshold on that date, or no penalty notices at that kind of school.
"""

from __future__ import annotations

import pytest

from tools_py import api
from tools_py.questions import school_ids
from tools_py.site.state import today

from .conftest import REPO  # noqa: F401 - the repository on sys.path, as for every test

DATES = ["2024-08-18", "2024-08-19", today().isoformat()]


def penalty_says(policy, school, day, sessions) -> str:
    outcome = api.ask("penalty_notice", school, day, {"compulsory_school_age": True, "unauthorised_sessions": sessions,
                                                      "previous_notices": "none"}, data=policy)
    if outcome["outcome"] == "school_not_covered":
        return "not_covered"
    met = outcome["fields"].get("threshold_met")
    return "not_applicable" if met is None else ("met" if met else "not_met")


def attendance_says(policy, school, day, sessions) -> str:
    answers = {"period": "last_10_weeks", "sessions": {"/": 200, "O": max(sessions, 1)}, "stage": "none",
               "unauthorised_last_10_weeks": sessions}
    form = api.handle({"op": "form", "tool": "attendance", "school": school, "date": day, "answers": answers})
    asked = {q["id"] for q in form["form"]["questions"]}
    answers = {key: value for key, value in answers.items() if key in asked}
    if "ten_weeks" in asked:
        answers["ten_weeks"] = "within_period"
    outcome = api.ask("attendance", school, day, answers, data=policy)
    return outcome["fields"]["penalty_threshold"]


@pytest.mark.parametrize("day", DATES)
def test_the_calculator_and_the_penalty_tool_agree_on_the_threshold(policy, day):
    for school in school_ids(policy):
        for sessions in range(0, 21):
            try:
                attendance = attendance_says(policy, school, day, sessions)
            except Exception as problem:  # noqa: BLE001 - an answer the calculator refuses is compared too
                attendance = f"error: {problem}"
            penalty = penalty_says(policy, school, day, sessions)
            assert attendance == penalty, (school, day, sessions, attendance, penalty)
