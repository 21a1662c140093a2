"""Removal from roll and "Must I tell the local authority?" agree on the deletion return.

Both answer "a pupil's name comes off the register: must the local authority be sent a return?". For
every school, on the day the 2024 Regulations took effect and today, for every ground of regulation 9
and every answer to that ground's questions (the final-year question and, where a school's rule turns
on it, whether the local authority asked, included), whenever *Removal from roll* says the name comes
off now, *Must I tell the local authority?* asked about that deletion gives the same verdict (a return
due or not), the same deadline, and states the same deletion-return rules; and where the name stays on
the register, *Removal from roll* states no deletion return at all.
"""

from __future__ import annotations

import pytest

from tools_py import api
from tools_py.notify_la import NOTIFY
from tools_py.questions import school_ids, visible
from tools_py.site.state import today

from .conftest import REPO  # noqa: F401 - the repository on sys.path, as for every test

DATES = ["2024-08-19", today().isoformat()]
TOPIC = "deletion-return"


def every_answer(policy, tool, school, day, answers):
    """Every set of answers a reader can give from ``answers`` on: each unanswered yes/no question
    that applies, answered both ways, in the order the tool asks them."""
    for question in visible(tool, answers, policy, school, day):
        if question["id"] not in answers:
            assert question["type"] == "yesno", question["id"]
            for value in (True, False):
                yield from every_answer(policy, tool, school, day, {**answers, question["id"]: value})
            return
    yield answers


def deletion_rules(policy, outcome) -> set:
    """The deletion-return rules (policy_data/rules.yaml, topic deletion-return) an answer states."""
    return set(outcome["rules"]) & set(policy["topics"][TOPIC]["rules"])


def notify_la_on_deletion(policy, school, day, answers):
    asked = {"situation": "deletion", "final_year_leaver": answers["final_year_leaver"]}
    if "la_requested" in answers:
        asked["la_requested"] = answers["la_requested"]
    return api.ask("notify_la", school, day, asked, data=policy)


@pytest.mark.parametrize("day", DATES)
def test_a_deletion_and_its_return_agree_in_both_tools(policy, day):
    tool = policy["tools"]["removal_from_roll"]
    grounds = [c["value"] for q in tool["questions"] if q["id"] == "ground" for c in q["choices"] if c["value"] != "other"]
    compared = 0
    for school in school_ids(policy):
        for ground in grounds:
            for answers in every_answer(policy, tool, school, day, {"compulsory_school_age": True, "ground": ground}):
                removal = api.ask("removal_from_roll", school, day, answers, data=policy)
                where = (school, day, answers)
                if not removal["fields"]["can_delete_now"]:
                    assert not deletion_rules(policy, removal), where
                    continue
                notify = notify_la_on_deletion(policy, school, day, answers)
                assert removal["fields"]["return_due"] == (notify["outcome"] in NOTIFY), (where, notify["outcome"])
                assert deletion_rules(policy, removal) == deletion_rules(policy, notify), where
                if removal["fields"]["return_due"]:
                    assert notify["fields"]["deadline"] in removal["verdict"], (where, notify["fields"]["deadline"])
                compared += 1
    assert compared > 100  # the walk reached deletions at every school, not a handful
