"""The decision diff tells a reviewer which readers' answers a pull request changes, and stays quiet
when none do. Each test edits a private git repository made from a copy of this tree (no network,
and the real repository's git is never touched) and runs ``python -m tools_py.diff``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from .conftest import REPO

TODAY = "2026-11-23"
GIT = ["git", "-c", "user.name=Handbook test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"]


def _git(repo, *args):
    return subprocess.run([*GIT, "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """A git repository on branch main holding a copy of policy_data/, tools_py/, tests/cases/ and docs/
    (the pages a tool's fallback names are checked to exist)."""
    root = tmp_path_factory.mktemp("diff") / "handbook"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "policy.json")
    for part in ("policy_data", "tools_py", "tests/cases", "docs"):
        shutil.copytree(REPO / part, root / part, ignore=ignore)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "the handbook as it is")
    return root


@pytest.fixture
def clean(repo):
    """Each test starts from the committed tree and leaves it so."""
    yield repo
    _git(repo, "checkout", "-q", "--", ".")
    _git(repo, "clean", "-q", "-fd")


def edit(path, old, new, after=None):
    """Replace the first ``old`` (after the text ``after``, if given) in a file."""
    text = path.read_text(encoding="utf-8")
    start = text.index(after) + len(after) if after else 0
    at = text.index(old, start)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")


