"""What the tools' code and the build rely on in the data, checked with the data.

The schema says what a file may hold; this says what the rest of the handbook needs from it, so that
``make check`` never calls valid a change that would make a tool or the build fail:

- every outcome a tool module can give (its ``OUTCOMES``), and every ``outcome:`` a rule names, has
  texts under the tool's ``outcomes:``;
- every outcome text is a template ``string.Formatter`` reads (no ``{0}``, no unclosed ``{``) naming
  only the fields the module fills (its ``FIELDS``); texts under ``rules:`` are read the same way;
- the induction's fact formats name only {value}, and its scenarios are accepted by their tools for
  every school, on the build date.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import os
import re
import string

from . import two_cores, yaml_lines
from .errors import DataError

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def template_problem(text: str, fields=None) -> str | None:
    """Why ``text`` cannot be filled in as an outcome text, or None when it can."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return "the braces do not pair up: a blank is written {name}, a brace meant as text is doubled ({{ or }})"
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not _NAME.fullmatch(name):
            return f"'{{{name}}}' is not a blank the tool fills; a blank is a name in braces, e.g. {{code}}"
        if spec and ("{" in spec or "}" in spec):
            return f"'{{{name}:{spec}}}' puts a blank inside a blank"
        # A format spec ({code:x>30000000}, {code:d}) or a conversion ({code!r}) makes the tool pad an
        # answer to megabytes, fail on a text, or show Python's quotes: a blank is its name alone.
        if conversion:
            return (f"'{{{name}!{conversion}}}': a blank is written {{{name}}}, with nothing after its name "
                    "('!' is not allowed inside the braces)")
        if spec:
            return (f"'{{{name}:{_short(spec)}}}': a blank is written {{{name}}}, with nothing after its name "
                    "(':' is not allowed inside the braces)")
        if fields is not None and name not in fields:
            return f"the tool fills no blank named {{{name}}} (it fills: {', '.join(sorted(fields))})"
    return None


def _short(text: str, most: int = 20) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"



def _named_outcomes(rules, path=("rules",)):
    """(path, outcome id) for every ``outcome:`` in a tool's rules."""
    if isinstance(rules, dict):
        for key, value in rules.items():
            if key == "outcome" and isinstance(value, str):
                yield path + (key,), value
            else:
                yield from _named_outcomes(value, path + (key,))
    elif isinstance(rules, list):
        for index, value in enumerate(rules):
            yield from _named_outcomes(value, path + (index,))


def tool_errors(source) -> list[DataError]:
    """A tool's YAML against its module's OUTCOMES and FIELDS."""
    from tools_py.api import TOOL_MODULES

    tree = source.tree
    tool_id = tree.get("id")
    outcomes = tree.get("outcomes") if isinstance(tree.get("outcomes"), dict) else {}
    module = importlib.import_module(TOOL_MODULES[tool_id]) if tool_id in TOOL_MODULES else None
    fields = getattr(module, "FIELDS", None)
    module_file = f"tools_py/{tool_id}.py"
    errors = []
    if module is not None and (fields is None or not hasattr(module, "OUTCOMES")):
        errors.append(source.error(("id",), f"{module_file} must declare OUTCOMES and FIELDS (the outcomes it gives "
                                            "and the blanks it fills), so that its texts can be checked"))
    for outcome_id in getattr(module, "OUTCOMES", ()):
        if outcome_id not in outcomes:
            errors.append(source.error(("outcomes",), f"{module_file} gives the outcome '{outcome_id}', which has no "
                                                      f"texts here (outcomes: {', '.join(outcomes)}); was it renamed?"))
    for path, named in _named_outcomes(tree.get("rules")):
        if named not in outcomes:
            errors.append(source.error(path, f"'{named}' is not an outcome of {tool_id} ({', '.join(outcomes)})"))
    for path, text in yaml_lines.strings(outcomes, ("outcomes",)):
        problem = template_problem(text, fields)
        if problem:
            errors.append(source.error(path, problem))
    for index, rule in enumerate(tree.get("constraints") or []):
        if isinstance(rule, dict) and isinstance(rule.get("message"), str):
            problem = template_problem(rule["message"], frozenset({"left", "right"}))
            if problem:
                errors.append(source.error(("constraints", index, "message"), problem))
    for path, text in yaml_lines.strings(tree.get("rules"), ("rules",)):
        problem = template_problem(text)
        if problem:
            errors.append(source.error(path, problem))
    return errors


