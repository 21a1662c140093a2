"""One entry point for every caller: the command line, the page macros, the tests and the browser.

``ask`` checks the school, the date and the answers, then hands typed answers to the tool's
``decide``. ``handle`` is the same over JSON, for the Pyodide worker: the browser sends a request and
gets back the form to show and, once every question is answered, the outcome.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from . import conflicts
from .outcome import AnswerError
from .facts import own
from .outcome import citation, distinct_labels
from .questions import check_answers, form, parse_date, reject_unknown, school_ids, visible

TOOL_MODULES = {
    "which_code": "tools_py.which_code",
    "notify_la": "tools_py.notify_la",
    "leave_request": "tools_py.leave_request",
    "attendance": "tools_py.attendance",
    "penalty_notice": "tools_py.penalty_notice",
    "removal_from_roll": "tools_py.removal_from_roll",
    "evidence_lateness": "tools_py.evidence_lateness",
}

_DATA: dict = {}
_SOURCE: dict = {}


class UnknownQuestion(AnswerError):
    """An answer to a question the tool does not have."""


def use_source(compile_data) -> None:
    """Where the data comes from when no ``policy.json`` is packaged beside this module.

    In a source checkout the build-time half (``tools_py.compile``) calls this with its YAML
    compiler when it is imported. The run-time half never imports the build-time half itself: it
    runs in the browser, where only the standard library and ``policy.json`` exist.
    """
    _SOURCE["compile"] = compile_data
    _DATA.pop("data", None)


def load_data() -> dict:
    """The compiled policy data: ``policy.json`` in a built wheel, else the YAML compiled by the build."""
    if "data" not in _DATA:
        packaged = Path(__file__).with_name("policy.json")
        if packaged.is_file():
            _DATA["data"] = json.loads(packaged.read_text(encoding="utf-8"))
        elif "compile" in _SOURCE:
            _DATA["data"] = _SOURCE["compile"]()
        else:
            raise LookupError("no policy data: a built wheel carries tools_py/policy.json; in a source checkout, "
                              "import tools_py.compile first (it compiles policy_data/)")
    return _DATA["data"]


def prepare() -> None:
    """Load the data and import every tool now, so that answering reads no file afterwards.

    The browser's worker calls it before taking a memory snapshot of the interpreter: a snapshot
    holds Python's memory but not the files unpacked from the wheel, so a restored interpreter must
    already have everything it will import.
    """
    for tool_id in tool_ids(load_data()):
        importlib.import_module(TOOL_MODULES[tool_id])


def tool_ids(data=None) -> list[str]:
    data = data or load_data()
    return [tool_id for tool_id in TOOL_MODULES if tool_id in data["tools"]]


def _tool(data, tool_id):
    if tool_id not in data["tools"] or tool_id not in TOOL_MODULES:
        raise AnswerError("tool", f"no tool '{tool_id}' (tools: {', '.join(tool_ids(data))})")
    return data["tools"][tool_id]


def _school(data, school):
    # As school_ids says, without listing every school on every question asked.
    if isinstance(school, str) and (data["documents"].get(school) or {}).get("kind") in ("school", "provider"):
        return school
    schools = school_ids(data)
    if school not in schools:
        raise AnswerError("school", f"'{school}' is not a school in the handbook (schools: {', '.join(schools)})")
    return school


def ask(tool_id: str, school: str, on, answers: dict, data=None, audience: str = "staff") -> dict:
    """The outcome for these answers at this school on this date; AnswerError if they cannot be right."""
    data = data or load_data()
    tool = _tool(data, tool_id)
    _school(data, school)
    day = parse_date(on)
    typed = check_answers(tool, answers, data, school, day.isoformat(), audience)
    module = importlib.import_module(TOOL_MODULES[tool_id])
    outcome = module.decide(typed, data, school=school, on=day, tool=tool, audience=audience)
    conflicts.mark(data, tool_id, school, typed, outcome)
    _left_blank(data, tool, school, day, typed, outcome, audience)
    outcome.update({"school": school, "date": day.isoformat(), "answers": typed})
    return outcome


def _left_blank(data, tool, school, day, typed, outcome, audience) -> None:
    """A question only the school can answer, left blank by a parent: the answer says it leaves it
    out, and cites the school's rule that asks it (``outcome["left_blank"]`` lists them)."""
    if audience == "staff":
        return
    blank = [q for q in visible(tool, typed, data, school, day) if q.get("school_knows") and q["id"] not in typed]
    outcome["left_blank"] = [q["id"] for q in blank]
    for question in blank:
        text = question.get(audience) if isinstance(question.get(audience), str) else question["text"]
        help_text = f" {question['help']}" if question.get("help") else ""
        outcome["notes"].append(f"This answer does not take into account “{text}”, which was left blank.{help_text}")
        fact = (question.get("when") or {}).get("school_states")
        stated = own(data, school, fact, day) if fact else None
        if stated is not None and all(c["clause"] != stated.clause for c in outcome["citations"]):
            outcome["citations"].append(citation(data, stated.clause))
            distinct_labels(data, outcome["citations"])


def questions(tool_id: str, data=None) -> dict:
    """The tool's question spec as data (for ``python -m tools_py questions`` and the pages)."""
    data = data or load_data()
    tool = _tool(data, tool_id)
    return {key: tool[key] for key in ("id", "title", "question", "summary", "questions", "constraints", "outcomes")
            if key in tool}


def handle(request: dict, data=None) -> dict:
    """JSON in, JSON out: ``{"op": "form", "tool", "school", "date", "answers"}`` -> form (+ outcome)."""
    data = data or load_data()
    try:
        op = request.get("op", "form")
        if op == "tools":
            return {"ok": True, "tools": tool_ids(data)}
        tool = _tool(data, request.get("tool"))
        school = _school(data, request.get("school"))
        day = parse_date(request.get("date")).isoformat()
        answers = request.get("answers") or {}
        try:
            reject_unknown(tool, answers)  # as the command line does, before any other answer is read
        except AnswerError as problem:
            raise UnknownQuestion(problem.question, problem.message) from None
        audience = request.get("audience", "staff")
        shown = form(tool, answers, data, school, day, audience)
        reply = {"ok": True, "form": shown}
        if shown["complete"]:  # answered from the questions that apply (a remembered answer may not)
            asked = {q["id"]: answers[q["id"]] for q in shown["questions"] if q["id"] in answers}
            reply["outcome"] = ask(tool["id"], school, day, asked, data, audience)
        return reply
    except UnknownQuestion as problem:
        # The widget reports it and leaves the answer out (an old or mistyped link), never silently.
        return {"ok": False, "error": {**problem.as_dict(), "unknown_question": True}}
    except AnswerError as problem:
        return {"ok": False, "error": problem.as_dict()}


def handle_json(text: str) -> str:
    """``handle`` over JSON text (what the browser's worker calls)."""
    return json.dumps(handle(json.loads(text)), ensure_ascii=False)
