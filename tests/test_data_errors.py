"""An editor's mistake in policy_data/ is reported as file:line: field: message, and stops the build
before the previous site is touched."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from tools_py.compile import PolicyDataInvalid, compile_policy

from .conftest import REPO


@pytest.fixture
def data_copy(tmp_path):
    """A private copy of policy_data/ to break."""
    target = tmp_path / "policy_data"
    shutil.copytree(REPO / "policy_data", target)
    return target


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1  # the line the edit starts on


def errors_for(root) -> list[str]:
    with pytest.raises(PolicyDataInvalid) as caught:
        compile_policy(root)
    return [str(error) for error in caught.value.errors]


def line_of(path, needle) -> int:
    text = path.read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def test_valid_data_compiles():
    """The data in the repository has no errors."""
    data = compile_policy()
    assert data["documents"] and data["clauses"] and data["codes"] and data["tools"]


def test_wrong_type_names_file_line_and_field(data_copy):
    """A yes/no field given a word says which file, line and field, and what is expected."""
    codes = data_copy / "codes.yaml"
    line = line_of(codes, "possible_session: false")
    edit(codes, "possible_session: false", "possible_session: maybe")
    assert f"policy_data/codes.yaml:{line}: codes[" in "\n".join(errors_for(data_copy))
    assert any(re.search(r"possible_session: 'maybe' is not true or false$", e) for e in errors_for(data_copy))


def test_unknown_code_in_a_tool_rule(data_copy):
    """A tool rule naming a code that does not exist is caught."""
    tool = data_copy / "tools" / "which_code.yaml"
    line = edit(tool, "    illness: I\n", "    illness: I9\n")
    assert f"policy_data/tools/which_code.yaml:{line}: rules.codes.illness: 'I9' is not an attendance code in codes.yaml" in errors_for(data_copy)


def test_missing_citation(data_copy):
    """A flow step that no longer says which clause it comes from is caught."""
    flow = data_copy / "flows" / "dc-attendance.yaml"
    text = flow.read_text(encoding="utf-8")
    first_clause = re.search(r"\n(\s+)clause: (dc-step-1)\n", text)
    flow.write_text(text.replace(first_clause.group(0), "\n", 1), encoding="utf-8")
    errors = errors_for(data_copy)
    assert any(re.match(r"policy_data/flows/dc-attendance\.yaml:\d+: nodes\[0\]: 'clause' is missing$", e) for e in errors), errors


def test_citation_of_a_clause_that_does_not_exist(data_copy):
    """Citing a clause id that no document has is caught, with a suggestion."""
    flow = data_copy / "flows" / "dc-attendance.yaml"
    line = edit(flow, "clause: dc-step-5\n", "clause: dc-step-50\n")
    assert any(e.startswith(f"policy_data/flows/dc-attendance.yaml:{line}: nodes[") and "no clause 'dc-step-50'" in e
               for e in errors_for(data_copy))


def test_bad_date(data_copy):
    """A month 13 is not a date."""
    doc = data_copy / "documents" / "dss.yaml"
    line = edit(doc, "review_due: 2027-02", "review_due: 2027-13")
    assert f"policy_data/documents/dss.yaml:{line}: review_due: '2027-13' is not a real date" in errors_for(data_copy)


def test_date_in_the_wrong_form(data_copy):
    doc = data_copy / "documents" / "dss.yaml"
    line = edit(doc, "review_due: 2027-02", "review_due: February 2027")
    assert any(e.startswith(f"policy_data/documents/dss.yaml:{line}: review_due: 'February 2027' is not a date written")
               for e in errors_for(data_copy))


def test_duplicate_clause_id(data_copy):
    """Two clauses with one id: both places are named."""
    doc = data_copy / "documents" / "dc.yaml"
    first = line_of(doc, "id: dc-step-2\n")
    line = edit(doc, "id: dc-step-3\n", "id: dc-step-2\n")
    assert (f"policy_data/documents/dc.yaml:{line}: sections[3].sections[2].id: clause id 'dc-step-2' is used twice "
            f"(first at policy_data/documents/dc.yaml:{first})") in errors_for(data_copy)


def test_flow_edge_to_a_missing_node(data_copy):
    flow = data_copy / "flows" / "dc-attendance.yaml"
    text = flow.read_text(encoding="utf-8")
    target = re.search(r"\n\s+to: (\S+)\n", text)
    line = text[: target.start() + 1].count("\n") + 1
    flow.write_text(text[: target.start()] + "\n    to: step8\n" + text[target.end():], encoding="utf-8")
    errors = errors_for(data_copy)
    assert any(e.startswith(f"policy_data/flows/dc-attendance.yaml:{line}: edges[") and "to: no node 'step8' (nodes:" in e
               for e in errors), errors


def test_yaml_syntax_error(data_copy):
    doc = data_copy / "documents" / "dc.yaml"
    line = edit(doc, "title: ", "title: [unclosed ")
    errors = errors_for(data_copy)
    assert len(errors) == 1 and errors[0].startswith("policy_data/documents/dc.yaml:") and "not valid YAML" in errors[0]
    assert abs(int(errors[0].split(":")[1]) - line) <= 1


def test_all_errors_reported_at_once(data_copy):
    edit(data_copy / "documents" / "dss.yaml", "review_due: 2027-02", "review_due: 2027-13")
    edit(data_copy / "flows" / "dc-attendance.yaml", "clause: dc-step-5\n", "clause: dc-step-50\n")
    assert len(errors_for(data_copy)) == 2


def test_failed_build_leaves_previous_site_intact(data_copy, tmp_path):
    """A data error stops the build with the message and the old site/ unchanged, byte for byte."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build")
    edit(data_copy / "documents" / "dss.yaml", "review_due: 2027-02", "review_due: 2027-13")
    env = {**os.environ, "HANDBOOK_POLICY_DATA": str(data_copy)}
    result = subprocess.run([sys.executable, "-m", "tools_py.site", "build", "--site", str(site)],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "policy_data/documents/dss.yaml:" in result.stderr and "'2027-13' is not a real date" in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text() == "previous build"
    assert not list(tmp_path.glob(".site-build-*"))  # no staging folder left behind


def test_school_type_outside_the_fixed_set(data_copy):
    """A school's type is one of the kinds the national rules name; a misspelt one is caught, by line."""
    document = data_copy / "documents" / "sev.yaml"
    line = edit(document, "    value: independent\n", "    value: private\n")
    assert (f"policy_data/documents/sev.yaml:{line}: facts.school.type.value: 'private' is not one of: "
            "maintained, academy, non_maintained_special, alternative_provision, independent") in errors_for(data_copy)


def test_kinds_of_school_a_rule_covers_come_from_the_fixed_set(data_copy):
    """The kinds of school a national rule covers are checked like a school's own type, by line."""
    document = data_copy / "documents" / "wt2024.yaml"
    line = edit(document, "value: [maintained, alternative_provision, academy]",
                "value: [maintained, alternative_provision, academi]")
    assert (f"policy_data/documents/wt2024.yaml:{line}: facts.penalty_notice.school_types.value[2]: 'academi' is not "
            "one of: maintained, academy, non_maintained_special, alternative_provision, independent") in errors_for(data_copy)
