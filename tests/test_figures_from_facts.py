"""A figure a tool's rule row states (a review period, an attendance line) comes from a fact of the
document that sets it, so it is said once: change the fact and every answer follows, and a row naming
a fact no document has stops the check by file and line."""

from __future__ import annotations

import shutil

import pytest

from tools_py import api
from tools_py.compile import PolicyDataInvalid, compile_policy

from .conftest import REPO


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "policy_data"
    shutil.copytree(REPO / "policy_data", target)
    return target


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_a_row_naming_a_fact_no_document_has_stops_the_check(data_copy):
    tool = data_copy / "tools" / "attendance.yaml"
    line = edit(tool, "values: {review_days: attendance.initial_concern_review_days}",
                "values: {review_days: attendance.initial_concern_reveiw_days}")
    with pytest.raises(PolicyDataInvalid) as caught:
        compile_policy(data_copy)
    assert (f"policy_data/tools/attendance.yaml:{line}: rules.steps.local_authorities.dc[1].values.review_days: "
            "no document has a fact 'attendance.initial_concern_reveiw_days' to take this figure from"
            ) in [str(e) for e in caught.value.errors]


def test_a_changed_fact_changes_the_step_and_the_test_it_sets(data_copy):
    """Dorset's step-5 review period, and Sevenoaks' half-term line, taken from their documents' facts."""
    edit(data_copy / "documents" / "dc.yaml", "  attendance.initial_concern_review_days:\n    value: 15",
         "  attendance.initial_concern_review_days:\n    value: 20")
    edit(data_copy / "documents" / "sev.yaml", "  attendance.half_term_concern_below_percent:\n    value: 90",
         "  attendance.half_term_concern_below_percent:\n    value: 85")
    data = compile_policy(data_copy)
    dorset = api.ask("attendance", "dss", "2026-01-12", {"period": "year_so_far", "sessions": "/:90 \\:90 I:10 O:10",
                                                          "stage": "none", "ten_weeks": "not_known"}, data=data)
    assert "agree a review period (20 days is recommended)" in dorset["text"]
    sevenoaks = api.ask("attendance", "sev", "2025-11-20", {"period": "half_term", "sessions": "/:30 \\:30 L:2 M:4 G:4",
                                                             "stage": "none", "ten_weeks": "not_known"}, data=data)
    assert "sev-3.11" not in [c["clause"] for c in sevenoaks["citations"]]  # 88.6% is not below 85%
