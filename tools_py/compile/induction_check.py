"""The induction data's build-time check, and the choice of which scenarios a school's path asks.

A scenario names a decision tool and the answers to give it; every scenario's answers must be
accepted by ``tools_py.api.ask`` for every school it is set for, and the tool's answer must be among
its options. A problem stops the build (and ``make check``) with
``policy_data/induction.yaml:LINE: field: what is wrong``. The pages themselves are drawn by
``tools_py.site.induction``, which asks this module which scenarios a school's path holds.
"""

from __future__ import annotations

import json

from tools_py import api
from tools_py import codes as _codes
from tools_py.outcome import AnswerError
from tools_py.questions import school_ids

_CHECKED: dict = {}


def induction_spec(data) -> dict:
    """policy_data/induction.yaml as compiled (units and scenarios), or none."""
    return data.get("induction") or {"units": [], "scenarios": []}


def scenario_schools(data, scenario) -> list[str]:
    """The schools a scenario names: a school, a list of them, or every school (``all``)."""
    wanted = scenario["school"]
    if wanted == "all":
        return school_ids(data)
    return [wanted] if isinstance(wanted, str) else list(wanted)


_ANSWERABLE: dict = {}


def answerable(data, scenario, school: str) -> bool:
    """Whether the scenario's tool answers it for the school (on the build date).

    A ``school: all`` scenario is set for a school only where the school's data (or the national rules
    it falls back on) can answer it: a school added with its document alone gets the questions its
    data answers. A scenario no school can answer is an editor's mistake, which check_induction reports."""
    from .dependencies import build_date

    key = (id(data), build_date(), json.dumps(scenario, sort_keys=True, default=str), school)
    if key not in _ANSWERABLE or _ANSWERABLE[key][0] is not data:  # the same data, not one at the same address
        try:
            api.ask(scenario["tool"], school, build_date(), scenario["answers"], data=data)
            _ANSWERABLE[key] = (data, True)
        except AnswerError:
            _ANSWERABLE[key] = (data, False)
    return _ANSWERABLE[key][1]


def set_for(data, scenario) -> list[str]:
    """The schools a scenario is asked of: those it names, less, for ``all``, those it cannot answer for."""
    targets = scenario_schools(data, scenario)
    if scenario["school"] != "all":
        return targets
    return [school for school in targets if answerable(data, scenario, school)]


def is_set_for(data, scenario, school: str) -> bool:
    """Whether ``school`` is among ``set_for(data, scenario)``, asking the tool for that school only
    (a school's page must not ask about every other school: the build would grow with their square)."""
    if scenario["school"] != "all":
        return school in scenario_schools(data, scenario)
    return school in school_ids(data) and answerable(data, scenario, school)


def scenarios_for(data, school: str, unit_id: str | None = None) -> list[dict]:
    return [s for s in induction_spec(data)["scenarios"]
            if (unit_id is None or s["unit"] == unit_id) and is_set_for(data, s, school)]


