"""Which disagreements between documents an answer rests on.

``conflicts.yaml`` lists where documents disagree. A conflict's ``affects`` rows say which answers
rest on one side of it: a tool, and optionally a school, answers (a value or a list of values) and a
clause the answer cites. An answer that matches is told so in a note, and carries the conflict's id
and topic so the page can link to both sides; the tool never picks a side silently.
"""

from __future__ import annotations

from . import outcome as _outcome


def _matches(row, tool_id, school, answers, cited) -> bool:
    if row["tool"] != tool_id or row.get("school", school) != school:
        return False
    if row.get("clause") and row["clause"] not in cited:
        return False
    for key, wanted in (row.get("answers") or {}).items():
        if answers.get(key) not in (wanted if isinstance(wanted, list) else [wanted]):
            return False
    return True


def affecting(data, tool_id: str, school: str, answers: dict, result: dict) -> list[dict]:
    """The conflicts this answer rests on, each as {id, topic}."""
    cited = {citation["clause"] for citation in result.get("citations") or []}
    return [{"id": conflict["id"], "topic": conflict["topic"]} for conflict in data.get("conflicts") or []
            if any(_matches(row, tool_id, school, answers, cited) for row in conflict.get("affects") or [])]


def mark(data, tool_id: str, school: str, answers: dict, result: dict) -> dict:
    """Add the conflicts an answer rests on (``conflicts``), with a note for each."""
    found = affecting(data, tool_id, school, answers, result)
    result["conflicts"] = found
    template = data.get("conflict_note")
    for conflict in found:
        if template:
            result["notes"].append(_outcome.fill(template, conflict))
    return result
