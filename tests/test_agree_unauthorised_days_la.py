"""The leave tool, the parents' pages and "Must I tell the local authority?" agree on when the local
authority must be told of absence without authorisation.

The leave tool's "Local authority" line (an absence taken anyway, of so many school days) and the
parents' page's line on telling the council state the same rules, from policy_data/rules.yaml, as
notify_la's answer for that many school days of unauthorised absence: none while notify_la says the
local authority need not be told yet, and exactly the rules it states once it must be. For every
school, on each side of the date the 2024 rules took effect and today, and for every length of absence
up to twice the ten days the rules count.
"""

from __future__ import annotations

import pytest

from tools_py import api, rules
from tools_py.notify_la import NOTIFY
from tools_py.questions import school_ids
from tools_py.site.state import today

from .conftest import REPO  # noqa: F401 - the repository on sys.path, as for every test
from .test_rule_scope import page_text

DATES = ["2024-08-18", "2024-08-19", today().isoformat()]


def notify_la_says(policy, school, day, days) -> list[str]:
    """The rules notify_la states for this many days of unauthorised absence, where it says to tell the
    local authority; [] where it does not (yet), or has no rule for the date."""
    try:
        outcome = api.ask("notify_la", school, day, {"situation": "unauthorised_absence", "unauthorised_days": days},
                          data=policy)
    except api.AnswerError:
        return []
    return outcome["rules"] if outcome["outcome"] in NOTIFY else []


def leave_tool_says(policy, school, day, days, audience) -> tuple[list[str], str]:
    """The rules the leave tool states on its local-authority line for a holiday of this many school
    days taken anyway (every other question answered as the first choice offered), and that line."""
    answers = {"reason": "holiday", "days": days, "notice_days": 30, "absence_over": False,
               "statutory_assessment": False, "unauthorised_on_record": False, "attendance_percent": 97}
    asked: dict = {}
    while True:
        reply = api.handle({"op": "form", "tool": "leave_request", "school": school, "date": day,
                            "answers": asked, "audience": audience}, data=policy)
        pending = [q for q in reply["form"]["questions"] if q["id"] not in asked]
        if reply.get("outcome") or not pending:
            break
        question = pending[0]
        asked[question["id"]] = answers.get(question["id"], (question.get("choices") or [{"value": False}])[0]["value"])
    outcome = reply["outcome"]
    fines = set(policy["topics"]["absence-without-permission"]["rules"])
    own_words = {rule for row in (policy["tools"]["leave_request"]["rules"].get("if_refused") or {}).get(school) or []
                 for rule in row.get("states") or []}  # the school's own line on an absence taken anyway
    return ([rule for rule in outcome["rules"] if rule not in fines | own_words],
            outcome["fields"].get("la_notify_text") or "")


@pytest.mark.parametrize("day", DATES)
def test_the_leave_tool_tells_the_local_authority_exactly_when_notify_la_does(policy, day):
    for school in school_ids(policy):
        for days in range(1, 21):
            expected = notify_la_says(policy, school, day, days)
            for audience in ("staff", "parents"):
                stated, line = leave_tool_says(policy, school, day, days, audience)
                assert stated == expected, (school, day, days, audience, stated, expected)
                words = " ".join(rules.state(policy, rule_id, school=school, on=day, audience=audience, short=True).text
                                 for rule_id in expected)
                assert line == words, (school, day, days, audience, line, words)


def test_each_parents_page_states_what_notify_la_states_at_the_schools_threshold(built_site, policy):
    """The parents' page says, in parents' words, the rules notify_la states once the days it counts are
    reached, and no other local-authority rule of theirs."""
    from tools_py.facts import lookup

    for school in school_ids(policy):
        text = page_text(built_site, f"parents/{school}")
        threshold = lookup(policy, school, "la_notify.continuous_unauthorised_school_days", today()).value
        said = notify_la_says(policy, school, today().isoformat(), threshold)
        assert said, school
        for rule_id in said:
            words = " ".join(rules.state(policy, rule_id, school=school, on=today(), audience="parents").text.split())
            assert words in text, (school, rule_id)
        for other in ("attendance-return", "dss-ten-day-notice", "sev-ten-day-notice", "ote-ten-day-notice"):
            if other not in said and rules.applies(policy, other, school=school, on=today(), audience="parents"):
                words = " ".join(rules.state(policy, other, school=school, on=today(), audience="parents").text.split())
                assert words not in text, (school, other)
