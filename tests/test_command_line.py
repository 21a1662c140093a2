"""The decision tools on the command line: what a school asks, every missing answer at once, quoting."""

from __future__ import annotations

import subprocess
import sys

from tools_py import api
from tools_py.describe import school_asks

from .conftest import REPO

DATA = api.load_data()


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tools_py", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=120)


def test_questions_for_a_school_lists_what_that_school_asks_in_words():
    """`questions TOOL --school X` differs by school, names the school, and shows no internal condition key."""
    tool = DATA["tools"]["leave_request"]
    said = {}
    for school in ("dms", "sev"):
        result = run("questions", "leave_request", "--school", school, "--date", "2026-11-23")
        assert result.returncode == 0, result.stderr
        said[school] = result.stdout
        assert f"What {DATA['documents'][school]['organisation']} asks" in result.stdout
        for internal in ("school_states", "school_silent_on", "leave.refused", "when:"):
            assert internal not in result.stdout, internal
        asked = result.stdout.split("\nNot asked at")[0]
        for question in tool["questions"]:
            assert (question["text"] in asked) == school_asks(tool, question, DATA, school, "2026-11-23"), question["id"]
    assert said["dms"] != said["sev"]
    # Dorchester refuses leave near statutory assessments; Sevenoaks's policy sets no such rule.
    assert "statutory assessment period?  [statutory_assessment" in said["dms"]
    assert "statutory assessment period?  [statutory_assessment" not in said["sev"]
    assert 'Asked only when the answer to “Why would the pupil be absent?” is' in said["dms"]


def test_questions_without_a_school_names_the_schools_a_condition_depends_on():
    result = run("questions", "leave_request", "--date", "2026-11-23")
    assert result.returncode == 0 and "school_states" not in result.stdout
    assert "the school is Dorchester Middle School" in result.stdout
    spec = run("questions", "leave_request", "--json")
    assert spec.returncode == 0 and '"school_states"' in spec.stdout  # the data itself, on request


def test_ask_names_every_missing_answer_at_once():
    result = run("ask", "leave_request", "--school", "dms", "--date", "2026-11-23", "reason=holiday")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    named = [line.split(":")[0].strip() for line in result.stderr.splitlines()[1:]]
    assert named == ["days", "notice_days", "statutory_assessment", "unauthorised_on_record", "attendance_percent"]
    assert result.stderr.startswith("error: 5 answers missing")


def test_the_attendance_calculator_shows_the_quoting_its_codes_need():
    """The code \\ must be quoted in a shell: the help shows it quoted, and the quoted form works."""
    result = run("questions", "attendance", "--school", "dms", "--date", "2026-11-23")
    assert "'sessions=/:120,\\:118,I:6,O:4'" in result.stdout
    assert "single quotes" in result.stdout
    usage = run("ask")
    assert "'sessions=/:120,\\:118,I:6'" in usage.stderr
    quoted = subprocess.run(
        "'" + sys.executable + "' -m tools_py ask attendance --school dms --date 2026-11-23 period=year_so_far "
        "'sessions=/:120,\\:118,I:6' stage=none ten_weeks=not_known", shell=True, cwd=REPO, capture_output=True,
        text=True, timeout=120)
    assert quoted.returncode == 0, quoted.stderr
    assert '"possible_sessions": 244' in quoted.stdout


def test_only_absence_codes_is_explained_not_a_silent_zero():
    """Sessions under absence codes only give 0% attendance: the answer says why, and how to enter attendance."""
    outcome = api.ask("attendance", "dms", "2026-11-23", {"period": "year_so_far", "sessions": "I:6,O:4",
                                                           "stage": "none", "ten_weeks": "not_known"})
    assert outcome["fields"]["attendance_sessions"] == 0
    note = next((n for n in outcome["notes"] if "counts as attendance" in n), None)
    assert note is not None, outcome["notes"]
    assert "/" in note and "\\" in note
    usual = api.ask("attendance", "dms", "2026-11-23", {"period": "year_so_far", "sessions": "/:10,I:6",
                                                         "stage": "none", "ten_weeks": "not_known"})
    assert not any("counts as attendance" in n for n in usual["notes"])