class BadBuildDate(ValueError):
    """HANDBOOK_TODAY is set but is not a real date written YYYY-MM-DD."""


def build_date() -> _dt.date:
    """The date the site is built for: HANDBOOK_TODAY=YYYY-MM-DD, else today. BadBuildDate says why not."""
    fixed = os.environ.get("HANDBOOK_TODAY")
    if not fixed:
        return _dt.date.today()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", fixed.strip()):
        raise BadBuildDate(f"HANDBOOK_TODAY: {fixed!r} is not a date written YYYY-MM-DD (e.g. 2026-11-23)")
    try:
        return _dt.date.fromisoformat(fixed.strip())
    except ValueError:
        raise BadBuildDate(f"HANDBOOK_TODAY: {fixed!r} is not a real date") from None


_LOCATED = re.compile(r"(?P<file>[^:]+):(?P<line>\d+): (?P<field>[^:]*): (?P<message>.*)", re.S)
_STEP = re.compile(r"\[(\d+)\]|\.?([^.\[]+)")


def _path(field: str) -> tuple:
    """``scenarios[3].answers`` -> ``('scenarios', 3, 'answers')``."""
    return tuple(int(index) if index else name for index, name in _STEP.findall(field))


def induction_errors(data, induction_source) -> list[DataError]:
    """The build's own induction check (induction_check.py), run by ``make check`` too."""
    from .induction_check import checked_once

    errors = []
    for u_index, unit in enumerate(induction_source.tree.get("units") or []):
        for f_index, item in enumerate(unit.get("facts") or [] if isinstance(unit, dict) else []):
            shown = item.get("format") if isinstance(item, dict) else None
            problem = template_problem(shown, {"value"}) if isinstance(shown, str) else None
            if problem:
                errors.append(induction_source.error(("units", u_index, "facts", f_index, "format"), problem))
    if errors:
        return errors
    try:
        problems = checked_once(data, build_date())
    except BadBuildDate:
        raise
    except Exception as error:  # noqa: BLE001 - a tool failing on a scenario is the data's problem to name
        return [induction_source.error(("scenarios",), f"a tool failed on a scenario ({type(error).__name__}: "
                                                       f"{_short(str(error), 120)}): a rule or value it needs is "
                                                       "missing or of the wrong kind")]
    for problem in problems:
        found = _LOCATED.fullmatch(problem)
        if found:
            errors.append(induction_source.error(_path(found["field"]), found["message"]))
        else:
            errors.append(DataError(induction_source.name, 1, "", problem))
    return errors


def conflict_errors(source, tools: dict, schools: list[str]) -> list[DataError]:
    """A conflict's ``affects`` rows name a real tool, school and answers, and its note's blanks exist.

    Otherwise the note an answer should carry silently never appears (a misspelt tool or answer
    matches nothing), or a reader sees ``{topik}`` instead of the conflict's topic."""
    errors = []
    tree = source.tree
    note = tree.get("answer_note")
    if isinstance(note, str):
        problem = template_problem(note, {"id", "topic"})
        if problem:
            errors.append(source.error(("answer_note",), problem))
    for c_index, conflict in enumerate(tree.get("conflicts") or []):
        if not isinstance(conflict, dict):
            continue
        for r_index, row in enumerate(conflict.get("affects") or []):
            if not isinstance(row, dict):
                continue
            where = ("conflicts", c_index, "affects", r_index)
            tool = tools.get(row.get("tool"))
            if tool is None:
                errors.append(source.error(where + ("tool",), f"no tool '{row.get('tool')}' (tools: "
                                                              f"{', '.join(sorted(tools))})"))
                continue
            if "school" in row and row["school"] not in schools:
                errors.append(source.error(where + ("school",), f"'{row['school']}' is not a school (schools: "
                                                                f"{', '.join(schools)})"))
            questions = {q.get("id"): q for q in tool.get("questions") or [] if isinstance(q, dict)}
            answers = row.get("answers") if isinstance(row.get("answers"), dict) else {}
            for key, wanted in answers.items():
                question = questions.get(key)
                if question is None:
                    errors.append(source.error(where + ("answers", key), f"{tool.get('id')} has no question '{key}' "
                                                                         f"(questions: {', '.join(map(str, questions))})"))
                    continue
                allowed = ([c.get("value") for c in question.get("choices") or [] if isinstance(c, dict)]
                           if question.get("type") == "choice" else [True, False] if question.get("type") == "yesno"
                           else None)
                for value in wanted if isinstance(wanted, list) else [wanted]:
                    if allowed is not None and value not in allowed:
                        errors.append(source.error(where + ("answers", key), f"'{value}' is not an answer of '{key}' "
                                                                             f"({', '.join(map(str, allowed))})"))
    return errors


