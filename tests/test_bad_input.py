"""A careless or hostile edit, or a wrong input to a tool, gets a clear message: never a traceback,
a hang, a silent wrong answer, or a partial site.

Each test makes one mistake an editor or a reader could make and checks the message it gets:
``file:line: field: message`` for the data, ``error: question: message`` on the command line.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest

from tools_py import api
from tools_py.compile import PolicyDataInvalid, compile_policy
from tools_py.outcome import AnswerError

from .test_data_errors import data_copy, edit, errors_for, line_of  # noqa: F401  (fixture and helpers)
from .conftest import REPO


def only_error(root) -> str:
    errors = errors_for(root)
    assert len(errors) == 1, errors
    return errors[0]


# -- the YAML itself ---------------------------------------------------------------------------

def test_alias_bomb_is_refused_quickly(data_copy):
    """Nine aliases of nine aliases … would expand to 387 million values; the check says so in a blink."""
    glossary = data_copy / "glossary.yaml"
    bomb = "bomb0: &b0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"bomb{n}: &b{n} [{', '.join([f'*b{n - 1}'] * 9)}]\n" for n in range(1, 9))
    glossary.write_text(glossary.read_text(encoding="utf-8") + bomb, encoding="utf-8")
    start = time.perf_counter()
    message = only_error(data_copy)
    assert time.perf_counter() - start < 5
    assert message.startswith("policy_data/glossary.yaml:") and "expands to more than 100,000 values" in message


def test_control_character(data_copy):
    """A bell character pasted into a text is named, with its line, instead of a ReaderError."""
    doc = data_copy / "documents" / "dss.yaml"
    line = edit(doc, "review_due: 2027-02", "review_due: 2027-02\nversion: \"v\x07\"")
    assert only_error(data_copy) == (f"policy_data/documents/dss.yaml:{line + 1}: not valid YAML: the text holds an "
                                     "invisible control character (U+0007); delete it (it often comes from copying "
                                     "and pasting)")


def test_complex_mapping_key(data_copy):
    """``? [a, b]`` makes a list a key; it is refused where it stands, not as an unhashable LineList."""
    doc = data_copy / "documents" / "dss.yaml"
    line = edit(doc, "review_due: 2027-02\n", "review_due: 2027-02\n? [a, b]\n: c\n")
    assert only_error(data_copy) == (f"policy_data/documents/dss.yaml:{line + 1}: not valid YAML: a name before ':' "
                                     "must be a plain word, not a list or a mapping")


def test_number_as_a_fact_name(data_copy):
    """A fact named ``5`` is a number to YAML; it is reported, not compared with text (int < str)."""
    doc = data_copy / "documents" / "dms.yaml"
    line = edit(doc, "facts:\n", "facts:\n  5:\n    value: 1\n    clause: dms-1\n")
    assert only_error(data_copy) == (f"policy_data/documents/dms.yaml:{line + 1}: not valid YAML: the name '5' is "
                                     "read as a number, not text; put it in quotes: '5':")


def test_deep_nesting(data_copy):
    """20,000 nested lists: a message, no RecursionError."""
    doc = data_copy / "documents" / "dss.yaml"
    line = edit(doc, "review_due: 2027-02\n", "review_due: 2027-02\nnested: " + "[" * 20_000 + "]" * 20_000 + "\n")
    assert only_error(data_copy) == (f"policy_data/documents/dss.yaml:{line + 1}: not valid YAML: lists and mappings "
                                     "are nested more than 50 deep")


def test_tab_is_found_in_the_text_not_in_the_parser_words(data_copy):
    """A tag whose name contains 'tab' is not a tab; a tab in an indentation is, whatever the parser says."""
    doc = data_copy / "documents" / "dss.yaml"
    line = edit(doc, "review_due: 2027-02\n", "review_due: 2027-02\nversion: !unconstructable x\n")
    message = only_error(data_copy)
    assert message.startswith(f"policy_data/documents/dss.yaml:{line + 1}: not valid YAML:") and "tab" not in message.split("'")[0]
    assert "indent" not in message


# -- dates a reader types ----------------------------------------------------------------------

@pytest.mark.parametrize("typed, message", [
    ("20261123", "'20261123' is not a date written YYYY-MM-DD"),
    ("2026-W48-1", "'2026-W48-1' is not a date written YYYY-MM-DD"),
    ("2026-02-30", "'2026-02-30' is not a real date"),
])
def test_date_must_be_written_yyyy_mm_dd_and_be_real(typed, message):
    result = subprocess.run([sys.executable, "-m", "tools_py", "ask", "which_code", "--school", "dms", "--date", typed,
                             "situation=on_time", "session=am"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stderr.strip() == f"error: date: {message}"


# -- numbers -----------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, message", [
    (".nan", "nan is not a number a reader can use (write a plain number, e.g. 10)"),
    (".inf", "inf is not a number a reader can use (write a plain number, e.g. 10)"),
    ("-10", "-10 is negative; a number of days, sessions, an amount or a percentage is 0 or more"),
    ("250", "250 is more than 100 percent"),
])
def test_threshold_must_be_a_finite_number_in_range(data_copy, typed, message):
    """A persistent-absence threshold of .nan, -10 or 250 % would be printed in every answer."""
    doc = data_copy / "documents" / "wt2024.yaml"
    line = edit(doc, "  absence.persistent_percent:\n    value: 10\n", f"  absence.persistent_percent:\n    value: {typed}\n")
    assert only_error(data_copy) == (f"policy_data/documents/wt2024.yaml:{line + 1}: "
                                     f"facts.absence.persistent_percent.value: {message}")


def test_a_code_counted_twice_is_an_error_naming_it():
    """``/:2,/:3`` used to keep only the second count, silently."""
    with pytest.raises(AnswerError) as caught:
        api.ask("attendance", "dms", "2026-11-23", {"period": "year_so_far", "sessions": "/:2,/:3,I:1"})
    assert caught.value.question == "sessions"
    assert caught.value.message == "code / is given twice (/:2 and /:3); give each code once"


# -- make check catches what the tools and the build rely on ------------------------------------

def check(root) -> subprocess.CompletedProcess:
    """``make check`` (python -m tools_py.compile check) on a copy of the data."""
    env = {**os.environ, "HANDBOOK_POLICY_DATA": str(root), "HANDBOOK_TODAY": "2026-11-23"}
    return subprocess.run([sys.executable, "-m", "tools_py.compile", "check"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def test_check_catches_a_renamed_outcome(data_copy):
    """which_code.py gives 'present'; renamed in the YAML, the tool and the build would raise KeyError."""
    tool = data_copy / "tools" / "which_code.yaml"
    outcomes = line_of(tool, "outcomes:\n")
    edit(tool, "  present:\n    title:", "  presence:\n    title:")
    result = check(data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f"policy_data/tools/which_code.yaml:{outcomes}: outcomes: tools_py/which_code.py gives the outcome "
            "'present', which has no texts here") in result.stderr


def test_check_catches_an_outcome_a_rule_names_that_does_not_exist(data_copy):
    tool = data_copy / "tools" / "notify_la.yaml"
    line = edit(tool, "outcome: not_yet\n", "outcome: not_yet_due\n")
    assert any(e.startswith(f"policy_data/tools/notify_la.yaml:{line}: rules.") and
               e.endswith(".outcome: 'not_yet_due' is not an outcome of notify_la (notify_now, notify_by_deadline, "
                          "not_yet, not_required, consider)") for e in errors_for(data_copy)), errors_for(data_copy)


@pytest.mark.parametrize("typed, message", [
    ("{0}", "'{0}' is not a blank the tool fills; a blank is a name in braces, e.g. {code}"),
    ("{}", "'{}' is not a blank the tool fills; a blank is a name in braces, e.g. {code}"),
    ("{code", "the braces do not pair up: a blank is written {name}, a brace meant as text is doubled ({{ or }})"),
    ("code}", "the braces do not pair up: a blank is written {name}, a brace meant as text is doubled ({{ or }})"),
    ("{code.upper}", "'{code.upper}' is not a blank the tool fills; a blank is a name in braces, e.g. {code}"),
    ("{cod}", "the tool fills no blank named {cod} (it fills: category, category_label, code, counts, counts_as, "
              "late_detail, meaning, not_leave, possible_session, register_closes, register_taken, replace_within, "
              "school_wording)"),
])
def test_check_catches_an_outcome_text_the_tool_cannot_fill(data_copy, typed, message):
    tool = data_copy / "tools" / "which_code.yaml"
    line = edit(tool, '    verdict: "Code {code} means the pupil is {category_label}."',
                f'    verdict: "Code {typed} means the pupil is {{category_label}}."')
    result = check(data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"policy_data/tools/which_code.yaml:{line}: outcomes.present.verdict: {message}" in result.stderr.splitlines()


def test_check_catches_a_rule_code_that_is_not_a_code(data_copy):
    """'ILL' does not look like the codes the old check looked for; it is still no code."""
    tool = data_copy / "tools" / "which_code.yaml"
    line = edit(tool, "    illness: I\n", "    illness: ILL\n")
    assert only_error(data_copy) == (f"policy_data/tools/which_code.yaml:{line}: rules.codes.illness: 'ILL' is not "
                                     "an attendance code in codes.yaml")


def test_check_catches_an_induction_scenario_with_a_choice_that_does_not_exist(data_copy):
    """Before, only the build found it (inside a macro); now make check does, by file and line."""
    induction = data_copy / "induction.yaml"
    line = edit(induction, "    answers: {situation: arrived_late, session: am, arrival_time: \"09:20\"}",
                "    answers: {situation: arrived_lately, session: am, arrival_time: \"09:20\"}")
    result = check(data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert any(e.startswith(f"policy_data/induction.yaml:{line}: scenarios[") and
               "answers: which_code does not accept these answers for" in e and "'arrived_lately' is not one of the choices" in e
               for e in result.stderr.splitlines()), result.stderr


# -- builds ------------------------------------------------------------------------------------

def _build(site, temp=None) -> subprocess.Popen:
    env = {**os.environ, "HANDBOOK_TODAY": "2026-11-23", **({"TMPDIR": str(temp)} if temp else {})}
    return subprocess.Popen([sys.executable, "-m", "tools_py.site", "build", "--site", str(site)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


_HASHED = re.compile(r"^(search/pagefind/(?:index|fragment|filter)/)[^/]+$|^(search/pagefind/pagefind\.\w+)_[0-9a-f]+(\.pf_meta)$")


def _files(site) -> list[str]:
    """The site's files; the search index's files, named by a hash of their content (which holds the
    build date), only as the folders that hold them."""
    names = set()
    for path in site.rglob("*"):
        if path.is_file():
            name = str(path.relative_to(site))
            hashed = _HASHED.match(name)
            names.add((hashed.group(1) or hashed.group(2) + hashed.group(3)) if hashed else name)
    return sorted(names)


def _wait_for_staging(folder, build):
    """Until the build has made its staging folder beside site/ (or has ended). Pages are written only
    in the last second or so of a build, so waiting for them raced the build's end; the staging folder
    stands from the start of the MkDocs build to its end."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and build.poll() is None:
        if any(p.name.startswith(".site-build-") for p in folder.iterdir() if p.is_dir()):
            time.sleep(0.5)  # well inside the MkDocs build, which takes seconds
            return
        time.sleep(0.05)


