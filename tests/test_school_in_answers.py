"""Every answer names its school: the widget heads each answer with the name of the school Python
answered for (``outcome["school"]``), as the built page names it. These checks hold the two ends
together for every golden case: the outcome says which school it is for, and every tool page (and
every parents' page's tool) gives that school its organisation name. The line itself, above each
tool's verdict, is checked in Chromium by tests/test_remembered_school.py.
"""

from __future__ import annotations

import html
import re

import pytest

from tools_py import api
from tools_py.questions import school_ids

from .conftest import load_cases

DATA = api.load_data()


def _answered(case) -> bool:
    try:
        api.ask(case["tool"], case["school"], case["date"], case["answers"], data=DATA)
    except api.AnswerError:
        return False  # a case that ends in an error: tests/test_golden_cases.py checks it
    return True


CASES = [case for case in load_cases() if "error" not in case["expect"] and case["school"] in DATA["documents"]
         and _answered(case)]


def _names_on(page_html: str) -> dict[str, str]:
    """School id -> the name a tool on the page shows for it (its option, or its fixed school's name)."""
    names = {value: html.unescape(text) for value, text in
             re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', page_html)}
    for school, name in re.findall(r'data-school="([^"]+)" data-school-name="([^"]+)"', page_html):
        names[school] = html.unescape(name)
    return names


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_every_answer_is_for_a_school_its_page_names(case, built_site):
    outcome = api.ask(case["tool"], case["school"], case["date"], case["answers"], data=DATA)
    assert outcome["school"] == case["school"]
    names = _names_on((built_site / "tools" / case["tool"] / "index.html").read_text(encoding="utf-8"))
    assert names.get(outcome["school"]) == DATA["documents"][case["school"]]["organisation"]


def test_every_parents_pages_tool_names_its_school(built_site):
    found = 0
    for school in school_ids(DATA):
        page_html = (built_site / "parents" / school / "index.html").read_text(encoding="utf-8")
        for tool_school, name in re.findall(r'class="tool-widget"[^>]*data-school="([^"]+)" '
                                            r'data-school-name="([^"]+)"', page_html):
            assert tool_school == school
            assert html.unescape(name) == DATA["documents"][school]["organisation"]
            found += 1
    assert found >= len(school_ids(DATA)), "a parents' page has no tool naming its school"
