"""A tool's questions in words, for the command line: what a school asks, and when.

``python -m tools_py questions TOOL --school ID`` prints this. A question's ``when`` is data
(``school_states: leave.refused_near_statutory_assessment``, ``reason: [holiday, …]``); here it is
said as a reader would: a condition on the school is settled for the school chosen (the question is
asked there, or it is not and is left out), and a condition on an earlier answer names that question
and the labels of its choices. Nothing here decides anything: ``tools_py.questions`` walks the same
spec for the browser and ``ask``.
"""

from __future__ import annotations

from .facts import own
from .questions import count_choices, school_ids

_KINDS = {
    "choice": "choose one",
    "yesno": "yes or no",
    "number": "a number",
    "time": "a time of day, e.g. 09:25",
    "counts": "sessions under each attendance code",
}


def _label(question: dict, value) -> str:
    if question["type"] == "yesno" or isinstance(value, bool):
        return "yes" if value in (True, "yes", "true") else "no"
    for choice in question.get("choices") or []:
        if choice["value"] == value:
            return choice["label"]
    return str(value)


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def school_asks(tool: dict, question: dict, data, school: str, on) -> bool:
    """Whether the school's policy lets this question be asked at all (its school conditions hold)."""
    for key, fact in (question.get("when") or {}).items():
        if key == "school_states" and own(data, school, fact, on) is None:
            return False
        if key == "school_silent_on" and own(data, school, fact, on) is not None:
            return False
    return True


def _school_words(data, key: str, fact: str, school: str | None, on) -> str | None:
    """A condition on the school in words; None when a chosen school settles it (it holds there)."""
    if school is not None:
        return None
    stating = [s for s in school_ids(data) if own(data, s, fact, on) is not None]
    names = [data["documents"][s]["organisation"] for s in
             (stating if key == "school_states" else [s for s in school_ids(data) if s not in stating])]
    if not names:
        return "no school in the handbook asks it"
    return f"the school is {_listed(names)}"


def condition_words(tool: dict, question: dict, data, school: str | None, on) -> list[str]:
    """Each condition under which the question is asked, in words."""
    known = {q["id"]: q for q in tool["questions"]}
    said = []
    for key, wanted in (question.get("when") or {}).items():
        if key in ("school_states", "school_silent_on"):
            words = _school_words(data, key, wanted, school, on)
            if words:
                said.append(words)
            continue
        values = wanted if isinstance(wanted, list) else [wanted]
        asked = known.get(key)
        if asked is None:
            said.append(f"{key} is {_listed([str(v) for v in values])}")
            continue
        others = [c["value"] for c in asked.get("choices") or [] if c["value"] not in values]
        if asked["type"] == "choice" and others and len(others) < len(values):
            said.append(f"the answer to “{asked['text']}” is anything but "
                        + _listed([f"“{_label(asked, v)}”" for v in others]))
        else:
            said.append(f"the answer to “{asked['text']}” is " + _listed([f"“{_label(asked, v)}”" for v in values]))
    for key, settling in (question.get("unless") or {}).items():
        values = settling if isinstance(settling, list) else [settling]
        if key in known:
            said.append(f"not when the answer to “{known[key]['text']}” is "
                        + _listed([f"“{_label(known[key], v)}”" for v in values]))
    return said


def _answer_form(question: dict, data, on) -> list[str]:
    """How the answer is written on the command line."""
    qid = question["id"]
    kind = question["type"]
    if kind == "choice":
        return [f"    {qid}={choice['value']}  {choice['label']}" for choice in question["choices"]]
    if kind == "yesno":
        return [f"    {qid}=yes  or  {qid}=no"]
    if kind == "time":
        return [f"    {qid}=09:25"]
    if kind == "counts":
        codes = count_choices(data, question, on)
        return [f"    '{qid}=/:120,\\:118,I:6,O:4'  CODE:SESSIONS for each code, comma-separated. Put the whole",
                "    answer in single quotes, as here: unquoted, the shell takes away the \\ of code \\ (\\:118 becomes :118).",
                f"    Codes in force on {on}: {' '.join(codes)}"]
    bounds = [f"at least {question['min']}" if question.get("min") is not None else "",
              f"at most {question['max']}" if question.get("max") is not None else ""]
    bounds = ", ".join(b for b in bounds if b)
    unit = f", in {question['unit']}" if question.get("unit") else ""
    whole = "a whole number" if question.get("integer", True) else "a number"
    return [f"    {qid}=N  {whole}{unit}" + (f" ({bounds})" if bounds else "")]


def questions_in_words(tool: dict, data, school: str | None, on) -> str:
    """The tool's questions as plain text: for one school (only those it asks) or for every school."""
    lines = [tool["title"], tool["question"], ""]
    if school is not None:
        lines.append(f"What {data['documents'][school]['organisation']} asks (policy data on {on}):")
    else:
        lines.append(f"Every question, for any school (policy data on {on}); --school ID shows one school's:")
    lines.append("")
    number = 0
    for question in tool["questions"]:
        if school is not None and not school_asks(tool, question, data, school, on):
            continue
        number += 1
        optional = ", optional" if question.get("optional") else ""
        lines.append(f"{number}. {question['text']}  [{question['id']}: {_KINDS.get(question['type'], question['type'])}{optional}]")
        conditions = condition_words(tool, question, data, school, on)
        lines.append("   " + ("Asked only when " + "; and ".join(conditions) + "." if conditions else "Always asked."))
        if question.get("help"):
            lines.append("   " + " ".join(question["help"].split()))
        lines += _answer_form(question, data, on)
        lines.append("")
    if school is not None:
        left = [q["text"] for q in tool["questions"] if not school_asks(tool, q, data, school, on)]
        if left:
            lines.append(f"Not asked at {data['documents'][school]['organisation']} (its policy settles them or sets no such rule):")
            lines += [f"  - {text}" for text in left]
    return "\n".join(lines).rstrip() + "\n"
