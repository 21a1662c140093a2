"""*Evidence and lateness* and *Which code?* agree on the code of an illness absence.

*Evidence and lateness* answers what a school may ask a parent for when a pupil is ill, and how the
absence is then recorded: as an illness the school accepts, or as an absence for a reason it does not.
*Which code?* answers the same two situations. For every school, on the day the 2024 rules took effect
and today, and for every kind of evidence answer (short and long spells, with and without doubt), the
codes are the same, and the answer retells *Which code?*'s own verdict.
"""

from __future__ import annotations

import itertools

import pytest

from tools_py import api
from tools_py.questions import school_ids
from tools_py.site.state import today

from .conftest import REPO  # noqa: F401 - the repository on sys.path, as for every test

DATES = ["2024-08-19", today().isoformat()]
SPELLS = [(1, 1), (3, 3), (4, 4), (2, 11), (12, 12)]  # (days in a row, days this term), around the letter rules
SITUATIONS = {"illness_accepted": "illness", "illness_not_accepted": "absent_not_authorised"}


@pytest.mark.parametrize("day", DATES)
def test_evidence_lateness_and_which_code_give_an_illness_the_same_code(policy, day):
    for school in school_ids(policy):
        codes = {which: api.ask("which_code", school, day, {"situation": situation}, data=policy)
                 for which, situation in SITUATIONS.items()}
        for (in_a_row, this_term), doubt in itertools.product(SPELLS, (False, True)):
            said = api.ask("evidence_lateness", school, day, {
                "topic": "illness_evidence", "days_in_a_row": in_a_row, "days_this_term": this_term,
                "genuine_doubt": doubt}, data=policy)
            for which, answer in codes.items():
                assert said["fields"][f"{which}_code"] == answer["fields"]["code"], (school, day, which, said["fields"])
                assert answer["verdict"] in said["text"], (school, day, which)
