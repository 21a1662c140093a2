"""A tool's questions are data: which to ask, in what order, and what a valid answer is.

The browser, the command line and the tests all walk the same spec through these functions, so
"which question comes next" is decided in one place. Answers arrive as text (command line, URL) or
as JSON values; ``check_answers`` turns them into typed values or raises AnswerError naming the
question and saying why.
"""

from __future__ import annotations

import datetime as _dt
import math
import re

from . import codes as _codes
from .facts import lookup, FactMissing, own
from .outcome import AnswerError

TYPES = ("choice", "yesno", "number", "time", "counts")
_TRUE = {"yes", "true", "y", "1"}
_FALSE = {"no", "false", "n", "0"}


def school_ids(data) -> list[str]:
    """Documents a tool can answer for: schools' and providers' policies."""
    return [doc_id for doc_id, doc in data["documents"].items() if doc["kind"] in ("school", "provider")]


def count_choices(data, question, on) -> list[str]:
    """For a ``counts`` question: the codes in force on the date, in the official order."""
    return list(_codes.in_force(data, on))


def _condition_holds(question, answers, data, school, on) -> bool:
    for key, wanted in (question.get("when") or {}).items():
        if key == "school_silent_on":
            if own(data, school, wanted, on) is not None:
                return False
        elif key == "school_states":
            if own(data, school, wanted, on) is None:
                return False
        else:
            if key not in answers:
                return False
            values = wanted if isinstance(wanted, list) else [wanted]
            if answers[key] not in values:
                return False
    return not _settled(question, answers)


def _settled(question, answers) -> bool:
    """Whether an earlier answer already settles the outcome, so this question is not asked (``unless``)."""
    for key, settling in (question.get("unless") or {}).items():
        values = settling if isinstance(settling, list) else [settling]
        if key in answers and answers[key] in values:
            return True
    return False


def visible(tool, answers, data, school, on) -> list[dict]:
    """The questions that apply, given the answers so far, in the spec's order."""
    return [q for q in tool["questions"] if _condition_holds(q, answers, data, school, on)]


