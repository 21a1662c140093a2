"""*Evidence and lateness* gives each school's own rule on notes and evidence of illness, never one for all.

Dorchester (5.5) and the DfE's guidance let evidence be asked for only where there is genuine and
reasonable doubt about the illness; Sevenoaks (4.3) may ask for a written note, and in some cases for
supporting evidence, with no such condition. The question's help once said the doubt rule held
everywhere; the help now states no rule, and every answer states the school's own rows.
"""

from __future__ import annotations

import itertools

from tools_py import api
from tools_py.questions import school_ids

from .conftest import REPO  # noqa: F401 - the repository on sys.path, as for every test

DAY = "2026-11-23"


def _rows(policy):
    return policy["tools"]["evidence_lateness"]["rules"]["evidence"]


def test_the_doubt_questions_help_does_not_state_one_schools_rule_as_everyones(policy):
    tool = policy["tools"]["evidence_lateness"]
    help_text = next(q for q in tool["questions"] if q["id"] == "genuine_doubt")["help"].lower()
    not_on_doubt = [school for school, rows in _rows(policy).items() if not any(r.get("only_on_doubt") for r in rows)]
    assert not_on_doubt, "a school whose rule does not turn on doubt (Sevenoaks 4.3)"
    assert "genuine and reasonable doubt" not in help_text and "only where" not in help_text, help_text


def test_every_answer_states_the_schools_own_rows_and_cites_them(policy):
    """Where a school has rows, each answer (doubt or not, short or long spell) gives their words and clauses;
    doubt makes evidence askable only where the school's rule says so."""
    for school in school_ids(policy):
        rows = _rows(policy).get(school)
        if rows is None:
            continue
        for doubt, (in_a_row, this_term) in itertools.product((False, True), [(1, 1), (5, 12)]):
            said = api.ask("evidence_lateness", school, DAY, {"topic": "illness_evidence", "days_in_a_row": in_a_row,
                                                              "days_this_term": this_term, "genuine_doubt": doubt},
                           data=policy)
            cited = {c["clause"] for c in said["citations"]}
            for row in rows:
                assert row["text"] in said["text"] and row["clause"] in cited, (school, doubt, said["text"])
            on_doubt = any(row.get("only_on_doubt") for row in rows)
            assert (said["outcome"] == "evidence_may_be_requested") == (doubt and on_doubt), (school, doubt, said["outcome"])