# -- every tool answers every choice of every question, for every school ------------------------

_MOST_ASKS = 4000  # a tool; the handbook's seven ask about 1,000 in all


def _candidates(question, data, school, day) -> list:
    kind = question.get("type")
    if kind == "choice":
        return [c["value"] for c in question.get("choices") or []]
    if kind == "yesno":
        return [False, True]
    if kind == "number":
        low = question.get("min", 0)
        return list(dict.fromkeys([low, question.get("max", low + 10)]))
    if kind == "time":
        return ["08:00", "09:00", "12:00", "15:00"]
    if kind == "counts":
        from tools_py.questions import count_choices

        codes = count_choices(data, question, day.isoformat())
        return [",".join(f"{code}:{n}" for code, n in zip(codes[:3], (20, 2, 1)))]
    return []


def complete_answers(data, tool, school, day):
    """Complete answers to the tool at the school on the day, covering each question's every candidate
    once (the first time the question is reached; later, its first candidate), at most _MOST_ASKS."""
    return _walk(data, tool, school, day, _MOST_ASKS, every_combination=False)


def every_combination(data, tool, school, day, most: int):
    """Complete answers trying every candidate of every question with every other (depth first, in
    the questions' order), at most ``most`` of them: where the one-at-a-time walks miss an answer that
    needs two questions answered together (no earlier notice *and* the threshold reached)."""
    return _walk(data, tool, school, day, most, every_combination=True)


def _walk(data, tool, school, day, most: int, every_combination: bool):
    """Depth first through the tool's form, in the questions' order: every candidate of a question each
    time it is reached (``every_combination``), or only the first time (later, its first candidate)."""
    from tools_py.questions import form

    explored: set = set()
    pending = [{}]
    given = 0
    while pending and given < most:
        answers = pending.pop()
        shown = form(tool, answers, data, school, day.isoformat())
        if shown["error"]:
            continue
        if shown["complete"]:
            given += 1
            yield answers
            continue
        question = next(q for q in tool["questions"] if q["id"] == shown["next"])
        options = _candidates(question, data, school, day)
        if every_combination or question["id"] not in explored:
            explored.add(question["id"])
            pending += [{**answers, question["id"]: option} for option in reversed(options)]
        elif options:
            pending.append({**answers, question["id"]: options[0]})


def _walk_answers(api, data, tool, school, day):
    """Yield (answers, error) for answers covering each question's every candidate once per school."""
    for answers in complete_answers(data, tool, school, day):
        try:
            api.ask(tool["id"], school, day, answers, data=data)
        except api.AnswerError:
            continue
        except Exception as error:  # noqa: BLE001 - this is the check: the tool must never fail so
            yield answers, error
            return


def tool_run_errors(data, tool_sources, on) -> list[DataError]:
    """Each tool, asked every choice of every question at every school on the build date, gives an
    answer or names the answer it cannot take; never fails (a situation with no rule row, a
    threshold that is not a number …). The first failure of each tool is reported at its rules.
    The schools are asked on two cores where the machine has them (two_cores.py); the report is the same."""
    from tools_py import api

    schools = [s for s, d in data["documents"].items() if d.get("kind") in ("school", "provider")]
    checked = [(source, data["tools"].get(source.tree.get("id"))) for source in tool_sources]
    checked = [(source, tool) for source, tool in checked if tool is not None and tool.get("id") in api.TOOL_MODULES]

    def first_failure(asked):
        tool_id, school = asked
        failure = next(_walk_answers(api, data, data["tools"][tool_id], school, on), None)
        if failure is None:
            return None
        answers, error = failure
        return answers, type(error).__name__, str(error)

    asked = [(tool["id"], school) for _, tool in checked for school in schools]
    failures = dict(zip(asked, two_cores.mapped(first_failure, asked)))
    errors = []
    for source, tool in checked:
        for school in schools:
            failure = failures[(tool["id"], school)]
            if failure is not None:
                answers, kind, message = failure
                said = ", ".join(f"{key}={value}" for key, value in answers.items())
                errors.append(source.error(("rules",), f"tools_py/{tool['id']}.py cannot answer {said} for {school} "
                                                       f"on {on.isoformat()} ({kind}: {_short(message, 120)}): "
                                                       "a row or value it needs is missing or of the wrong kind"))
                break
    return errors
