""""Must I tell the local authority?" states each rule where it holds, and never drops one that does.

Its answers take the sentences other tools and pages also say (the ten-day returns, the exclusion
duty, the sickness and new pupil returns) from policy_data/rules.yaml. Walking every answer the
tool's questions allow, at every school and on each side of the dates the rules took effect, no
answer states a rule outside its scope, and the national exclusion duty is stated for every school
it covers (an academy included, whatever the pupil's home area) and for no other.
"""

from __future__ import annotations

import pytest

from tools_py import api, rules
from tools_py.diff.decision_diff import scenarios
from tools_py.facts import to_date
from tools_py.notify_la import NOTIFY
from tools_py.outcome import AnswerError
from tools_py.questions import school_ids
from tools_py.site.state import today

from .conftest import REPO  # noqa: F401 - the repository on sys.path, as for every test

DATES = ["2012-09-01", "2024-08-18", "2024-08-19", today().isoformat()]


@pytest.mark.parametrize("day", DATES)
def test_no_answer_states_a_rule_outside_its_scope(policy, day):
    tool = policy["tools"]["notify_la"]
    for school in school_ids(policy):
        for answers in scenarios(policy, tool, school, to_date(day)):
            try:
                outcome = api.ask("notify_la", school, day, answers, data=policy)
            except AnswerError as refused:
                assert "cannot answer this here" not in refused.message, (school, day, answers, refused.message)
                continue
            for rule_id in outcome["rules"]:
                problem = rules.scope_problem(policy, rule_id, school=school, on=day)
                assert problem is None, (school, day, answers, rule_id, problem)


@pytest.mark.parametrize("day", DATES)
def test_the_national_exclusion_duty_is_stated_wherever_it_holds_and_nowhere_else(policy, day):
    for school in school_ids(policy):
        covered = rules.applies(policy, "exclusion-notify", school=school, on=day)
        for home in (True, False):
            outcome = api.ask("notify_la", school, day, {"situation": "exclusion", "exclusion_stage": "decided",
                                                         "lives_in_school_la": home}, data=policy)
            if covered:
                assert outcome["outcome"] in NOTIFY and "exclusion-notify" in outcome["rules"], (school, day, home)
                assert "home local authority" in outcome["text"], (school, day, home)
            else:
                assert "exclusion-notify" not in outcome["rules"], (school, day, home)
                assert "exclusion-notify-not-here" in outcome["rules"], (school, day, home)
                assert outcome["outcome"] != "consider", (school, day, home)


@pytest.mark.parametrize("day", DATES[1:])
def test_every_not_yet_answer_says_when_and_an_absence_says_what_to_do_now(policy, day):
    """A "No notification yet" answer says when the notification will be due; for an absence that is
    being counted (unauthorised, missing, not back from leave) it also says what the school does now."""
    tool = policy["tools"]["notify_la"]
    counted = {"unauthorised_absence", "missing", "not_returned"}
    for school in school_ids(policy):
        for answers in scenarios(policy, tool, school, to_date(day)):
            try:
                outcome = api.ask("notify_la", school, day, answers, data=policy)
            except AnswerError:
                continue
            if outcome["outcome"] != "not_yet":
                continue
            labels = [line["label"] for line in outcome["lines"]]
            assert "When" in labels, (school, day, answers, labels)
            if answers["situation"] in counted:
                assert "Now" in labels, (school, day, answers, labels)