def _parse(question, raw, data, on):
    kind = question["type"]
    qid = question["id"]
    if kind == "choice":
        values = [choice["value"] for choice in question["choices"]]
        if raw not in values:
            shown = ", ".join(values)
            raise AnswerError(qid, f"'{raw}' is not one of the choices ({shown})")
        return raw
    if kind == "yesno":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise AnswerError(qid, f"'{raw}' is not yes or no")
    if kind == "number":
        try:
            if isinstance(raw, bool):
                raise ValueError
            number = float(raw)
        except (TypeError, ValueError):
            raise AnswerError(qid, f"'{raw}' is not a number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise AnswerError(qid, f"'{raw}' is not a number")
        if question.get("integer", True):
            if number != int(number):
                raise AnswerError(qid, f"'{raw}' is not a whole number")
            number = int(number)
        low, high = question.get("min"), question.get("max")
        if low is not None and number < low:
            raise AnswerError(qid, f"{number} is less than {low}, the smallest possible answer")
        if high is not None and number > high:
            raise AnswerError(qid, f"{number} is more than {high}, the largest possible answer")
        return number
    if kind == "time":
        match = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", str(raw))
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise AnswerError(qid, f"'{raw}' is not a time of day such as 09:25")
        return f"{int(match.group(1)):02d}:{match.group(2)}"
    if kind == "counts":
        if isinstance(raw, str):
            pairs = [part for part in re.split(r"[,\s]+", raw.strip()) if part]
            parsed = {}
            for pair in pairs:
                if ":" not in pair:
                    raise AnswerError(qid, f"'{pair}' should be CODE:SESSIONS, e.g. I:4")
                code, _, count = pair.rpartition(":")
                if code in parsed:
                    raise AnswerError(qid, f"code {code} is given twice ({code}:{parsed[code]} and {pair}); give each code once")
                parsed[code] = count
            raw = parsed
        if not isinstance(raw, dict):
            raise AnswerError(qid, "should list sessions per code, e.g. I:4, O:2")
        allowed = count_choices(data, question, on)
        result = {}
        for code, count in raw.items():
            if code not in allowed:
                raise AnswerError(qid, f"'{code}' is not an attendance code in force on {on}")
            try:
                if isinstance(count, bool):
                    raise ValueError
                number = float(count)
                if not math.isfinite(number) or number != int(number) or number < 0:
                    raise ValueError
            except (TypeError, ValueError):
                raise AnswerError(qid, f"sessions for {code} must be a whole number of 0 or more, not '{count}'") from None
            if number > question.get("max", 10_000):
                raise AnswerError(qid, f"{int(number)} sessions for {code} is more than {question.get('max', 10_000)}")
            if int(number):
                result[code] = int(number)
        return result
    raise AnswerError(qid, f"unknown question type {kind}")


def _total(value):
    return sum(value.values()) if isinstance(value, dict) else value


def reject_unknown(tool, raw_answers: dict):
    """AnswerError naming the first answer to a question the tool does not have (a typo, an old link)."""
    known = [q["id"] for q in tool["questions"]]
    for key in raw_answers:
        if key not in known:
            raise AnswerError(key, f"{tool['id']} has no question '{key}' (questions: {', '.join(known)})")


def optional_for(question: dict, audience: str = "staff") -> bool:
    """Whether the question may be left blank: it is optional, or only the school can answer it
    (``school_knows``, e.g. the pupil's attendance so far) and the reader is not the school's staff."""
    return bool(question.get("optional") or (audience != "staff" and question.get("school_knows")))


def check_answers(tool, raw_answers: dict, data, school, on, audience: str = "staff") -> dict:
    """Typed answers for every question that applies; AnswerError on the first problem found."""
    raw_answers = dict(raw_answers)
    reject_unknown(tool, raw_answers)
    answers: dict = {}
    for question in tool["questions"]:
        qid = question["id"]
        applies = _condition_holds(question, answers, data, school, on)
        given = qid in raw_answers and raw_answers[qid] not in (None, "")
        if not applies:
            if given:
                raise AnswerError(qid, f"does not apply here ({_why_not(question, answers)}); leave it out")
            continue
        if not given:
            if optional_for(question, audience):
                continue
            raise AnswerError(qid, f"needs an answer: {question['text']}")
        answers[qid] = _parse(question, raw_answers[qid], data, on)
    for rule in tool.get("constraints") or []:
        left, right = rule["at_most"]
        if left in answers and right in answers and _total(answers[left]) > _total(answers[right]):
            raise AnswerError(left, rule["message"].format(left=_total(answers[left]), right=_total(answers[right])))
    return answers


def _why_not(question, answers) -> str:
    if _settled(question, answers):
        return "an earlier answer already settles it"
    for key, wanted in (question.get("when") or {}).items():
        if key in ("school_silent_on", "school_states"):
            return "the school's policy settles it"
        values = wanted if isinstance(wanted, list) else [wanted]
        if answers.get(key) not in values:
            return f"it is asked only when {key} is {' or '.join(map(str, values))}"
    return "it is not asked for these answers"


def form(tool, raw_answers: dict, data, school, on, audience: str = "staff") -> dict:
    """The questions to show now, with the answers given so far and the next one to ask.

    Unlike ``check_answers`` this never raises: an invalid answer is reported on its question, so a
    form can show the message beside the field, and later questions wait until it is fixed.
    """
    answers: dict = {}
    shown, error, next_id = [], None, None
    for question in tool["questions"]:
        if not _condition_holds(question, answers, data, school, on):
            continue
        entry = {key: question[key] for key in ("id", "text", "type", "help", "choices", "min", "max", "integer", "optional", "unit",
                                                "school_knows") if key in question}
        if optional_for(question, audience):
            entry["optional"] = True
        if question["type"] == "counts":
            entry["choices"] = [{"value": code, "label": _code_label(data, code, on)}
                                for code in count_choices(data, question, on)]
        raw = raw_answers.get(question["id"])
        if raw not in (None, "") and error is None:
            try:
                answers[question["id"]] = _parse(question, raw, data, on)
                entry["value"] = answers[question["id"]]
            except AnswerError as problem:
                entry["value"] = raw
                entry["error"] = problem.message
                error = problem.as_dict()
        elif next_id is None and error is None and not optional_for(question, audience):
            next_id = question["id"]
        shown.append(entry)
        if error is not None:
            break
    return {"questions": shown, "next": next_id, "complete": next_id is None and error is None, "error": error}


def _code_label(data, code, on) -> str:
    meaning = _codes.meaning(data, code, on)
    return f"{code} – {meaning}" if meaning else code


def value(data, school, key, on, notes=None, clauses=None):
    """A fact's value for the school; records its clause, and a note when the school is silent."""
    try:
        found = lookup(data, school, key, on)
    except FactMissing as missing:
        raise AnswerError("date", f"the handbook has no rule for this date ({missing})") from None
    if clauses is not None:
        clauses.append(found.clause)
    if notes is not None and found.national and found.document != school:
        school_name = data["documents"][school]["organisation"]
        source = data["documents"][data["clauses"][found.clause]["document"]]
        note = (f"{school_name}'s policy does not say this; the rule used is from "
                f"{source['organisation']} ({data['clauses'][found.clause]['label']}).")
        if note not in notes:
            notes.append(note)
    return found.value


def parse_date(raw) -> _dt.date:
    """Only ``YYYY-MM-DD``: Python alone would also take ``20261123`` or ``2026-W48-1``."""
    text = str(raw).strip() if raw is not None else ""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise AnswerError("date", f"'{raw if raw is not None else ''}' is not a date written YYYY-MM-DD")
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise AnswerError("date", f"'{text}' is not a real date") from None