def run_diff(repo, *args) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("HANDBOOK_POLICY_DATA", "PYTHONPATH")}
    result = subprocess.run([sys.executable, "-m", "tools_py.diff", "--today", TODAY, *args],
                            cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr  # it informs; it never fails
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


def table(report: str) -> list[dict]:
    """The Markdown table's rows as dicts."""
    lines = [line for line in report.splitlines() if line.startswith("| ")]
    if not lines:
        return []
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = []
    for line in lines[1:]:
        cells = [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
        rows.append(dict(zip(header, cells)))
    return rows


def test_a_changed_thresholds_are_listed_with_before_after_and_clause(clean):
    """Raising the national 10-day rule for telling the LA to 12 days changes the answer at 10 days from
    2024-08-19; moving the persistent-absence line from 10% to 15% changes the attendance tool's answer."""
    wt2024 = clean / "policy_data" / "documents" / "wt2024.yaml"
    edit(wt2024, "value: 10", "value: 12",
         after="la_notify.continuous_unauthorised_school_days:\n    - from: 2006-09-01\n      value: 10\n"
               "      clause: regs2024-2006-returns\n    - from: 2024-08-19")
    edit(wt2024, "value: 10", "value: 15", after="absence.persistent_percent:")
    report = run_diff(clean, "--every")
    rows = table(report)

    notify = [r for r in rows if r["tool"] == "notify_la" and "situation=unauthorised_absence" in r["answers"]]
    assert notify, report[:3000]
    flipped = [r for r in notify if r["before"].split(":")[0] != r["after"].split(":")[0]]
    assert {re.search(r"unauthorised_days=(\d+)", r["answers"]).group(1) for r in flipped} == {"10"}, flipped
    for row in flipped:
        assert row["date"] >= "2024-08-19"
        assert "wt2024-la-notification" in row["clause(s)"]
    # The value before 2024-08-19 (from the 2006 regulations) did not change, so neither did its answers.
    assert not [r for r in notify if r["date"] < "2024-08-19"]
    assert "«10» → «12»" in report

    attendance = [r for r in rows if r["tool"] == "attendance"]
    no_longer = [r for r in attendance if r["before"].startswith("persistently_absent")
                 and not r["after"].startswith("persistently_absent")]
    assert no_longer, report[:3000]
    assert all("wt2024-persistent-absence" in r["clause(s)"] for r in no_longer)
    assert "«10» → «15»" in report


def test_b_changed_code_wording_is_listed(clean):
    """Rewording code I in codes.yaml changes what the which-code tool says about an ill pupil, at every school."""
    edit(clean / "policy_data" / "codes.yaml", "meaning: Illness (not medical or dental appointment)",
         "meaning: Illness (not a medical or dental appointment)")
    report = run_diff(clean, "--every")
    rows = [r for r in table(report) if r["tool"] == "which_code" and "situation=illness" in r["answers"]]
    schools = {r["school"] for r in rows}
    assert schools == {"dms", "sev", "dss", "ote"}, report[:3000]
    for row in rows:
        assert row["date"] >= "2024-08-19"  # the code I in force before then has its own entry
        assert "fields.meaning" in row["what changed"] and "«» → «a »" in row["what changed"]
        assert row["before"].split(":")[0] == row["after"].split(":")[0]  # the same outcome, reworded
        assert "regs2024-reg10" in row["clause(s)"]


def test_c_whitespace_only_edit_changes_no_decision(clean):
    """Blank lines and trailing spaces in YAML change nothing a reader sees."""
    for name in ("codes.yaml", "documents/wt2024.yaml", "tools/notify_la.yaml"):
        path = clean / "policy_data" / name
        lines = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"^\s*- ", line) and lines and not lines[-1].rstrip().endswith((":", "|", ">", "-")):
                lines.append("")  # a blank line between list items
            plain_value = re.match(r"^\s*[\w.]+: (?![|>])\S", line) and not line.rstrip().endswith((":", "|", ">", "|-", ">-"))
            lines.append(line + "   " if plain_value else line)
        path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    assert _git(clean, "status", "--porcelain").strip(), "the edit must change files"
    report = run_diff(clean)
    assert report.strip().startswith("No decision changes."), report[:3000]


def test_each_side_answers_with_its_own_code(clean):
    """A change to a tool's Python (not its data) shows too: each version runs its own tools_py."""
    edit(clean / "tools_py" / "which_code.py", "before = _minutes(arrival) < _minutes(closes)",
         "before = _minutes(arrival) <= _minutes(closes)")
    rows = [r for r in table(run_diff(clean, "--every")) if r["tool"] == "which_code"]
    assert rows
    # Arriving exactly when Dorchester's morning register closes (09:30) was U and would now be L.
    at_close = [r for r in rows if r["school"] == "dms" and "arrival_time=09:30" in r["answers"]
                and r["date"] >= "2024-08-19"]
    assert at_close and at_close[0]["before"].startswith("unauthorised_absence"), rows[:5]
    assert at_close[0]["after"].startswith("present")


def test_nothing_changed_is_said_at_once(clean):
    """With no change to data, logic or cases, the diff answers without evaluating anything."""
    report = run_diff(clean)
    assert report.startswith("No decision changes.")


def test_ci_mode_is_quiet_without_another_revision(tmp_path):
    """On a repository with a single commit there is nothing to compare: --ci prints nothing, exits 0."""
    root = tmp_path / "one"
    (root / "policy_data").mkdir(parents=True)
    (root / "policy_data" / "README.md").write_text("x\n")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "only")
    result = subprocess.run([sys.executable, "-m", "tools_py.compile", "diff", "--ci", "--repo", str(root)],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_ci_mode_on_a_branch_compares_with_the_merge_base(clean):
    """On a branch, --ci compares the point where it left main with the working tree."""
    _git(clean, "checkout", "-q", "-b", "editor-branch")
    try:
        result = subprocess.run([sys.executable, "-m", "tools_py.compile", "diff", "--ci", "--repo", str(clean)],
                                cwd=REPO, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0
        head = _git(clean, "rev-parse", "HEAD").strip()
        assert result.stdout.startswith(f"Decision diff: {head[:10]} → working tree"), result.stdout
        assert "No decision changes." in result.stdout
    finally:
        _git(clean, "checkout", "-q", "main")
        _git(clean, "branch", "-q", "-D", "editor-branch")


def test_a_revisions_answers_are_worked_out_once_and_again_when_damaged(repo, monkeypatch, capsys):
    """A revision's answers are kept in the repository's git folder: comparing with the same base again
    reads them (each test above evaluates main once, not once a test). Another revision, or the working
    tree, is asked afresh; a kept copy cut short is noticed, worked out again and replaced."""
    from tools_py.diff import decision_diff

    asked = []

    def evaluate(side, today, extra, enumerate_all):  # the evaluating process, which the tests above run
        asked.append(side.label)
        return {"ok": True, "results": [["key", {"tool": "which_code"}, {"outcome": side.label}]], "thinned": 0}

    monkeypatch.setattr(decision_diff.Side, "_evaluate", evaluate)
    day = "2027-01-04"  # not the tests' TODAY: the entries the tests above kept are not this test's

    def answers(rev):
        side = decision_diff.Side(repo, rev)
        try:
            return side.evaluate(day), side._saved(day)
        finally:
            side.close()

    first, kept = answers("main")
    assert kept is not None and kept.is_file() and kept.is_relative_to(repo / ".git")
    assert answers("main")[0] == first and len(asked) == 1, asked
    assert answers(None)[1] is None and answers(None)[0]["ok"] and len(asked) == 3, asked  # never kept

    _git(repo, "checkout", "-q", "-b", "another")
    try:
        edit(repo / "policy_data" / "codes.yaml", "meaning: Illness", "meaning: Ill")
        _git(repo, "commit", "-q", "-am", "another revision")
        assert answers("another")[1] != kept and len(asked) == 4, asked
    finally:
        _git(repo, "checkout", "-q", "main")
        _git(repo, "branch", "-q", "-D", "another")

    whole = kept.read_bytes()
    kept.write_bytes(whole[: len(whole) // 2])
    capsys.readouterr()
    assert answers("main")[0] == first and len(asked) == 5, asked
    assert "cannot be read" in capsys.readouterr().err
    assert kept.read_bytes() != whole[: len(whole) // 2] and answers("main")[0] == first and len(asked) == 5


def test_delta_shows_whole_words():
    from tools_py.diff.decision_diff import delta

    assert delta("absence of 10 school days", "absence of 12 school days") == "absence of «10» → «12» school days"
    assert delta(60, 80) == "«60» → «80»"