def test_builds_at_once_leave_a_whole_site(tmp_path, built_site):
    """``make build & make build``: before, site/ kept a few of its files; now each build stages its own.
    Nor does a build leave anything in the temporary folder (each left its tools wheel there)."""
    site, temp = tmp_path / "site", tmp_path / "temp"
    temp.mkdir()
    builds = [_build(site, temp) for _ in range(3)]  # three, started together, make the race near certain
    outputs = [build.communicate(timeout=300) for build in builds]
    assert [build.returncode for build in builds] == [0, 0, 0], outputs
    assert _files(site) == _files(built_site)
    assert not list(tmp_path.glob(".site-build-*")) and not list(tmp_path.glob(".site-previous-*"))
    assert not list(temp.iterdir()), "the builds left files in the temporary folder"


@pytest.mark.parametrize("signum", ["SIGINT", "SIGTERM"])
def test_an_interrupted_build_stops_and_cleans_up(tmp_path, signum):
    """Ctrl-C, or make being stopped, stops the build; its staging folder goes and site/ is untouched."""
    import signal

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build")
    build = _build(site)
    _wait_for_staging(tmp_path, build)
    assert build.poll() is None, "the build ended before it could be interrupted"
    build.send_signal(getattr(signal, signum))
    _out, err = build.communicate(timeout=120)
    assert build.returncode == 130 and "Build stopped; the previous site/ was left as it was." in err
    assert "Traceback" not in err
    assert _files(site) == ["index.html"] and (site / "index.html").read_text() == "previous build"
    assert not list(tmp_path.glob(".site-build-*"))


