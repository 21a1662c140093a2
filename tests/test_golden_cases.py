"""Golden cases: scenarios an attendance lead can read, each with the answer the tool must give."""

from __future__ import annotations

import pytest

from tools_py import api
from tools_py.outcome import AnswerError

from .conftest import load_cases

CASES = load_cases()


def check_case(case, outcome=None, error=None):
    """Compare one answer (an outcome dict, or an error dict) with what the case expects."""
    expect = case["expect"]
    if "error" in expect:
        assert error is not None, f"expected an error on {expect['error']}, got outcome {outcome and outcome['outcome']}"
        assert error["question"] == expect["error"], error
        if "message_contains" in expect:
            assert expect["message_contains"] in error["message"], error["message"]
        return
    assert error is None, f"unexpected error: {error}"
    assert outcome["outcome"] == expect["outcome"], (outcome["outcome"], outcome["title"])
    for name, wanted in (expect.get("fields") or {}).items():
        assert outcome["fields"].get(name) == wanted, f"{name}: {outcome['fields'].get(name)!r} != {wanted!r}"
    cited = [c["clause"] for c in outcome["citations"]]
    for clause in expect.get("cites") or []:
        assert clause in cited, f"{clause} not cited (cited: {cited})"
    for clause in expect.get("not_cites") or []:
        assert clause not in cited, f"{clause} is cited, though it does not say this (cited: {cited})"
    for rule in expect.get("states") or []:
        assert rule in outcome.get("rules", []), f"rule {rule} not stated (stated: {outcome.get('rules')})"
    for rule in expect.get("not_states") or []:
        assert rule not in outcome.get("rules", []), f"rule {rule} stated out of its scope"
    for words in expect.get("text_contains") or []:
        assert words in outcome["title"] + " " + outcome["text"], words
    for words in expect.get("text_not_contains") or []:
        assert words not in outcome["title"] + " " + outcome["text"], words
    if "conflicts" in expect:
        assert [c["id"] for c in outcome.get("conflicts") or []] == expect["conflicts"], outcome.get("conflicts")
    for words in expect.get("notes_contain") or []:
        assert any(words in note for note in outcome["notes"]), (words, outcome["notes"])
    if "national" in expect:
        assert any(n for n in outcome["notes"]) == expect["national"], outcome["notes"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_golden_case(case, policy):
    """Each scenario gives the outcome, fields and citations an attendance lead expects."""
    try:
        outcome = api.ask(case["tool"], case["school"], case["date"], case["answers"], data=policy)
    except AnswerError as problem:
        check_case(case, error=problem.as_dict())
    else:
        check_case(case, outcome=outcome)


def _keys(tree) -> set:
    """Every mapping key anywhere in a tool's rules (a school with rows of its own is a key there)."""
    if isinstance(tree, dict):
        return set(tree) | {key for value in tree.values() for key in _keys(value)}
    if isinstance(tree, list):
        return {key for value in tree for key in _keys(value)}
    return set()


def test_every_tool_has_enough_cases_covering_every_outcome_and_school(policy):
    """Each tool: at least 25 cases, every outcome reached, and every school with rows of its own in
    the tool asked about (a school the tool answers from the national rules alone is covered by the
    national cases once, not per school: tests/test_school_is_one_file.py asks every tool about one)."""
    from tools_py.questions import school_ids

    for tool_id in api.tool_ids(policy):
        cases = [c for c in CASES if c["tool"] == tool_id]
        assert len(cases) >= 25, f"{tool_id} has {len(cases)} golden cases"
        outcomes = {c["expect"].get("outcome") for c in cases}
        missing = set(policy["tools"][tool_id]["outcomes"]) - outcomes
        assert not missing, f"{tool_id}: no case reaches {sorted(missing)}"
        schools = set(school_ids(policy)) & _keys(policy["tools"][tool_id].get("rules"))
        assert schools <= {c["school"] for c in cases}, f"{tool_id}: no case for {sorted(schools - {c['school'] for c in cases})}"
