"""Removal from roll and "Must I tell the local authority?" agree on what follows a permanent exclusion.

Both answer parts of "a pupil is permanently excluded: what now?". For every school, on the day the
2024 Regulations took effect and today, and wherever the pupil lives:

- *Removal from roll*, ground (o): while the review of the exclusion has not ended the name cannot
  come off and no deletion return is stated; once it has ended the name comes off now and a deletion
  return is due (the final-year exception aside);
- *Must I tell the local authority?*, for a decided exclusion, states the same deletion-return rules as
  *Removal from roll* does once the name comes off, and for a pupil only at risk of exclusion states
  none, as *Removal from roll* states none while the name stays on the register.

The comparison is on the structured answers (outcome ids, the rules stated, whether the name can come
off now), not on their words, so the exclusion rows' wording can change without breaking it.
"""

from __future__ import annotations

import pytest

from tools_py import api
from tools_py.questions import school_ids
from tools_py.site.state import today

from .conftest import REPO  # noqa: F401 - the repository on sys.path, as for every test

DATES = ["2024-08-19", today().isoformat()]


def deletion_rules(policy, outcome) -> set:
    """The deletion-return rules (policy_data/rules.yaml, topic deletion-return) an answer states."""
    return set(outcome["rules"]) & set(policy["topics"]["deletion-return"]["rules"])


def removal_after_exclusion(policy, school, day, review_over):
    return api.ask("removal_from_roll", school, day, {"compulsory_school_age": True, "ground": "permanently_excluded",
                                                      "exclusion_review_over": review_over,
                                                      "final_year_leaver": False}, data=policy)


@pytest.mark.parametrize("day", DATES)
def test_an_exclusion_and_what_follows_agree_in_both_tools(policy, day):
    for school in school_ids(policy):
        pending = removal_after_exclusion(policy, school, day, review_over=False)
        assert (pending["outcome"], pending["fields"]["can_delete_now"]) == ("not_yet", False), (school, day)
        assert not deletion_rules(policy, pending), (school, day)

        ended = removal_after_exclusion(policy, school, day, review_over=True)
        assert (ended["outcome"], ended["fields"]["can_delete_now"]) == ("delete_now", True), (school, day)
        assert ended["fields"]["return_due"] is True, (school, day)
        follows = deletion_rules(policy, ended)
        assert "deletion-return" in follows, (school, day, follows)

        at_risk = api.ask("notify_la", school, day, {"situation": "exclusion", "exclusion_stage": "at_risk"},
                          data=policy)
        assert not deletion_rules(policy, at_risk), (school, day, at_risk["rules"])
        for lives_here in (True, False):
            decided = api.ask("notify_la", school, day, {"situation": "exclusion", "exclusion_stage": "decided",
                                                          "lives_in_school_la": lives_here}, data=policy)
            assert deletion_rules(policy, decided) == follows, (school, day, lives_here, decided["rules"])
