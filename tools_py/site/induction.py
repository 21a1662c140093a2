"""The induction path for new staff: short units of reading and scenario questions, for one school.

Units and scenarios are data (``policy_data/induction.yaml``). A unit's reading is the school's own
clauses (or, where its policy is silent, a plain statement that it is) and the national rules, quoted
and cited, with the unit's facts looked up for the school on the build date. A scenario names a
decision tool and the answers to give it; the page never holds the right answer. In the browser,
``overrides/assets/induction.js`` sends the scenario to the same ``tools_py.api.handle`` the tools
use (through ``window.HandbookTools``) and compares the trainee's choice with the outcome's field.

``check_induction`` runs at build time: every scenario's answers must be accepted by
``tools_py.api.ask`` for every school it is set for, and the tool's answer must be among its
options; a problem stops the build with ``policy_data/induction.yaml:LINE: field: what is wrong``.
"""

from __future__ import annotations

import hashlib
import json

from tools_py import api
from tools_py.outcome import AnswerError
from tools_py.questions import school_ids

from . import escape, render
from .escape import text as _esc
from .inline import inline
from .parents import code_meaning, fact_value, quotes, school_memory
from .tool_pages import worker_address

STORAGE_PREFIX = "handbook-induction:"
_CHECKED: dict = {}


def _spec(data) -> dict:
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
    from tools_py.compile.dependencies import build_date

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
    return [s for s in _spec(data)["scenarios"]
            if (unit_id is None or s["unit"] == unit_id) and is_set_for(data, s, school)]


