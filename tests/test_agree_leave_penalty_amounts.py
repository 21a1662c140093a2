"""The leave tool's penalty lines agree with the penalty-notice tool for the same school and date.

A leave answer says what follows a holiday taken without leave: the first notice's amounts and payment
periods, the second notice's, and the threshold at which a notice must be considered, or that penalty
notices do not reach the school at all. The penalty-notice tool answers the same for a first notice.
For every school, on the dates the amounts and the threshold changed (and the day before each), on the
day Dorchester's policy took effect and today, the two give the same figures, the same threshold or
none, and both say "not at this kind of school" or neither does.
"""

from __future__ import annotations

import pytest

from tools_py import api
from tools_py.questions import school_ids
from tools_py.site.state import today

from .conftest import REPO  # noqa: F401 - the repository on sys.path, as for every test

DATES = ["2013-09-02", "2023-06-12", "2024-08-18", "2024-08-19", "2026-03-31", "2026-04-01", today().isoformat()]
FIGURES = ("reduced", "reduced_days", "full", "full_days", "second", "threshold", "weeks")


def penalty_tool_says(policy, school, day) -> dict:
    outcome = api.ask("penalty_notice", school, day, {"compulsory_school_age": True, "unauthorised_sessions": 10,
                                                      "previous_notices": "none"}, data=policy)
    if outcome["outcome"] == "school_not_covered":
        return {"covered": False, **{name: None for name in FIGURES}}
    fields = outcome["fields"]
    threshold_holds = fields.get("threshold_met") is not None  # no threshold before it took effect
    asked = {"compulsory_school_age": True, "unauthorised_sessions": 10, "previous_notices": "one"}
    try:  # a notice issued since the rules on second notices took effect
        second = api.ask("penalty_notice", school, day, {**asked, "earlier_notice": False}, data=policy)
    except api.AnswerError as problem:  # a date before they did: every earlier notice came before them
        assert problem.question == "earlier_notice", problem
        second = api.ask("penalty_notice", school, day, {**asked, "earlier_notice": True}, data=policy)
    return {"covered": True, **{name: fields.get(name) for name in FIGURES[:4]},
            "second": second["fields"].get("second") if second["outcome"] == "second_notice" else None,
            "threshold": fields["threshold"] if threshold_holds else None,
            "weeks": fields["weeks"] if threshold_holds else None}


def leave_tool_says(policy, school, day) -> dict:
    answers = {"reason": "holiday", "days": 5, "notice_days": 30}
    form = api.handle({"op": "form", "tool": "leave_request", "school": school, "date": day, "answers": answers})
    for question in form["form"]["questions"]:  # the school's own questions: nothing that rules the leave out
        if question["id"] not in answers:
            answers[question["id"]] = {"yesno": "no", "number": 97}[question["type"]]
    outcome = api.ask("leave_request", school, day, answers, data=policy)
    fields = outcome["fields"]
    return {"covered": "penalty-not-at-this-school" not in outcome["rules"],
            "reduced": fields["penalty_first_reduced"], "reduced_days": fields["penalty_first_reduced_days"],
            "full": fields["penalty_first_full"], "full_days": fields["penalty_first_full_days"],
            "second": fields["penalty_second"], "threshold": fields["threshold_sessions"],
            "weeks": fields["threshold_school_weeks"]}


@pytest.mark.parametrize("day", DATES)
def test_the_leave_tool_and_the_penalty_tool_give_the_same_penalty(policy, day):
    for school in school_ids(policy):
        leave = leave_tool_says(policy, school, day)
        penalty = penalty_tool_says(policy, school, day)
        assert leave == penalty, (school, day, leave, penalty)
