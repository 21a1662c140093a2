"""An editor's mistake is refused by ``make check`` with ``file:line: field: message``: never passed on
to readers as a wrong answer, never a traceback, never a hang.

Each case makes one mistake in a copy of policy_data/ (one of the probe's "editor mistakes": values
outside the range their rule gives, times out of order, a template with a format spec, a duplicate id,
a code lost to an unquoted ``#``, a file an editor's tools leave behind …) and checks the one message
it gets, at the line of the mistake.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from .conftest import REPO
from .test_data_errors import data_copy, edit, errors_for, line_of  # noqa: F401  (fixture and helpers)


def check(root, **env) -> subprocess.CompletedProcess:
    """``make check`` on a copy of the data, in its own process (a hang fails by the timeout)."""
    env = {**os.environ, "HANDBOOK_POLICY_DATA": str(root), "HANDBOOK_TODAY": "2026-11-23", **env}
    return subprocess.run([sys.executable, "-m", "tools_py.compile", "check"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)


def report(root) -> list[str]:
    """What ``make check`` prints for a copy of the data, asked in this process (quicker than a new one)."""
    from tools_py.compile import PolicyDataInvalid, compile_policy

    previous = os.environ.get("HANDBOOK_TODAY")
    os.environ["HANDBOOK_TODAY"] = "2026-11-23"
    try:
        compile_policy(root)
    except PolicyDataInvalid as invalid:
        return invalid.report().splitlines()
    finally:
        if previous is None:
            del os.environ["HANDBOOK_TODAY"]
        else:
            os.environ["HANDBOOK_TODAY"] = previous
    raise AssertionError("make check accepted the mistake")


def refused(root, expected: str, in_process: bool = True):
    """``make check`` refuses the data with ``expected`` among its lines (and, run as a command, no traceback).

    Cases that used to hang run as a command, so that a hang fails by the timeout."""
    if in_process:
        lines = report(root)
    else:
        result = check(root)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr, result.stderr[-3000:]
        lines = result.stderr.splitlines()
    assert expected in lines, "\n".join(lines[-40:])
    return lines


# -- values outside the range their rule gives ---------------------------------------------------

@pytest.mark.parametrize("old, new, field, message", [
    ("  registers.am.closes:\n    value: \"09:30\"", "  registers.am.closes:\n    value: \"09:05\"",
     "facts.registers.am.taken.value", "the morning register closes at 09:05, before it is taken at 09:10"),
    ("  registers.pm.taken:\n    value: \"14:15\"", "  registers.pm.taken:\n    value: \"09:15\"",
     "facts.registers.am.closes.value",
     "the afternoon register is taken at 09:15, before the morning register closes at 09:30"),
    ("  la_notify.sickness_school_days:\n    value: 15", "  la_notify.sickness_school_days:\n    value: -1",
     "facts.la_notify.sickness_school_days.value",
     "-1 is negative; a number of days, sessions, an amount or a percentage is 0 or more"),
    ("  la_notify.sickness_school_days:\n    value: 15",
     "  la_notify.sickness_school_days:\n    value: 1000000000000000000000000000000",
     "facts.la_notify.sickness_school_days.value",
     "1000000000000000000000000000000 is more than 195 school days (a school year has about 190)"),
    ("  la_notify.sickness_school_days:\n    value: 15", "  la_notify.sickness_school_days:\n    value: 15.5",
     "facts.la_notify.sickness_school_days.value", "15.5 is not a whole number"),
    ("  la_notify.sickness_school_days:\n    value: 15", "  la_notify.sickness_school_days:\n    value: 1.0e+309",
     "facts.la_notify.sickness_school_days.value",
     "inf is not a number a reader can use (write a plain number, e.g. 10)"),
    ("  la_notify.sickness_school_days:\n    value: 15", "  la_notify.sickness_school_days:\n    value: 1e309",
     "facts.la_notify.sickness_school_days.value", "\"1e309\" is not a number (e.g. 15)"),
])
def test_a_school_fact_outside_its_range_or_order(data_copy, old, new, field, message):
    """Dorchester's registers and days: each value out of range or order is named where it stands."""
    doc = data_copy / "documents" / "dms.yaml"
    edit(doc, old, new)
    line = line_of(doc, "  " + field.split(".", 1)[1].rsplit(".", 1)[0] + ":\n") + 1
    refused(data_copy, f"policy_data/documents/dms.yaml:{line}: {field}: {message}")