def option_value(value) -> str:
    """An option or outcome value as the page and the browser compare it (true, 10, "C2")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def option_label(data, scenario, value, on) -> str | None:
    labels = (_spec(data).get("labels") or {}).get(scenario["tool"], {}).get(scenario["ask"], {})
    if option_value(value) in labels:
        return labels[option_value(value)]
    meaning = code_meaning(data, option_value(value), on)
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
    from tools_py.compile import POLICY_DATA
    from tools_py.compile import yaml_lines

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
    key = (id(data), on, json.dumps(_spec(data), sort_keys=True, default=str))
    if _CHECKED.get("key") != key or _CHECKED.get("data") is not data:  # the same data, not one at its address
        _CHECKED.update(key=key, data=data, problems=check_induction(data, on))
    return _CHECKED["problems"]


def check_induction(data, on) -> list[str]:
    """Every problem with the induction data on date ``on``, as ``file:line: field: message`` lines."""
    spec = _spec(data)
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


# -- the landing page -------------------------------------------------------------------------

def induction_schools(ctx) -> str:
    """Each school's path: its units and questions, and (in the browser) the reader's progress.

    As on the parents' index, the school the reader chose (overrides/assets/school.js) leads the page
    as "Your school", above the whole list, which stays whole."""
    spec = _spec(ctx.data)
    items = []
    for school in school_ids(ctx.data):
        total = len(scenarios_for(ctx.data, school))
        items.append(
            f'<li class="parents-school" data-school="{_esc(school)}"><a class="parents-school__link" '
            f'href="{ctx.url(f"induction/{school}/")}">'
            f'<span class="parents-school__name">{_esc(ctx.data["documents"][school]["organisation"])}</span> '
            f'<span class="parents-school__kind">{len(spec["units"])} units, {total} questions'
            f'<span class="induction-progress" data-induction-progress="{STORAGE_PREFIX}{_esc(school)}" '
            f'data-total="{total}"></span></span></a></li>')
    return f'{school_memory(ctx)}<ul class="parents-schools">{"".join(items)}</ul>'


# -- one school's path ------------------------------------------------------------------------

def _version(data, school) -> str:
    digest = hashlib.sha256(json.dumps(scenarios_for(data, school), sort_keys=True, default=str).encode())
    return digest.hexdigest()[:12]


def _reading(ctx, school: str, unit: dict) -> str:
    name = _esc(ctx.data["documents"][school]["organisation"])
    out = []
    rows = []
    for item in unit.get("facts") or []:
        found = fact_value(ctx, school, item["key"], item.get("format", "{value}"))
        if found is None:
            rows.append(f'<tr><th scope="row">{inline(item["label"])}</th><td>Not stated by {name}\'s policy '
                        f'or by the rules in this handbook.</td></tr>')
            continue
        shown, note = found
        note = f'<br><span class="induction-fact-note">{note}</span>' if note else ""
        rows.append(f'<tr><th scope="row">{inline(item["label"])}</th><td>{shown}{note}</td></tr>')
    if rows:
        out.append(f'<div class="table-wrap"><table class="induction-facts"><caption>At {name}, on '
                   f'{render.human_date(ctx.today.isoformat())}</caption><tbody>{"".join(rows)}</tbody></table></div>')
    reading = unit.get("reading") or {}
    if school in reading:
        out.append(f'<p class="induction-lead">{name}\'s policy says:</p>{quotes(ctx, reading[school]["clauses"])}')
    else:
        out.append(f'<p class="induction-silent">{name}\'s policy says nothing on this. The national rules below apply.</p>')
    if "national" in reading:
        out.append(f'<p class="induction-lead">The national rules:</p>{quotes(ctx, reading["national"]["clauses"])}')
    return "".join(out)


def _scenario(ctx, scenario, number: int, total: int) -> str:
    sid = scenario["id"]
    base = f"induction-q-{sid}"
    radios = []
    for index, value in enumerate(scenario["options"]):
        shown = option_value(value)
        radios.append(f'<label class="induction-option" for="{base}-{index}"><input type="radio" id="{base}-{index}" '
                      f'name="{base}" value="{_esc(shown)}"> <span>{inline(option_label(ctx.data, scenario, value, ctx.today))}</span></label>')
    return (f'<form class="induction-question" id="{base}" data-scenario="{_esc(sid)}" data-tool="{_esc(scenario["tool"])}" '
            f'data-ask="{_esc(scenario["ask"])}" data-answers="{_esc(json.dumps(scenario["answers"], ensure_ascii=False))}" novalidate>'
            f'<fieldset><legend><span class="induction-question__number">Question {number} of {total}</span> '
            f'<span class="induction-question__prompt">{inline(scenario["prompt"])}</span></legend>'
            f'<div class="induction-options">{"".join(radios)}</div></fieldset>'
            f'<div class="induction-actions"><button type="submit" class="md-button md-button--primary">Check my answer</button></div>'
            f'<div class="induction-feedback" id="{base}-feedback" aria-live="polite"></div></form>')


def induction_path(ctx, school: str) -> str:
    """The whole path for one school: unit list, units (reading and questions) and the completion summary."""
    problems = checked_once(ctx.data, ctx.today)  # once per build, not once per page
    if problems:
        raise ValueError("policy_data/induction.yaml is not right:\n" + "\n".join(problems))
    if school not in school_ids(ctx.data):
        raise ValueError(f"induction_path: '{school}' is not a school (schools: {', '.join(school_ids(ctx.data))})")
    spec = _spec(ctx.data)
    name = ctx.data["documents"][school]["organisation"]
    total = len(scenarios_for(ctx.data, school))
    nav, units = [], []
    number = 0
    for u_index, unit in enumerate(spec["units"], start=1):
        uid = unit["id"]
        mine = scenarios_for(ctx.data, school, uid)
        nav.append(f'<li data-unit="{_esc(uid)}"><a href="#unit-{_esc(uid)}">{inline(unit["title"])}</a> '
                   f'<span class="induction-nav__state">{len(mine)} question{"s" if len(mine) != 1 else ""}</span></li>')
        questions = [] if mine else [f'<p class="induction-unit__none">No question of this unit is set for {_esc(name)}: '
                                     f'the handbook does not hold the rules that would answer them for it.</p>']
        for scenario in mine:
            number += 1
            questions.append(_scenario(ctx, scenario, number, total))
        summary = f'<p class="induction-unit__summary">{inline(unit["summary"])}</p>' if unit.get("summary") else ""
        units.append(
            f'<section class="induction-unit" id="unit-{_esc(uid)}" data-unit="{_esc(uid)}" aria-labelledby="unit-{_esc(uid)}-title">'
            f'<h2 id="unit-{_esc(uid)}-title" tabindex="-1"><span class="induction-unit__number">Unit {u_index} of '
            f'{len(spec["units"])}:</span> {inline(unit["title"])}</h2>{summary}'
            f'<h3 id="unit-{_esc(uid)}-reading">Read</h3>{_reading(ctx, school, unit)}'
            f'<h3 id="unit-{_esc(uid)}-questions">Questions</h3>{"".join(questions)}'
            f'<div class="induction-unit__end"></div></section>')
    clause_href = render.clause_href({"clauses": {"{clause}": {"document": "{document}"}}}, "{clause}", ctx.base)
    attributes = {
        "class": "induction",
        "id": f"induction-{school}",
        "data-school": school,
        "data-school-name": name,
        "data-date": ctx.today.isoformat(),
        "data-storage-key": f"{STORAGE_PREFIX}{school}",
        "data-version": _version(ctx.data, school),
        "data-total": str(total),
        "data-worker": worker_address(ctx),
        "data-clause-href": clause_href,
    }
    attrs = escape.attributes(attributes).lstrip()
    unit_rows = "".join(f'<li data-unit="{_esc(u["id"])}"><a href="#unit-{_esc(u["id"])}">{inline(u["title"])}</a>: '
                        f'<span class="induction-summary__unit-score">not finished</span></li>' for u in spec["units"])
    return (
        f'<div {attrs}>'
        f'<div class="induction-status"><p class="induction-status__text" role="status" id="induction-{school}-status">'
        f'The questions are checked by the handbook\'s decision tools, which run in your browser and need JavaScript. '
        f'The reading below needs nothing.</p>'
        f'<progress class="induction-status__bar" max="{total}" value="0" aria-label="Questions answered"></progress></div>'
        f'<nav class="induction-nav" aria-label="Units of the induction path"><ol>{"".join(nav)}'
        f'<li data-unit="summary"><a href="#induction-summary">Completion summary</a></li></ol></nav>'
        f'<div class="induction-controls"><button type="button" class="md-button induction-reset" data-action="reset">'
        f'Start again</button><div class="induction-confirm" hidden><p>This clears every answer you have given for '
        f'{_esc(name)} in this browser.</p><button type="button" class="md-button md-button--primary" data-action="reset-yes">'
        f'Clear my answers</button> <button type="button" class="md-button" data-action="reset-no">Keep them</button></div></div>'
        f'{"".join(units)}'
        f'<section class="induction-summary" id="induction-summary" aria-labelledby="induction-{school}-summary-title">'
        f'<h2 id="induction-{school}-summary-title" tabindex="-1">Completion summary</h2>'
        f'<p class="induction-summary__pending">Answer every question to complete the path; your progress is kept in '
        f'this browser only.</p>'
        f'<dl class="induction-summary__facts"><dt>School</dt><dd>{_esc(name)}</dd>'
        f'<dt>Units</dt><dd><ul class="induction-summary__units">{unit_rows}</ul></dd>'
        f'<dt>Score</dt><dd class="induction-summary__score">—</dd>'
        f'<dt>Completed on</dt><dd class="induction-summary__date">—</dd>'
        f'<dt>Policy data as at</dt><dd>{render.human_date(ctx.today.isoformat())}</dd></dl>'
        f'<div class="induction-summary__review" hidden><h3 id="induction-{school}-review">What was right</h3>'
        f'<ol class="induction-summary__answers"></ol></div>'
        f'<p class="induction-summary__actions"><button type="button" class="md-button md-button--primary" '
        f'data-action="print">Print or save as PDF</button></p></section>'
        f'</div>'
    )
