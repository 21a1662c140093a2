"""Two choices of "Must I tell the local authority?" that fit one situation give one answer.

A pupil reported as "whereabouts unknown" whose family can in fact be reached is a pupil absent
without authorisation; one who is a new pupil who never arrived is a new pupil who did not arrive.
The tool asks the fact that separates the choices, and then answers exactly as the other choice does:
the same outcome, verdict, lines, citations and rules, for every school, on each side of the date the
2024 rules took effect and today, for every length of absence up to twice the ten days the rules count.
"""

from __future__ import annotations

import pytest

from tools_py import api
from tools_py.questions import school_ids
from tools_py.site.state import today

from .conftest import REPO  # noqa: F401 - the repository on sys.path, as for every test

DATES = ["2024-08-18", "2024-08-19", today().isoformat()]


def answer(policy, school, day, answers) -> tuple:
    """What a reader is told, without the answers echoed back: outcome, verdict, lines, sources, rules."""
    try:
        outcome = api.ask("notify_la", school, day, answers, data=policy)
    except api.AnswerError as refused:
        return ("refused", refused.question, refused.message)
    return (outcome["outcome"], outcome["verdict"], [(line["label"], line["text"]) for line in outcome["lines"]],
            [citation["clause"] for citation in outcome["citations"]], outcome["notes"], outcome["rules"])


@pytest.mark.parametrize("day", DATES)
def test_missing_but_the_family_can_be_reached_is_answered_as_unauthorised_absence(policy, day):
    for school in school_ids(policy):
        for days in range(1, 21):
            missing = answer(policy, school, day, {"situation": "missing", "new_pupil": False,
                                                   "whereabouts_known": True, "days_missing": days})
            absent = answer(policy, school, day, {"situation": "unauthorised_absence", "unauthorised_days": days})
            assert missing == absent, (school, day, days)


@pytest.mark.parametrize("day", DATES)
def test_missing_but_a_new_pupil_who_never_arrived_is_answered_as_a_pupil_who_did_not_start(policy, day):
    for school in school_ids(policy):
        for known in (False, True):
            missing = answer(policy, school, day, {"situation": "missing", "new_pupil": True, "whereabouts_known": known})
            not_started = answer(policy, school, day, {"situation": "failed_to_start", "located": known})
            assert missing == not_started, (school, day, known)