# -- the command lines -------------------------------------------------------------------------

@pytest.mark.parametrize("args, code, message", [
    (["tools_py", "ask", "attendance", "--school", "dms", "--date", "2026-11-23", "period=year_so_far",
      "sessions=/:1e999"], 1, "error: sessions: sessions for / must be a whole number of 0 or more, not '1e999'"),
    (["tools_py.diff", "--today", "2026-02-30"], 2,
     "python -m tools_py.diff: error: --today (or HANDBOOK_TODAY): '2026-02-30' is not a real date"),
    (["tools_py.compile", "diff", "--today", "2026-02-30"], 2,  # the older name still works
     "python -m tools_py.compile diff: error: --today (or HANDBOOK_TODAY): '2026-02-30' is not a real date"),
    (["tools_py.compile", "diff", "no-such-branch"], 0,
     f"The decision diff could not run: 'no-such-branch' is not a branch, tag or commit of {REPO}"),
    (["tools_py.compile", "json", "/no/such/folder/policy.json"], 1,
     "/no/such/folder/policy.json: cannot write the compiled data: No such file or directory"),
    (["tools_py.site", "serve", "--port", "eighty"], 2,
     "--port: 'eighty' is not a port number (1 to 65535)\nusage: python -m tools_py.site build [--site DIR] | serve [--port N]"),
])
def test_command_lines_answer_bad_input_with_a_message(args, code, message):
    result = subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=120)
    said = (result.stderr + result.stdout).strip()
    assert "Traceback" not in said
    assert (result.returncode, said.splitlines()[-message.count("\n") - 1:]) == (code, message.splitlines())


def test_check_catches_a_constraint_message_the_tool_cannot_fill(data_copy):
    """A constraint's message is filled with the two answers it compares ({left}, {right}); anything else is caught."""
    tool = data_copy / "tools" / "evidence_lateness.yaml"
    line = edit(tool, 'message: "{left} school days in a row', 'message: "{% raw %} school days in a row')
    result = check(data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f"policy_data/tools/evidence_lateness.yaml:{line}: constraints[0].message: '{{% raw %}}' is not a blank "
            "the tool fills; a blank is a name in braces, e.g. {code}") in result.stderr.splitlines(), result.stderr