def option_value(value) -> str:
    """An option or outcome value as the page and the browser compare it (true, 10, "C2")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def option_label(data, scenario, value, on) -> str | None:
    labels = (induction_spec(data).get("labels") or {}).get(scenario["tool"], {}).get(scenario["ask"], {})
    if option_value(value) in labels:
        return labels[option_value(value)]
    meaning = _codes.meaning(data, option_value(value), on)
    if meaning:
        return f"{option_value(value)} – {meaning}"
    return None


def right_answer(outcome: dict, ask: str):
    """The value of the asked field in a tool's outcome (``outcome`` = the outcome's id)."""
    if ask == "outcome":
        return outcome["outcome"]
    return outcome["fields"].get(ask)


# -- the build-time check ---------------------------------------------------------------------

def _locate(path) -> str:
    """``policy_data/induction.yaml:LINE`` for a path in the file (best effort)."""
    from . import POLICY_DATA, yaml_lines

    source = POLICY_DATA / "induction.yaml"
    try:
        tree = yaml_lines.load(source.read_text(encoding="utf-8"))
        line = yaml_lines.line_at(tree, path)
    except Exception:  # noqa: BLE001 — the location is a courtesy; the message still says what is wrong
        line = 1
    return f"{source.parent.name}/{source.name}:{line}"


def _problem(path, message) -> str:
    field = "".join(f"[{step}]" if isinstance(step, int) else (f".{step}" if i else step)
                    for i, step in enumerate(path))
    return f"{_locate(path)}: {field}: {message}"


def checked_once(data, on) -> list[str]:
    """``check_induction``, run once for the same data and date: the compile step checks the data and
    every school's induction page needs the result again (asking every tool for every school twice
    would cost the build as much again)."""
    key = (id(data), on, json.dumps(induction_spec(data), sort_keys=True, default=str))
    if _CHECKED.get("key") != key or _CHECKED.get("data") is not data:  # the same data, not one at its address
        _CHECKED.update(key=key, data=data, problems=check_induction(data, on))
    return _CHECKED["problems"]


def check_induction(data, on) -> list[str]:
    """Every problem with the induction data on date ``on``, as ``file:line: field: message`` lines."""
    spec = induction_spec(data)
    problems = []
    schools = school_ids(data)
    units = [unit["id"] for unit in spec["units"]]
    for index, unit in enumerate(spec["units"]):
        if units.count(unit["id"]) > 1:
            problems.append(_problem(("units", index, "id"), f"unit id '{unit['id']}' is used twice"))
        for key in unit.get("reading") or {}:
            if key != "national" and key not in schools:
                problems.append(_problem(("units", index, "reading", key),
                                         f"'{key}' is not a school (schools: {', '.join(schools)}) or 'national'"))
        for f_index, item in enumerate(unit.get("facts") or []):
            if not any(item["key"] in (d.get("facts") or {}) for d in data["documents"].values()):
                problems.append(_problem(("units", index, "facts", f_index, "key"), f"no document gives the fact '{item['key']}'"))
    seen = set()
    for index, scenario in enumerate(spec["scenarios"]):
        where = ("scenarios", index)
        if scenario["id"] in seen:
            problems.append(_problem(where + ("id",), f"scenario id '{scenario['id']}' is used twice"))
        seen.add(scenario["id"])
        if scenario["unit"] not in units:
            problems.append(_problem(where + ("unit",), f"no unit '{scenario['unit']}' (units: {', '.join(units)})"))
        targets = scenario_schools(data, scenario)
        unknown = [s for s in targets if s not in schools]
        if unknown:
            problems.append(_problem(where + ("school",), f"'{', '.join(unknown)}' is not a school (schools: "
                                                           f"{', '.join(schools)}, or 'all')"))
            continue
        if scenario["tool"] not in api.tool_ids(data):
            problems.append(_problem(where + ("tool",), f"no tool '{scenario['tool']}' (tools: {', '.join(api.tool_ids(data))})"))
            continue
        options = [option_value(o) for o in scenario["options"]]
        if len(set(options)) != len(options):
            problems.append(_problem(where + ("options",), "two options are the same"))
        for o_index, value in enumerate(scenario["options"]):
            if option_label(data, scenario, value, on) is None:
                problems.append(_problem(where + ("options", o_index),
                                         f"no label for '{option_value(value)}': add it under labels.{scenario['tool']}."
                                         f"{scenario['ask']}, or use a code in force"))
        if scenario["school"] == "all":  # asked only where the school's data answers it, but of one school at least
            answered = [school for school in targets if answerable(data, scenario, school)]
            targets = answered or targets
        for school in targets:
            try:
                outcome = api.ask(scenario["tool"], school, on, scenario["answers"], data=data)
            except AnswerError as error:
                problems.append(_problem(where + ("answers",), f"{scenario['tool']} does not accept these answers "
                                                               f"for {school}: {error}"))
                continue
            except Exception as error:  # noqa: BLE001 - a rule the tool needs is missing or malformed
                problems.append(_problem(where + ("answers",), f"{scenario['tool']} fails on these answers for "
                                                               f"{school} ({type(error).__name__}: {error}): a rule "
                                                               "or value it needs is missing or of the wrong kind"))
                continue
            if scenario["ask"] != "outcome" and scenario["ask"] not in outcome["fields"]:
                problems.append(_problem(where + ("ask",), f"the {scenario['tool']} outcome '{outcome['outcome']}' has no "
                                                           f"field '{scenario['ask']}' (fields: {', '.join(outcome['fields'])})"))
                continue
            right = option_value(right_answer(outcome, scenario["ask"]))
            if right not in options:
                problems.append(_problem(where + ("options",), f"for {school} the tool's answer is '{right}', "
                                                               f"which is not among the options ({', '.join(options)})"))
    for index, unit in enumerate(spec["units"]):  # a school with reading for a unit has questions on it
        for school in (unit.get("reading") or {}):
            if school in schools and not scenarios_for(data, school, unit["id"]):
                problems.append(_problem(("units", index, "id"), f"unit '{unit['id']}' has no scenario for {school}"))
    return problems
