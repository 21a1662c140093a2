"""A school is one file: adding policy_data/documents/<id>.yaml is enough for a strict build to give the
school its document page, its parents' page and its induction path, in the navigation, and for every
tool to answer for it (from the national rules where its policy is silent, saying so)."""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import subprocess
import sys

import pytest

from tools_py import api
from tools_py.compile import compile_policy
from tools_py.diff.decision_diff import scenarios
from tools_py.outcome import AnswerError

from .conftest import REPO
from .support.text import article_text, page_links

NEW_SCHOOL = """\
id: tst
title: Attendance Policy
kind: school
organisation: Testbury Primary School
local_authority: Dorset Council
issued: 2026-01
sections:
  - id: tst-1
    number: "1"
    title: Reporting absence
    blocks:
      - id: tst-1.1
        number: "1.1"
        text: Parents telephone the school office by 9am on each day of absence.
  - id: tst-2
    number: "2"
    title: Leave of absence
    blocks:
      - id: tst-2.1
        number: "2.1"
        text: The headteacher decides requests for leave of absence in term time.
facts:
  school.type:
    value: maintained
    recorded_by: the test that adds this school
    note: A school made up for this test.
"""


@pytest.fixture(scope="module")
def one_more_school(tmp_path_factory):
    """A copy of policy_data/ with one school file added, built with mkdocs build --strict."""
    root = tmp_path_factory.mktemp("one-more-school")
    data = root / "policy_data"
    shutil.copytree(REPO / "policy_data", data)
    (data / "documents" / "tst.yaml").write_text(NEW_SCHOOL, encoding="utf-8")
    site = root / "site"
    env = {**os.environ, "HANDBOOK_POLICY_DATA": str(data), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "tools_py.site", "build", "--site", str(site)], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stderr[-3000:]
    return data, site


def test_the_new_school_has_its_pages_in_the_navigation(one_more_school):
    _, site = one_more_school
    for section in ("documents", "parents", "induction"):
        page = site / section / "tst" / "index.html"
        assert page.is_file(), section
        assert "Testbury Primary School" in article_text(page.read_text(encoding="utf-8")), section
        # A handful of schools: every page's navigation lists each school's pages, and the section's
        # index page links them too (beyond a dozen schools, only the index pages list them all).
        section_index = page_links((site / section / "index.html").read_text(encoding="utf-8"), section)
        assert f"{section}/tst" in section_index["nav"], section
        assert f"{section}/tst" in section_index["article"], section
        home = page_links((site / "index.html").read_text(encoding="utf-8"), "")
        assert f"{section}/tst" in home["nav"], section


def test_every_tool_answers_for_the_new_school(one_more_school):
    """For every tool, every scenario the decision diff walks gets an answer or a named error about
    the answers themselves, never 'the handbook has no rule for this case at this school'."""
    data_dir, _ = one_more_school
    data = compile_policy(data_dir)
    day = _dt.date(2026, 11, 23)
    for tool_id in api.tool_ids(data):
        answered = 0
        for answers in scenarios(data, data["tools"][tool_id], "tst", day):
            try:
                api.ask(tool_id, "tst", day.isoformat(), answers, data=data)
                answered += 1
            except AnswerError as problem:
                assert "no rule for this case at this school" not in problem.message, (tool_id, answers, problem.message)
        assert answered, tool_id


def test_a_situation_no_rule_covers_for_the_new_school_is_answered_as_such(one_more_school):
    """Where the new school has no row and the handbook no national rule, the reader gets an answer that
    says so (as the rows of the schools whose policies are silent do), not a form error."""
    data_dir, _ = one_more_school
    data = compile_policy(data_dir)
    answer = api.ask("notify_la", "tst", "2026-11-23", {"situation": "managed_move"}, data=data)
    assert answer["outcome"] == "consider"
    assert ("Testbury Primary School's policy in the handbook does not mention this, and the handbook holds no "
            "national rule on telling the local authority about it.") in answer["text"]
    told = api.ask("notify_la", "tst", "2026-11-23", {"situation": "unauthorised_absence", "unauthorised_days": 12},
                   data=data)
    assert told["outcome"] == "notify_by_deadline"
    assert any("Testbury Primary School's policy does not say this" in note for note in told["notes"])
