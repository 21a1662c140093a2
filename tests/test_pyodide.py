"""The same golden cases inside real Pyodide (npm package, Node, offline): identical answers."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tools_py import api

from .conftest import REPO, load_cases

pytestmark = pytest.mark.pyodide


def request_for(case) -> dict:
    return {"op": "form", "tool": case["tool"], "school": case["school"], "date": case["date"],
            "answers": case["answers"]}


@pytest.mark.parametrize("start", ["boot", "snapshot"])
def test_golden_cases_identical_in_pyodide(policy, wheel, tmp_path, start):
    """Every golden case answered by Pyodide equals the CPython answer, field for field: from a normal
    boot, and from a memory snapshot without the wheel's files (how a returning reader's browser starts)."""
    node = shutil.which("node")
    assert node, "node is needed for the Pyodide tests"
    cases = load_cases()
    requests = [request_for(case) for case in cases]
    (tmp_path / "requests.json").write_text(json.dumps(requests))
    result = subprocess.run(
        [node, str(REPO / "tests" / "pyodide" / "run_requests.mjs"), str(wheel),
         str(tmp_path / "requests.json"), str(tmp_path / "out.json")] + (["--from-snapshot"] if start == "snapshot" else []),
        cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads((tmp_path / "out.json").read_text())
    assert out["python"].startswith("3."), out["python"]
    replies = out["replies"]
    assert len(replies) == len(cases)
    for case, reply in zip(cases, replies):
        expected = json.loads(json.dumps(api.handle(request_for(case), data=policy)))
        assert reply == expected, f"{case['id']}: Pyodide and CPython differ"
    if start == "snapshot":
        assert "restore" in out["timings_ms"], out["timings_ms"]
    print(f"\nPyodide {out['python']} ({start}): " + ", ".join(f"{k} {v:.0f} ms" for k, v in out["timings_ms"].items())
          + f" ({len(cases)} cases)")