def test_a_reduced_penalty_above_the_full_one(data_copy):
    """£800 within 21 days beside £160 within 28: passed every check, and told parents to pay more early."""
    doc = data_copy / "documents" / "wt2024.yaml"
    line = edit(doc, "    - from: 2024-08-19\n      value: 80\n", "    - from: 2024-08-19\n      value: 800\n") + 1
    refused(data_copy, f"policy_data/documents/wt2024.yaml:{line}: facts.penalty_notice.first_reduced_amount[2].value: "
                       "the reduced penalty, £800, is not below the full penalty, £160")


@pytest.mark.parametrize("old, new, field, message", [
    ("    decimals: 1\n", "    decimals: 100000000\n", "rules.texts.decimals", "100000000 is more than 4 decimal places"),
    ("    decimals: 1\n", "    decimals: two\n", "rules.texts.decimals",
     "'two' is not a number (write a plain number, e.g. 10)"),
    ("    decimals: 1\n", "    decimals: 1.5\n", "rules.texts.decimals", "1.5 is not a whole number"),
    ("    max: 140\n", "    max: -1\n", "questions[4].max",
     "-1 is negative; an answer here (a number of days, sessions, times or a percentage) is 0 or more"),
])
def test_a_rule_number_outside_its_range(data_copy, old, new, field, message):
    """The attendance tool's rounding and thresholds: decimals: 100000000 used to hang make check."""
    tool = data_copy / "tools" / "attendance.yaml"
    line = edit(tool, old, new)
    result = check(data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    found = [e for e in result.stderr.splitlines() if e.startswith(f"policy_data/tools/attendance.yaml:{line}: ")
             and e.endswith(f": {message}")]
    assert found, result.stderr
    if field:
        assert found[0] == f"policy_data/tools/attendance.yaml:{line}: {field}: {message}"


THRESHOLD = "  absence.persistent_attendance_below_percent:\n    value: 90\n"


@pytest.mark.parametrize("value, message", [
    ("150", "150 is more than 100 percent"),
    ("-1", "-1 is negative; a number of days, sessions, an amount or a percentage is 0 or more"),
    ("ninety", '"ninety" is not a number (e.g. 90)'),
])
def test_a_threshold_fact_outside_its_range(data_copy, value, message):
    """The attendance tool's thresholds are the schools' facts (its rows name them): a percentage out of
    range is refused at the fact's own line."""
    document = data_copy / "documents" / "dms.yaml"
    line = edit(document, THRESHOLD, THRESHOLD.replace("value: 90", f"value: {value}")) + 1  # the value's line
    result = check(data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert any(error.startswith(f"policy_data/documents/dms.yaml:{line}: ") and error.endswith(f": {message}")
               for error in result.stderr.splitlines()), result.stderr


def test_a_question_whose_limits_exclude_every_answer(data_copy):
    tool = data_copy / "tools" / "attendance.yaml"
    edit(tool, "    min: 0\n    max: 140\n", "    min: 10\n    max: 5\n")
    line = line_of(tool, "    max: 5\n")
    refused(data_copy, f"policy_data/tools/attendance.yaml:{line}: questions[4].max: the highest answer allowed, 5, "
                       "is below the lowest, 10: no answer could be given")


def test_stated_amounts_reduced_not_below_full(data_copy):
    tool = data_copy / "tools" / "penalty_notice.yaml"
    text = tool.read_text(encoding="utf-8")
    assert "reduced: 60" in text
    line = edit(tool, "reduced: 60", "reduced: 600")
    result = check(data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert any(e.startswith(f"policy_data/tools/penalty_notice.yaml:{line}: rules.stated_amounts.dc") and
               e.endswith("the reduced amount 600 is not below the full amount 120")
               for e in result.stderr.splitlines()), result.stderr


# -- templates: a blank is its name alone --------------------------------------------------------

@pytest.mark.parametrize("typed, message", [
    ("{code:x>30000000}", "'{code:x>30000000}': a blank is written {code}, with nothing after its name (':' is "
                          "not allowed inside the braces)"),
    ("{code:d}", "'{code:d}': a blank is written {code}, with nothing after its name (':' is not allowed inside the "
                 "braces)"),
    ("{code!r}", "'{code!r}': a blank is written {code}, with nothing after its name ('!' is not allowed inside the "
                 "braces)"),
])
def test_a_format_spec_or_conversion_in_an_outcome(data_copy, typed, message):
    """{code:x>30000000} made every answer 30 MB; {code:d} crashed the tool; {code!r} showed Python's quotes."""
    tool = data_copy / "tools" / "which_code.yaml"
    line = edit(tool, '    verdict: "Code {code} means the pupil is {category_label}."',
                f'    verdict: "Code {typed} means the pupil is {{category_label}}."')
    refused(data_copy, f"policy_data/tools/which_code.yaml:{line}: outcomes.present.verdict: {message}")


def test_an_unknown_blank_in_the_conflict_note(data_copy):
    """{topik} was shown to readers as it stands."""
    conflicts = data_copy / "conflicts.yaml"
    line = edit(conflicts, "Documents disagree on this ({topic})", "Documents disagree on this ({topik})")
    refused(data_copy, f"policy_data/conflicts.yaml:{line}: answer_note: the tool fills no blank named {{topik}} "
                       "(it fills: id, topic)")


# -- ids -----------------------------------------------------------------------------------------

def test_a_conflict_id_used_twice(data_copy):
    """Two anchors of one id: every link to the second landed on the first."""
    conflicts = data_copy / "conflicts.yaml"
    position = conflicts.read_text(encoding="utf-8").split("  - id: regulations-cited\n")[0].count("\n  - id: ")
    line = edit(conflicts, "  - id: regulations-cited\n", "  - id: penalty-amounts\n")
    refused(data_copy, f"policy_data/conflicts.yaml:{line}: conflicts[{position}].id: id 'penalty-amounts' is used "
                       "twice (first at line 7)")


def test_a_glossary_term_used_twice(data_copy):
    glossary = data_copy / "glossary.yaml"
    line = edit(glossary, "  - term: ACRF\n", "  - term: ace\n")
    refused(data_copy, f"policy_data/glossary.yaml:{line}: terms[1].term: the term 'ace' is used twice (first at line 4)")


def test_a_clause_id_ending_in_a_line_break(data_copy):
    """``"dms-4.4\\n"`` passed the id pattern (Python's $ matches before a final newline) and broke its anchor."""
    doc = data_copy / "documents" / "dms.yaml"
    line = edit(doc, "      - id: dms-4.4\n", '      - id: "dms-4.4\\n"\n')
    result = check(data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f"policy_data/documents/dms.yaml:{line}: sections[4].blocks[3].id: 'dms-4.4\\n' is not a clause id such "
            "as dms-5.1 (document id, hyphen, number or slug); it ends with a line break or a space: delete it"
            in result.stderr.splitlines()), result.stderr


def test_a_conflict_naming_an_unknown_tool_school_or_answer(data_copy):
    """A misspelt tool matched no answer, so the note every such answer should carry silently disappeared."""
    conflicts = data_copy / "conflicts.yaml"
    line = edit(conflicts, "      - {tool: penalty_notice, clause: dc-penalty-warning-amounts}",
                "      - {tool: penalty_notices, clause: dc-penalty-warning-amounts}")
    tools = "attendance, evidence_lateness, leave_request, notify_la, penalty_notice, removal_from_roll, which_code"
    refused(data_copy, f"policy_data/conflicts.yaml:{line}: conflicts[0].affects[0].tool: no tool 'penalty_notices' "
                       f"(tools: {tools})")
    edit(conflicts, "{tool: penalty_notices,", "{tool: penalty_notice,")
    line = edit(conflicts, "answers: {reason: family_event}", "answers: {reason: family_events}")
    result = check(data_copy)
    assert result.returncode == 1 and any(
        e.startswith(f"policy_data/conflicts.yaml:{line}: conflicts[") and
        e.endswith(".answers.reason: 'family_events' is not an answer of 'reason' (" + e.split("(", 1)[-1])
        for e in result.stderr.splitlines()), result.stderr


# -- a code lost to an unquoted # --------------------------------------------------------------

def test_an_unquoted_hash_is_named_not_blamed_on_the_date(data_copy):
    """``planned_closure: #`` made the code empty; the tool then said it had no rule for the date."""
    tool = data_copy / "tools" / "which_code.yaml"
    line = edit(tool, '    planned_closure: "#"\n', "    planned_closure: #\n")
    refused(data_copy, f"policy_data/tools/which_code.yaml:{line}: rules.codes.planned_closure: is empty: a '#' "
                       "starts a comment, so what follows it is not read; to write # as a value, put it in quotes: \"#\"")


# -- addresses a reader taps -------------------------------------------------------------------

@pytest.mark.parametrize("old, new, field, message", [
    ('    phone: "01305 265651"', '    phone: "01305 26565l"', "contacts[0].phone",
     "'01305 26565l' is not a telephone number: write digits and spaces only, with an optional + in front (e.g. "
     "\"01305 265651\"); put words such as 'option 1' in phone_note"),
    ("    email: admin@sevenoaksschool.org", "    email: admin@sevenoaks@school.org", "contacts[1].email",
     "'admin@sevenoaks@school.org' is not an e-mail address (one @, no spaces, a domain such as school.org); a text "
     "that is not an address must not contain @"),
    ('phone: "01258474036"', 'phone: "01258474036\\n"', "localities[0].phone",
     "'01258474036\\n' is not a phone number in digits, as text in quotes; it ends with a line break or a space: "
     "delete it"),
])
def test_a_number_or_address_that_is_not_one(data_copy, old, new, field, message):
    """A letter in a number was dropped from the tel: link, which then dialled someone else."""
    contacts = data_copy / "contacts.yaml"
    line = edit(contacts, old, new)
    refused(data_copy, f"policy_data/contacts.yaml:{line}: {field}: {message}")


@pytest.mark.parametrize("typed, message", [
    ('reference/codes/" onmouseover="alert(1)', None),
    ("javascript:alert(1)", None),
    ("https://example.org/", None),
    ("reference/cods/", "no page 'reference/cods/' in docs/ (docs/reference/cods.md or docs/reference/cods/index.md)"),
    ("documents/wt2024/#wt2024-ilness", "no clause 'wt2024-ilness' in the document 'wt2024' (did you mean "
                                        "'wt2024-illness'?)"),
])
def test_a_tool_fallback_that_is_not_a_page_of_the_site(data_copy, typed, message):
    """The fallback link is written into the tool's page: a quote in it ran a script on mouse-over."""
    tool = data_copy / "tools" / "which_code.yaml"
    line = edit(tool, "fallback: reference/codes/\n", f"fallback: '{typed}'\n")
    message = message or (f"{typed!r} is not a page of this site: write its path from the site's root, in lower "
                          "case, ending in / (e.g. reference/codes/ or documents/wt2024/#wt2024-illness)")
    refused(data_copy, f"policy_data/tools/which_code.yaml:{line}: fallback: {message}")


# -- YAML the handbook does not read -------------------------------------------------------------

@pytest.mark.parametrize("typed, tag", [("!!binary aGVsbG8=", "!!binary"), ("!!timestamp 2027-02-01", "!!timestamp"),
                                        ("!!set {a, b}", "!!set"), ("!custom x", "!custom")])
def test_a_tag_outside_the_plain_types(data_copy, typed, tag):
    """!!binary and !!timestamp in a fact's value passed make check and then crashed the build (bytes and
    datetimes are not JSON)."""
    doc = data_copy / "documents" / "dms.yaml"
    line = edit(doc, "  leave.request_notice:\n    value: ", f"  leave.request_notice:\n    value: {typed} #") + 1
    refused(data_copy, f"policy_data/documents/dms.yaml:{line}: not valid YAML: the tag '{tag}' is not read here: "
                       "write plain text, numbers, true or false, lists and 'name: value' lines (a date is text: "
                       "2026-10-01)")


def test_a_string_alias_bomb_is_refused_by_its_size(data_copy):
    """A 9,000-character text repeated by aliases: few values, gigabytes of text; the guard counts characters too."""
    glossary = data_copy / "glossary.yaml"
    bomb = "bomb0: &b0 '" + "x" * 9000 + "'\n" + "".join(
        f"bomb{n}: &b{n} [{', '.join([f'*b{n - 1}'] * 9)}]\n" for n in range(1, 6))
    before = len(glossary.read_text(encoding="utf-8").splitlines())
    glossary.write_text(glossary.read_text(encoding="utf-8") + bomb, encoding="utf-8")
    refused(data_copy, f"policy_data/glossary.yaml:{before + 5}: not valid YAML: the file expands to more than "
                       "10,485,760 characters of text (an alias '*' repeats too much); write the values out", in_process=False)


def test_a_megabyte_in_one_flow_label(data_copy):
    """A 1 MB label crashed the diagram drawing; refused with the size allowed, at its line."""
    flow = data_copy / "flows" / "dc-attendance.yaml"
    text = flow.read_text(encoding="utf-8")
    at = text.index("    label: ")
    line = text[:at].count("\n") + 1
    end = text.index("\n", at)
    flow.write_text(text[:at] + "    label: " + "word " * 200_000 + text[end:], encoding="utf-8")
    refused(data_copy, f"policy_data/flows/dc-attendance.yaml:{line}: not valid YAML: a value of 999,999 characters; "
                       "the longest allowed is 10,000 (split the text into paragraphs)", in_process=False)


def test_a_long_flow_label_is_refused_by_the_schema(data_copy):
    """A diagram's box holds a few words: a label of 400 characters is refused, not drawn a page wide."""
    flow = data_copy / "flows" / "dc-attendance.yaml"
    text = flow.read_text(encoding="utf-8")
    at = text.index("    label: ")
    line = text[:at].count("\n") + 1
    end = text.index("\n", at)
    flow.write_text(text[:at] + "    label: " + "word " * 80 + text[end:], encoding="utf-8")
    result = check(data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert any(e.startswith(f"policy_data/flows/dc-attendance.yaml:{line}: nodes[0].label: is 399 characters long; "
                            "at most 300 here") for e in result.stderr.splitlines()), result.stderr


# -- a file that is not YAML text ---------------------------------------------------------------

@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"  \n\n", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "the file holds binary data (a NUL byte), not text: is it the right file?"),
    ("id: dms\ntitle: Caf\u00e9\n".encode("latin-1"), "not UTF-8 text (byte 0xE9 on this line): save the file as UTF-8"),
])
def test_one_unreadable_file_gives_one_message(data_copy, content, message):
    """An empty, binary or Latin-1 dms.yaml gave 213 lines (every citation of its clauses); now one."""
    (data_copy / "documents" / "dms.yaml").write_bytes(content)
    result = check(data_copy)
    line = 2 if b"Caf" in content else 3 if b"PNG" in content else 1  # the line of the first bad byte
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"policy_data/documents/dms.yaml:{line}: {message}",
                                          "1 error in policy_data; nothing was built."], result.stderr


