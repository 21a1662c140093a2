"""Below each tool, every answer it gives is shown as a worked example: a school, the answers, the date
and the finished answer. An answer that needs two questions answered together (a first penalty notice:
no notice before *and* the absence threshold reached) is found too, rather than said to be reached by
no school in the handbook."""

from __future__ import annotations

import datetime as _dt

from tools_py import api
from tools_py.site import pages
from tools_py.site.tool_pages import outcome_examples

DAY = _dt.date(2026, 11, 23)


def test_every_answer_of_every_tool_has_a_worked_example(policy):
    ctx = pages.Context(data=policy, base="../../", today=DAY)
    for tool_id, tool in policy["tools"].items():
        examples = outcome_examples(ctx, tool_id)
        assert set(examples) == set(tool["outcomes"]), (tool_id, sorted(set(tool["outcomes"]) - set(examples)))
        for outcome_id, (school, answers, day) in examples.items():
            assert api.ask(tool_id, school, day, answers, data=policy)["outcome"] == outcome_id, (tool_id, outcome_id)


def test_a_first_penalty_notice_is_shown_with_the_answers_that_reach_it(policy):
    ctx = pages.Context(data=policy, base="../../", today=DAY)
    school, answers, day = outcome_examples(ctx, "penalty_notice")["first_notice"]
    assert answers["previous_notices"] == "none" and day == DAY
    assert api.ask("penalty_notice", school, day, answers, data=policy)["outcome"] == "first_notice"
