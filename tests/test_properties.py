"""Property-based: over each tool's whole question space, any answers give a valid, cited outcome
or a clear AnswerError naming a question — never a crash, never an unfilled text."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tools_py import api
from tools_py.compile import compile_policy
from tools_py.outcome import AnswerError
from tools_py.questions import form, school_ids

DATA = compile_policy()
TOOLS = api.tool_ids(DATA)
DATES = ["2024-08-19", "2025-02-03", "2026-11-23"]


def draw_answer(draw, question):
    kind = question["type"]
    if kind == "choice":
        return draw(st.sampled_from([c["value"] for c in question["choices"]]))
    if kind == "yesno":
        return draw(st.sampled_from(["yes", "no"]))
    if kind == "number":
        low = question.get("min", 0)
        high = min(question.get("max", low + 400), low + 2000)
        if question.get("integer", True):
            return draw(st.integers(min_value=int(low), max_value=int(high)))
        return draw(st.integers(min_value=int(low * 2), max_value=int(high * 2))) / 2  # halves, e.g. half days
    if kind == "time":
        return f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"
    if kind == "counts":
        codes = [c["value"] for c in question["choices"]]
        chosen = draw(st.lists(st.sampled_from(codes), max_size=6, unique=True))
        return {code: draw(st.integers(0, 400)) for code in chosen}
    raise AssertionError(kind)


@pytest.mark.parametrize("tool_id", TOOLS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_answers_give_a_cited_outcome_or_a_named_error(tool_id, data):
    """Walk the tool's questions as a user would; the answer is a valid outcome or an AnswerError."""
    school = data.draw(st.sampled_from(school_ids(DATA)))
    day = data.draw(st.sampled_from(DATES))
    tool = DATA["tools"][tool_id]
    answers: dict = {}
    for _ in range(len(tool["questions"]) + 1):
        shown = form(tool, answers, DATA, school, day)
        assert shown["error"] is None, shown["error"]
        if shown["complete"]:
            break
        question = next(q for q in shown["questions"] if q["id"] == shown["next"])
        answers[question["id"]] = draw_answer(data.draw, question)
    else:
        raise AssertionError("the form never completed")
    # optional questions sometimes answered too
    for question in shown["questions"]:
        if question.get("optional") and question["id"] not in answers and data.draw(st.booleans()):
            answers[question["id"]] = draw_answer(data.draw, question)
    try:
        outcome = api.ask(tool_id, school, day, answers, data=DATA)
    except AnswerError as problem:
        known = {q["id"] for q in tool["questions"]} | {"school", "date"}
        assert problem.question in known and problem.message, problem
        return
    assert outcome["outcome"] in tool["outcomes"]
    assert outcome["citations"], "an outcome must cite at least one clause"
    for citation in outcome["citations"]:
        assert citation["clause"] in DATA["clauses"]
    for text in (outcome["title"], outcome["text"]):
        assert text.strip() and not re.search(r"\{[a-z_]+\}", text), text