def test_many_mistakes_in_one_file_are_shown_a_few_at_a_time(data_copy):
    """Every clause number unquoted (a number, not text): five lines and a count, the first cause not buried."""
    doc = data_copy / "documents" / "dms.yaml"
    doc.write_text(re.sub(r'number: "([0-9.]+)"', r"number: \1", doc.read_text(encoding="utf-8")), encoding="utf-8")
    result = check(data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 7, result.stderr
    assert all(line.startswith("policy_data/documents/dms.yaml:") and line.endswith(" is not text") for line in lines[:5])
    assert lines[5].startswith("policy_data/documents/dms.yaml: … and ") and lines[5].endswith(
        " more mistakes in this file (fix those above first: the rest often follow from them)")


# -- what an editor's tools leave in the folder --------------------------------------------------

def test_an_editors_lock_file_is_skipped_with_a_note(data_copy):
    """Emacs's ``.#dms.yaml`` (a link to nowhere) crashed make check while the file was open."""
    (data_copy / "documents" / ".#dms.yaml").symlink_to("root@host.1234:1700000000")
    result = check(data_copy)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert ("policy_data/documents/.#dms.yaml: skipped (a hidden file, such as an editor's lock or backup file, is not "
            "policy data)") in result.stderr.splitlines()


def test_a_link_to_nowhere_and_a_folder_named_yaml(data_copy):
    (data_copy / "documents" / "old.yaml").symlink_to("nowhere.yaml")
    (data_copy / "flows" / "drafts.yaml").mkdir()
    result = check(data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[:2] == [
        "policy_data/documents/old.yaml:1: a link to a file that does not exist (an editor's lock file? delete it, or "
        "close the editor)",
        "policy_data/flows/drafts.yaml:1: a folder, not a file: a folder's name must not end in .yaml"], result.stderr


def test_the_same_document_twice(data_copy):
    """``dms.yml`` beside ``dms.yaml``: one of them silently won."""
    (data_copy / "documents" / "dms.yml").write_bytes((data_copy / "documents" / "dms.yaml").read_bytes())
    result = check(data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "policy_data/documents/dms.yml:1: dms is also in policy_data/documents/dms.yaml: keep one file" in \
        result.stderr.splitlines(), result.stderr


# -- what the tools need from their rules --------------------------------------------------------

def test_a_situation_with_no_rule_row(data_copy):
    """A rule row renamed (``forces_stoped``): a row no answer reaches, and a situation with no row (a
    KeyError in the tool and in the build). Named where it stands."""
    tool = data_copy / "tools" / "notify_la.yaml"
    line = edit(tool, "    forces_stopped:\n", "    forces_stoped:\n")
    refused(data_copy, f"policy_data/tools/notify_la.yaml:{line}: rules.situations.forces_stoped: 'forces_stoped' is "
                       "not a choice of the question 'situation' (unauthorised_absence, sickness, low_attendance … "
                       "grt_left, forces_stopped)")


def test_a_rule_row_naming_a_reason_that_is_no_choice(data_copy):
    tool = data_copy / "tools" / "leave_request.yaml"
    text = tool.read_text(encoding="utf-8")
    at = text.index("reasons: [", text.index("  requests:"))
    line = text[:at].count("\n") + 1
    tool.write_text(text[:at] + "reasons: [holidays, " + text[at + len("reasons: ["):], encoding="utf-8")
    lines = report(data_copy)
    assert any(e.startswith(f"policy_data/tools/leave_request.yaml:{line}: rules.requests.") and
               e.endswith("'holidays' is not a choice of the question 'reason' (" + e.rsplit("(", 1)[-1]) for e in lines), lines


def test_a_rule_naming_a_fact_no_document_gives(data_copy):
    """A misspelt threshold fact made the tool say it had no rule for the date, for every school."""
    tool = data_copy / "tools" / "notify_la.yaml"
    line = edit(tool, "      threshold_fact: la_notify.continuous_unauthorised_school_days\n",
                "      threshold_fact: la_notify.continuous_unauthorised_schooldays\n")
    refused(data_copy, f"policy_data/tools/notify_la.yaml:{line}: rules.situations.unauthorised_absence.threshold_fact: "
                       "no document gives the fact 'la_notify.continuous_unauthorised_schooldays' (did you mean "
                       "'la_notify.continuous_unauthorised_school_days'?)")


def test_a_question_asked_for_schools_stating_a_fact_no_document_gives(data_copy):
    tool = data_copy / "tools" / "leave_request.yaml"
    text = tool.read_text(encoding="utf-8")
    assert "school_states: leave.exeat_early_departure_not_typically_granted" in text
    line = edit(tool, "school_states: leave.exeat_early_departure_not_typically_granted",
                "school_states: leave.exeat_early_departure_not_typicaly_granted")
    lines = report(data_copy)
    assert any(e.startswith(f"policy_data/tools/leave_request.yaml:{line}: questions[") and e.endswith(
        ".when.school_states: no document gives the fact 'leave.exeat_early_departure_not_typicaly_granted' (did you "
        "mean 'leave.exeat_early_departure_not_typically_granted'?)") for e in lines), lines


def test_a_rule_the_tool_needs_is_missing(data_copy):
    """What no check of the data alone can see: every choice of every question is asked of the tool at every
    school, and a failure (here a KeyError: the label of the category 'present' deleted) is named at its rules."""
    tool = data_copy / "tools" / "which_code.yaml"
    edit(tool, "    present: present\n", "")
    rules = line_of(tool, "rules:\n")
    result = check(data_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-3000:]
    assert (f"policy_data/tools/which_code.yaml:{rules}: rules: tools_py/which_code.py cannot answer situation=on_time, "
            "session=am for dms on 2026-11-23 (KeyError: 'present'): a row or value it needs is missing or of the wrong "
            "kind") in result.stderr.splitlines()  # (Evidence and lateness, which asks Which code?, says so too)


# -- any slip at all -----------------------------------------------------------------------------

_SLIPS = [lambda v: 7, lambda v: "x", lambda v: None, lambda v: [], lambda v: {}, lambda v: [v], lambda v: {"k": v},
          lambda v: True, lambda v: -1, lambda v: 1e9, lambda v: "", "delete", "unknown key"]


def test_random_slips_never_end_in_a_traceback(tmp_path, monkeypatch):
    """Thirty values of every file changed at random (a number for a text, a list for a mapping, a line
    deleted, a field added …), one at a time: each is refused with file:line messages, or accepted;
    never a traceback. (Fixed seed: a failure here replays exactly.)"""
    import copy
    import random

    import yaml

    from tools_py.compile import PolicyDataInvalid, compile_policy, yaml_lines

    random_ = random.Random(19)
    base = REPO / "policy_data"
    files = sorted(base.rglob("*.yaml"))
    trees = {path: yaml_lines.plain(yaml_lines.load(path.read_text(encoding="utf-8"))) for path in files}

    def values(tree, path=()):
        yield path, tree
        items = tree.items() if isinstance(tree, dict) else enumerate(tree) if isinstance(tree, list) else ()
        for step, value in items:
            yield from values(value, path + (step,))

    data = tmp_path / "policy_data"
    shutil.copytree(base, data)
    monkeypatch.setenv("HANDBOOK_TODAY", "2026-11-23")
    tried = []
    for _ in range(30):
        path = random_.choice(files)
        tree = copy.deepcopy(trees[path])
        where, value = random_.choice(list(values(tree))[1:])
        slip = random_.choice(_SLIPS)
        parent = tree
        for step in where[:-1]:
            parent = parent[step]
        if slip == "delete":
            del parent[where[-1]]
        elif slip == "unknown key":
            parent[where[-1]] = {**value, "zzz": 1} if isinstance(value, dict) else {"zzz": 1}
        else:
            parent[where[-1]] = slip(value)
        target = data / path.relative_to(base)
        target.write_text(yaml.safe_dump(tree, sort_keys=False, allow_unicode=True, width=4096), encoding="utf-8")
        tried.append(f"{path.name}: {where}")
        try:
            compile_policy(data)
        except PolicyDataInvalid as invalid:
            assert all(error.file.startswith("policy_data/") and error.line >= 1 for error in invalid.errors)
        finally:
            target.write_bytes(path.read_bytes())
    assert len(tried) == 30
