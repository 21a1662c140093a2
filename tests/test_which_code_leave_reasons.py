"""*Which code?* gives one answer to one situation, whichever of two fitting choices the reader takes.

"On leave of absence the school granted" fits a pupil at an interview, a licensed performance, a medical
appointment or a day of religious observance as well as the choices for those purposes, which have codes
of their own (J1, C1, M, R …), not C. The tool then asks what the leave was for, and each purpose gives
exactly the answer its own choice gives: for every school, on dates under the 2006 and 2024 codes.
"""

from __future__ import annotations

import pytest

from tools_py import api
from tools_py.outcome import AnswerError
from tools_py.questions import school_ids

from .conftest import REPO  # noqa: F401 - the repository on sys.path, as for every test

DATES = ["2023-05-10", "2024-08-19", "2026-11-23"]


def _answer(policy, school, day, answers):
    try:
        said = api.ask("which_code", school, day, answers, data=policy)
    except AnswerError as problem:
        return {"error": problem.as_dict()}
    return {key: said[key] for key in ("outcome", "title", "verdict", "lines", "fields", "citations", "notes")}


@pytest.mark.parametrize("day", DATES)
def test_leave_granted_for_a_purpose_gives_that_purposes_own_answer(policy, day):
    question = next(q for q in policy["tools"]["which_code"]["questions"] if q["id"] == "leave_reason")
    purposes = [choice["value"] for choice in question["choices"] if choice["value"] != "leave_granted"]
    situations = {choice["value"] for choice in policy["tools"]["which_code"]["questions"][0]["choices"]}
    assert {"interview", "performance", "religious_observance"} <= set(purposes) <= situations
    for school in school_ids(policy):
        for purpose in purposes:
            via_leave = _answer(policy, school, day, {"situation": "leave_granted", "leave_reason": purpose})
            direct = _answer(policy, school, day, {"situation": purpose})
            if "error" in direct:
                assert via_leave["error"]["message"] == direct["error"]["message"], (school, day, purpose)
            else:
                assert via_leave == direct, (school, day, purpose)
