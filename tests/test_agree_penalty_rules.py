"""The penalty-notice tool and the leave tool state the same penalty-notice rules, in the same words.

Both answer "what can follow absence without permission, and what would the fine be?": the leave tool
for a holiday taken without leave, the penalty tool for a first notice and for a second. For every
school, on each side of every change of the rules (the 2013 amounts, the day before and the day the
2024 rules took effect, today), for staff and for parents, the two state the same rules of the topic
absence-without-permission (policy_data/rules.yaml), each in the same words, with the same amounts:
where one says a fine is possible, the other says the same fine; where one says penalty notices do
not apply but the parent can be prosecuted, so does the other.
"""

from __future__ import annotations

import pytest

from tools_py import api, rules
from tools_py.questions import school_ids
from tools_py.site.state import today

from .conftest import REPO  # noqa: F401 - the repository on sys.path, as for every test

DATES = ["2013-10-01", "2024-08-18", "2024-08-19", today().isoformat()]
LEAVE = {"reason": "holiday", "days": 5, "notice_days": 30, "absence_over": False, "statutory_assessment": False,
         "unauthorised_on_record": False, "attendance_percent": 97}
# Where penalty notices do not reach, both say so, and both say the parent can still be prosecuted
# (the leave tool says the latter at every school, as the parents' pages do).
NOT_HERE = {"penalty-not-at-this-school", "prosecution-at-any-school"}
AMOUNTS = {"penalty-first-notice": {"reduced": "penalty_first_reduced", "reduced_days": "penalty_first_reduced_days",
                                    "full": "penalty_first_full", "full_days": "penalty_first_full_days"},
           "penalty-second-notice": {"second": "penalty_second"}}


def leave_says(school, day, audience) -> dict:
    """The leave tool's answer for a week's holiday, walking its form as a reader would."""
    asked: dict = {}
    while True:
        reply = api.handle({"op": "form", "tool": "leave_request", "school": school, "date": day, "answers": asked,
                            "audience": audience})
        pending = [q for q in reply["form"]["questions"] if q["id"] not in asked and not q.get("optional")]
        if reply.get("outcome") or not pending:
            return reply["outcome"]
        question = pending[0]
        asked[question["id"]] = LEAVE.get(question["id"], (question.get("choices") or [{"value": False}])[0]["value"])


def penalty_says(policy, school, day, audience, previous) -> dict:
    answers = {"compulsory_school_age": True, "unauthorised_sessions": 20, "previous_notices": previous}
    if previous == "one":
        answers["earlier_notice"] = day < "2024-08-19"
    return api.ask("penalty_notice", school, day, answers, data=policy, audience=audience)


def words(text) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("day", DATES)
@pytest.mark.parametrize("audience", ["staff", "parents"])
def test_the_leave_tool_and_the_penalty_tool_state_the_same_penalty_rules(policy, day, audience):
    topic = set(policy["topics"]["absence-without-permission"]["rules"])
    for school in school_ids(policy):
        leave = leave_says(school, day, audience)
        first, second = (penalty_says(policy, school, day, audience, previous) for previous in ("none", "one"))
        said_by_leave = set(leave["rules"]) & topic
        said_by_penalty = (set(first["rules"]) | set(second["rules"])) & topic
        situation = (school, day, audience)
        assert said_by_penalty <= said_by_leave, (situation, "the penalty tool states what the leave tool does not",
                                                  sorted(said_by_penalty - said_by_leave))
        if "penalty-not-at-this-school" in said_by_leave | said_by_penalty:
            assert said_by_leave & NOT_HERE == said_by_penalty & NOT_HERE == NOT_HERE, situation
        assert ("penalty-first-notice" in said_by_leave) == ("penalty-first-notice" in first["rules"]), situation
        for rule_id in said_by_penalty:
            stated = words(rules.state(policy, rule_id, school=school, on=day, audience=audience).text)
            penalty_text = words(first["text"] + " " + second["text"])
            assert stated in words(leave["text"]) and stated in penalty_text, (situation, rule_id)
        for rule_id, names in AMOUNTS.items():
            answer = first if rule_id == "penalty-first-notice" else second
            if rule_id in answer["rules"]:
                assert {name: answer["fields"][name] for name in names} == \
                       {name: leave["fields"][field] for name, field in names.items()}, (situation, rule_id)
