"""The induction path for new staff: short units of reading and scenario questions, for one school.

Units and scenarios are data (``policy_data/induction.yaml``). A unit's reading is the school's own
clauses (or, where its policy is silent, a plain statement that it is) and the national rules, quoted
and cited, with the unit's facts looked up for the school on the build date. A scenario names a
decision tool and the answers to give it; the page never holds the right answer. In the browser,
``overrides/assets/induction.js`` sends the scenario to the same ``tools_py.api.handle`` the tools
use (through ``window.HandbookTools``) and compares the trainee's choice with the outcome's field.

Which scenarios a school's path asks, and the build's check of them, are the compile step's
(``tools_py.compile.induction_check``): the pages only draw what it chose.
"""

from __future__ import annotations

import hashlib
import json

from tools_py.compile.induction_check import checked_once, induction_spec, option_label, option_value, scenarios_for
from tools_py.questions import school_ids

from . import escape, render
from .escape import text as _esc
from .inline import inline
from .parents import fact_value, quotes, school_memory
from .tool_pages import worker_address

STORAGE_PREFIX = "handbook-induction:"


# -- the landing page -------------------------------------------------------------------------

def induction_schools(ctx) -> str:
    """Each school's path: its units and questions, and (in the browser) the reader's progress.

    As on the parents' index, the school the reader chose (overrides/assets/school.js) leads the page
    as "Your school", above the whole list, which stays whole."""
    spec = induction_spec(ctx.data)
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
    spec = induction_spec(ctx.data)
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
