""""Which code?" and the leave tool agree on religious observance (R) and a travelling mobile child (T).

Both answer "what is recorded when a pupil is away on a day set apart for religious observance, or
travelling with a parent for the parent's trade or business, and is that leave the school grants?".
For every school, on each side of the day the 2024 Regulations took effect, on the dates the 2013
amendment and the schools' policies began, and today, the two give the same code and state the same
"not leave of absence" rules (policy_data/rules.yaml), and say the same about the school's part: not
leave at all, or leave the school may grant.
"""

from __future__ import annotations

import pytest

from tools_py import api
from tools_py.questions import school_ids
from tools_py.site.state import today

from .conftest import REPO  # noqa: F401 - the repository on sys.path, as for every test

DATES = ["2013-09-02", "2023-06-12", "2024-08-18", "2024-08-19", "2024-09-02", "2026-04-01", today().isoformat()]
# The same situation in each tool's words: (which_code situation, leave_request reason).
SITUATIONS = [("religious_observance", "religious_observance"), ("traveller", "traveller")]
NOT_LEAVE_TOPICS = ("religious-observance-day", "mobile-child-travelling")


def _not_leave_rules(policy, outcome) -> list[str]:
    topic_rules = {rule for topic in NOT_LEAVE_TOPICS for rule in policy["topics"][topic]["rules"]}
    return sorted(rule for rule in outcome.get("rules", []) if rule in topic_rules)


def which_code_says(policy, school, day, situation) -> dict:
    outcome = api.ask("which_code", school, day, {"situation": situation}, data=policy)
    rules = _not_leave_rules(policy, outcome)
    return {"code": outcome["fields"]["code"], "rules": rules, "not_leave": bool(rules)}


def leave_says(policy, school, day, reason) -> dict:
    answers = {"reason": reason, "days": 1, "notice_days": 30}
    form = api.handle({"op": "form", "tool": "leave_request", "school": school, "date": day, "answers": answers})
    for question in form["form"]["questions"]:  # whatever else the school's rows ask: the plainest answer
        if question["id"] not in answers:
            answers[question["id"]] = {"yesno": "no", "number": 97}.get(question["type"])
    outcome = api.ask("leave_request", school, day, answers, data=policy)
    fields = outcome["fields"]
    code = fields["code"] if outcome["outcome"] == "not_leave" else fields["code_if_granted"]
    return {"code": code, "rules": _not_leave_rules(policy, outcome), "not_leave": outcome["outcome"] == "not_leave"}


@pytest.mark.parametrize("day", DATES)
@pytest.mark.parametrize("situation,reason", SITUATIONS)
def test_the_code_tool_and_the_leave_tool_agree(policy, day, situation, reason):
    for school in school_ids(policy):
        code_tool = which_code_says(policy, school, day, situation)
        leave_tool = leave_says(policy, school, day, reason)
        assert code_tool == leave_tool, (school, day, situation, code_tool, leave_tool)

