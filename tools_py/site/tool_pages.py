"""The decision tools' pages: an index, a widget per tool, and each tool's questions and answers in words.

Everything here is generated from a tool's spec (``policy_data/tools/<id>.yaml``); nothing is written
per tool. The widget's first question(s) are rendered now, at build time, by the same
``tools_py.questions.form`` the browser later runs in Pyodide, so the page is readable (and the
questions are visible) before Pyodide has loaded or where it cannot load. The markup of a question
matches what ``overrides/assets/tools/widget.js`` draws from the worker's replies; keep the two alike.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import urllib.parse

from tools_py import api
from tools_py.facts import own
from tools_py.compile import yaml_lines
from tools_py.questions import form, school_ids

from . import escape, render
from .escape import text as _esc
from .inline import inline, plain_text
from .per_build import once_per_data
from .vendor import NODE_MODULES, pyodide_dir
from .wheel import WHEEL_NAME, browser_data, runtime_files

_TYPE_WORDS = {
    "choice": "choose one",
    "yesno": "yes or no",
    "number": "a number",
    "time": "a time of day, e.g. 09:25",
    "counts": "a number of sessions for each attendance code in force on the date",
}


def _tool(ctx, tool_id: str) -> dict:
    return ctx.data["tools"][tool_id]


def _tool_url(ctx, tool_id: str) -> str:
    return ctx.url(f"tools/{tool_id}/")


def _school_name(ctx, school: str) -> str:
    return ctx.data["documents"][school]["organisation"]


WORKER = "assets/tools/worker.mjs"
# The files Pyodide fetches while it boots (its WebAssembly and its standard library): the worker
# counts their bytes as they arrive, to say how far the download is.
DOWNLOADED = ("pyodide.asm.wasm", "python_stdlib.zip")


def download_bytes() -> int:
    """The bytes of Pyodide's files that its boot downloads (as they are, before any compression)."""
    return sum((NODE_MODULES / "pyodide" / name).stat().st_size for name in DOWNLOADED
               if (NODE_MODULES / "pyodide" / name).is_file())


def worker_address(ctx) -> str:
    """The Python worker's address from this page. Its query names Pyodide and the tools wheel relative
    to the worker itself (overrides/assets/tools/worker.mjs starts from them), and how many bytes
    Pyodide's boot downloads (for the progress shown while it loads), so only the first part differs
    from page to page."""
    here = posixpath.dirname(WORKER)
    query = urllib.parse.urlencode({
        "pyodide": posixpath.relpath(pyodide_dir() + "pyodide.mjs", here),
        "wheel": posixpath.relpath(f"assets/tools/{WHEEL_NAME}", here) + f"?v={wheel_version(ctx.data)}",
        "bytes": str(download_bytes()),
    })
    return f"{ctx.base}{WORKER}?{query}"


def edition(ctx) -> dict:
    """Which handbook gave an answer: its version, a fingerprint of its tools and data, its build date."""
    from importlib import metadata

    try:
        version = metadata.version("attendance-handbook")
    except metadata.PackageNotFoundError:
        version = "unreleased"
    return {"version": version, "data": wheel_version(ctx.data), "built": ctx.today.isoformat()}


@once_per_data
def wheel_version(data: dict) -> str:
    """A short fingerprint of what goes into the wheel, so a rebuilt wheel is never read from a cache."""
    digest = hashlib.sha256()
    for path in runtime_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update(json.dumps(browser_data(data), sort_keys=True, ensure_ascii=False, default=str).encode())
    return digest.hexdigest()[:12]


# -- the index --------------------------------------------------------------------------------

def tools_index(ctx) -> str:
    """Every decision tool: its question, what it tells you, and a link to it."""
    items = []
    for tool_id in api.tool_ids(ctx.data):
        tool = _tool(ctx, tool_id)
        summary = f'<p>{inline(tool["summary"])}</p>' if tool.get("summary") else ""
        items.append(
            f'<li class="tools-index__item"><h2 id="tool-{_esc(tool_id)}-link">'
            f'<a href="{_tool_url(ctx, tool_id)}">{inline(tool["title"])}</a></h2>'
            f'<p class="tools-index__question">{inline(tool["question"])}</p>{summary}</li>')
    if not items:
        return "<p>No decision tools yet.</p>"
    return f'<ul class="tools-index">{"".join(items)}</ul>'


# -- the reference (static, readable without JavaScript) ---------------------------------------

def _choice_label(question: dict, raw) -> str:
    if question["type"] == "yesno" or isinstance(raw, bool):
        return "Yes" if raw in (True, "yes", "true") else "No"
    for choice in question.get("choices") or []:
        if choice["value"] == raw:
            return choice["label"]
    return str(raw)


def _condition_words(ctx, tool: dict, question: dict) -> str:
    known = {q["id"]: q for q in tool["questions"]}
    parts = []
    for key, wanted in (question.get("when") or {}).items():
        if key in ("school_states", "school_silent_on"):
            parts.append(_school_condition(ctx, key, wanted))
            continue
        values = wanted if isinstance(wanted, list) else [wanted]
        asked = known.get(key)
        if asked is None:
            parts.append(f"<code>{_esc(key)}</code> is {' or '.join(_esc(v) for v in values)}")
            continue
        choices = [c["value"] for c in asked.get("choices") or []]
        others = [c for c in choices if c not in values]
        if asked["type"] == "choice" and others and len(others) < len(values):
            labels = " or ".join(f"“{inline(_choice_label(asked, v))}”" for v in others)
            parts.append(f"the answer to “{inline(asked['text'])}” is anything but {labels}")
            continue
        labels = " or ".join(f"“{inline(_choice_label(asked, v))}”" for v in values)
        parts.append(f"the answer to “{inline(asked['text'])}” is {labels}")
    return "; and ".join(parts)


def _or_words(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _or_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _school_condition(ctx, key: str, fact: str) -> str:
    """Which schools a question is asked for, in words: by name, with the clause that sets the rule."""
    stated = {s: own(ctx.data, s, fact, ctx.today) for s in school_ids(ctx.data)}
    stating = [s for s, found in stated.items() if found is not None]
    cites = ", ".join(dict.fromkeys(ctx.cite(stated[s].clause) for s in stating))
    if key == "school_states":
        if not stating:
            return "the school’s policy sets a rule that no policy in this handbook sets"
        names = _or_list([_esc(_school_name(ctx, s)) for s in stating])
        return f"the school is {names}, whose policy sets the rule this question applies ({cites})"
    silent = [s for s in school_ids(ctx.data) if s not in stating]
    if not silent:
        return "the school’s policy is silent on a rule that every policy in this handbook sets"
    names = _or_list([_esc(_school_name(ctx, s)) for s in silent])
    if not stating:
        return f"the school is {names}"
    return f"the school is {names}, whose policy does not set the rule the others set ({cites})"


def _question_item(ctx, tool: dict, question: dict) -> str:
    kind = _TYPE_WORDS.get(question["type"], question["type"])
    bounds = []
    if question.get("min") is not None:
        bounds.append(f"at least {_esc(question['min'])}")
    if question.get("max") is not None:
        bounds.append(f"at most {_esc(question['max'])}")
    unit = f" {_esc(question['unit'])}" if question.get("unit") else ""
    detail = kind + (f" ({', '.join(bounds)}{unit})" if bounds else unit)
    optional = " Optional." if question.get("optional") else ""
    out = [f'<li id="{_esc(tool["id"])}-question-{_esc(question["id"])}">'
           f'<p><strong>{inline(question["text"])}</strong> <span class="tool-ref__kind">— {detail}.{optional}</span></p>']
    if question.get("help"):
        out.append(f'<p class="tool-ref__help">{inline(question["help"])}</p>')
    condition = _condition_words(ctx, tool, question)
    out.append(f"<p>Asked only when {condition}.</p>" if condition else "<p>Always asked.</p>")
    known = {q["id"]: q for q in tool["questions"]}
    for key, settling in (question.get("unless") or {}).items():
        values = settling if isinstance(settling, list) else [settling]
        labels = " or ".join(f"“{inline(_choice_label(known[key], v))}”" for v in values)
        out.append(f"<p>Not asked when the answer to “{inline(known[key]['text'])}” is {labels}: "
                   f"that answer already settles the outcome.</p>")
    if question["type"] == "choice":
        choices = "".join(
            f'<li>{inline(choice["label"])}'
            + (f' <span class="tool-ref__help">— {inline(choice["help"])}</span>' if choice.get("help") else "")
            + "</li>" for choice in question["choices"])
        out.append(f'<ul class="tool-ref__choices">{choices}</ul>')
    out.append("</li>")
    return "".join(out)


def _answers_in_words(tool: dict, answers: dict) -> str:
    known = {q["id"]: q for q in tool["questions"]}
    said = []
    for qid, raw in answers.items():
        question = known[qid]
        shown = _choice_label(question, raw) if question["type"] in ("choice", "yesno") else raw
        if question["type"] == "counts":
            shown = ", ".join(f"{code}: {count}" for code, count in raw.items()) or "none"
        unit = f" {question['unit']}" if question.get("unit") and question["type"] == "number" else ""
        said.append(f"“{inline(question['text'])}” {inline(str(shown))}{_esc(unit)}")
    return "; ".join(said)


def outcome_html(ctx, outcome: dict, heading: bool = True) -> str:
    """An answer as finished HTML, drawn as widget.js draws it: verdict, labelled lines, sources."""
    out = [f'<p class="tool-outcome__title"><strong>{inline(outcome["title"])}</strong></p>' if heading else "",
           f'<p class="tool-outcome__verdict">{inline(outcome["verdict"])}</p>']
    if outcome.get("lines"):
        lines = "".join(f"<dt>{inline(line['label'])}</dt><dd>{inline(line['text'])}</dd>" for line in outcome["lines"])
        out.append(f'<dl class="tool-outcome__lines">{lines}</dl>')
    for note in outcome.get("notes") or []:
        out.append(f'<p class="tool-ref__note"><em>Note:</em> {inline(note)}</p>')
    if outcome.get("citations"):
        cited = "".join(f'<li>{ctx.cite(c["clause"], c["label"])}</li>' for c in outcome["citations"])
        out.append(f'<p class="tool-outcome__label">Based on:</p><ul class="tool-citations">{cited}</ul>')
    return "".join(out)


def _earlier_days(ctx, count: int = 4) -> list:
    """The day before each of the latest dates on which a rule changed: where an answer is given only
    under an earlier rule, one of these dates reaches it."""
    import datetime as _dt

    from tools_py.facts import to_date

    changes = set()
    for document in ctx.data["documents"].values():
        for entry in (document.get("facts") or {}).values():
            if isinstance(entry, list):
                changes.update(to_date(dated["from"]) for dated in entry)
    before = sorted((day - _dt.timedelta(days=1) for day in changes if day <= ctx.today), reverse=True)
    return before[:count]


def outcome_examples(ctx, tool_id: str) -> dict:
    """For each of the tool's answers, one case that reaches it: (school, answers, date) by outcome id.

    The cases come from the same walk over the questions as the decision diff, school by school, on the
    build date; an answer given only under an earlier rule is looked for, school by school, on the day
    before a rule changed. So the list of answers below a tool is worked examples in finished words, not templates.
    That walk varies one question at a time, so an answer that needs two of them together (a first
    penalty notice: no earlier notice and the threshold reached) is then looked for among every
    combination of the questions' answers at the same school and day, before the next school. Without
    it such an answer was said to be reached by no school, after asking every school on every day."""
    from tools_py.compile.dependencies import every_combination
    from tools_py.diff.decision_diff import scenarios

    tool = _tool(ctx, tool_id)
    found: dict[str, tuple] = {}
    earlier = _earlier_days(ctx)
    # The schools the tool's own data names (rows of their own) first: an answer only a school's own
    # rows give is found there, not after asking a council's every other school, whose answers come
    # from the national rules. Each group on the build date first; then school by school, the earlier
    # days (an answer only an earlier rule gives is found at the first school on its day, not after
    # every school on every day between).
    places = []
    for group in _named_first(tool, school_ids(ctx.data)):
        places += [(school, ctx.today) for school in group] + [(school, day) for school in group for day in earlier]
    for school, day in places:
        for walk in (scenarios(ctx.data, tool, school, day),
                     every_combination(ctx.data, tool, school, day, _MOST_COMBINATIONS)):
            for answers in walk:
                try:
                    outcome = api.ask(tool_id, school, day, answers, data=ctx.data)
                except api.AnswerError:
                    continue
                found.setdefault(outcome["outcome"], (school, answers, day))
                if len(found) == len(tool["outcomes"]):
                    return found
    return found


def _named_first(tool: dict, schools: list[str]) -> tuple[list[str], list[str]]:
    """(the schools the tool's data names, the others), each in the order given."""
    named = {step for path, value in yaml_lines.leaves(tool) for step in (*path, value) if isinstance(step, str)}
    return [s for s in schools if s in named], [s for s in schools if s not in named]


_MOST_COMBINATIONS = 400  # answers tried together at one school on one day (the handbook's tools: 12 to 347)


def tool_reference(ctx, tool_id: str) -> str:
    """The tool without JavaScript: its questions (with when each is asked) and every answer it gives."""
    tool = _tool(ctx, tool_id)
    prefix = tool_id.replace("_", "-")
    questions = "".join(_question_item(ctx, tool, q) for q in tool["questions"])
    out = [f"## How the tool works {{#{prefix}-how}}", "",
           f'<div class="tool-ref"><p>{inline(tool["summary"])}</p>' if tool.get("summary") else '<div class="tool-ref">',
           "<p>The tool above asks the questions below, in this order, skipping those that do not apply; "
           "the answer it gives comes from the policy data of the school you choose, on the date you choose, "
           "and names the clauses it rests on.</p></div>", "",
           f"## The questions {{#{prefix}-questions}}", "",
           f'<ol class="tool-ref__questions">{questions}</ol>', ""]
    if tool.get("constraints"):
        known = {q["id"]: q for q in tool["questions"]}
        rules = "".join(
            f"<li>“{inline(known[r['at_most'][0]]['text'])}” can be at most “{inline(known[r['at_most'][1]]['text'])}”.</li>"
            for r in tool["constraints"] if r["at_most"][0] in known and r["at_most"][1] in known)
        out += [f'<p>Answers must also fit together:</p><ul class="tool-ref__constraints">{rules}</ul>', ""]
    examples = outcome_examples(ctx, tool_id)
    when = render.human_date(ctx.today.isoformat())
    outcomes = []
    for outcome_id, texts in tool["outcomes"].items():
        if outcome_id not in examples:
            outcomes.append(f'<li id="{_esc(tool_id)}-outcome-{_esc(outcome_id)}"><p><strong>'
                            f'{inline(texts["title"]) if "{" not in texts["title"] else _esc(outcome_id.replace("_", " ").capitalize())}'
                            f'</strong></p><p>No school in this handbook reaches this answer on {when}.</p></li>')
            continue
        school, answers, day = examples[outcome_id]
        outcome = api.ask(tool_id, school, day, answers, data=ctx.data)
        parents = ""
        if isinstance(texts.get("parents"), dict):
            worded = api.ask(tool_id, school, day, answers, data=ctx.data, audience="parents")
            parents = (f'<div class="tool-ref__parents"><p><em>On a page for parents the same answer reads:</em></p>'
                       f'{outcome_html(ctx, worded)}</div>')
        outcomes.append(
            f'<li id="{_esc(tool_id)}-outcome-{_esc(outcome_id)}">'
            f'<p class="tool-ref__example-when">For example, at {_esc(_school_name(ctx, school))} on '
            f'{render.human_date(day.isoformat()) if hasattr(day, "isoformat") else _esc(str(day))}, '
            f'when the answers are {_answers_in_words(tool, answers)}:</p>'
            f'<div class="tool-ref__example">{outcome_html(ctx, outcome)}</div>{parents}</li>')
    # The worked examples retell the rules in many words; search should lead to the rule and the
    # questions, so this section is left out of the search index (Material's data-search-exclude).
    out += [f"## The answers it can give {{#{prefix}-answers data-search-exclude}}", "",
            f'<p>The tool gives one of these {len(outcomes)} kinds of answer. Each is shown here worked through '
            f'for one school, as the tool answers on {when} (an answer given only under an earlier rule, on the '
            f'date shown); for another school or date, the values and the '
            f'clauses cited are that school’s and that date’s.</p>',
            f'<ul class="tool-ref__outcomes">{"".join(outcomes)}</ul>', ""]
    if tool.get("fallback"):
        out += [f"## Without the tool {{#{prefix}-without}}", "",
                f'<p>The same question is answered, without the tool, on <a href="{ctx.url(tool["fallback"])}">'
                f'this page of the handbook</a>.</p>', ""]
    return "\n".join(out)


# -- the widget -------------------------------------------------------------------------------

def _attr_sig(question: dict) -> str:
    """What identifies a question's markup; widget.js computes the same string from a reply."""
    parts = [question["type"], question["text"], question.get("help") or ""]
    parts += [f'{choice["value"]}={choice["label"]}' for choice in question.get("choices") or []]
    return "\n".join(parts)


def _described(ids) -> str:
    ids = [i for i in ids if i]
    return f' aria-describedby="{" ".join(ids)}"' if ids else ""


def _label(choice: dict, audience: str) -> str:
    return choice.get(audience) if audience != "staff" and choice.get(audience) else choice["label"]


def audience_wording(tool: dict, audience: str) -> dict:
    """Question texts in the audience's own words where the spec gives them (e.g. ``parents:``)."""
    if audience == "staff":
        return {}
    return {q["id"]: q[audience] for q in tool["questions"] if isinstance(q.get(audience), str)}


def render_question(prefix: str, question: dict, wording: dict | None = None, audience: str = "staff") -> str:
    """One question as HTML, the way widget.js draws it (classes, ids and names alike)."""
    qid = question["id"]
    base = f"{prefix}-q-{qid}"
    kind = question["type"]
    help_id = f"{base}-help" if question.get("help") else None
    error_id = f"{base}-error" if question.get("error") else None
    help_html = f'<p class="tool-help" id="{help_id}">{_esc(plain_text(question["help"]))}</p>' if help_id else ""
    error_html = (f'<p class="tool-error" id="{error_id}"><span class="tool-error__mark">Error:</span> '
                  f'{_esc(question["error"])}</p>') if error_id else ""
    invalid = ' aria-invalid="true"' if error_id else ""
    text = _esc(plain_text((wording or {}).get(qid) or question["text"]))
    optional = ' <span class="tool-optional">(optional)</span>' if question.get("optional") else ""
    opening = (f'<div class="tool-question" id="{base}" data-question="{_esc(qid)}" data-type="{kind}" '
               f'data-sig="{_esc(_attr_sig(question))}">')
    value = question.get("value")
    if kind in ("choice", "yesno"):
        choices = question.get("choices") if kind == "choice" else [
            {"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}]
        current = ("yes" if value else "no") if kind == "yesno" and isinstance(value, bool) else value
        radios = []
        for index, choice in enumerate(choices):
            checked = " checked" if current is not None and choice["value"] == current else ""
            radios.append(
                f'<label class="tool-choice" for="{base}-{index}"><input type="radio" id="{base}-{index}" '
                f'name="{base}" value="{_esc(choice["value"])}"{checked}{invalid}> '
                f'<span>{_esc(plain_text(_label(choice, audience)))}</span></label>')
        layout = " tool-choices--inline" if kind == "yesno" else ""
        return (f'{opening}<fieldset{_described([help_id, error_id])}><legend>{text}{optional}</legend>{help_html}'
                f'<div class="tool-choices{layout}">{"".join(radios)}</div>{error_html}</fieldset></div>')
    if kind == "counts":
        given = value if isinstance(value, dict) else {}
        cells = []
        for index, choice in enumerate(question.get("choices") or []):
            shown = given.get(choice["value"], "")
            cells.append(
                f'<div class="tool-count"><label for="{base}-{index}">{_esc(plain_text(_label(choice, audience)))}</label>'
                f'<input type="number" id="{base}-{index}" data-code="{_esc(choice["value"])}" min="0" step="1" '
                f'inputmode="numeric" value="{_esc(shown)}"{invalid}{_described([help_id, error_id])}></div>')
        return (f'{opening}<fieldset{_described([help_id, error_id])}><legend>{text}{optional}</legend>{help_html}'
                f'<div class="tool-counts">{"".join(cells)}</div>{error_html}</fieldset></div>')
    input_id = f"{base}-input"
    if kind == "time":
        control = f'<input type="time" id="{input_id}" name="{base}" step="60"'
    else:
        step = ' step="1"' if question.get("integer", True) else ' step="any"'
        bounds = "".join(f' {key}="{_esc(question[key])}"' for key in ("min", "max") if question.get(key) is not None)
        control = f'<input type="number" id="{input_id}" name="{base}" inputmode="decimal"{step}{bounds}'
    shown = "" if value is None else _esc(value)
    unit = f' <span class="tool-unit">{_esc(question["unit"])}</span>' if question.get("unit") else ""
    return (f'{opening}<label class="tool-question__label" for="{input_id}">{text}{optional}</label>{help_html}'
            f'<div class="tool-input">{control} value="{shown}"{invalid}{_described([help_id, error_id])}>{unit}</div>'
            f'{error_html}</div>')


def tool_widget(ctx, tool_id: str, school: str | None = None, audience: str = "staff") -> str:
    """The tool itself: school, date and the first question now; Pyodide answers the rest in the browser."""
    data = ctx.data
    tool = _tool(ctx, tool_id)
    schools = school_ids(data)
    if school is not None and school not in schools:
        raise ValueError(f"tool_widget: '{school}' is not a school (schools: {', '.join(schools)})")
    chosen = school or schools[0]
    day = ctx.today.isoformat()
    key = tool_id if school is None else f"{tool_id}-{school}"
    prefix = f"tool-{key.replace('_', '-')}"
    shown = form(tool, {}, data, chosen, day)
    wording = audience_wording(tool, audience)
    questions = "".join(render_question(prefix, q, wording, audience) for q in shown["questions"])
    fallback = ctx.url(tool["fallback"]) if tool.get("fallback") else ""  # checked and escaped (escape.href)
    clause_href = render.clause_href({"clauses": {"{clause}": {"document": "{document}"}}}, "{clause}", ctx.base)

    if school is None:
        options = "".join(f'<option value="{_esc(s)}"{" selected" if s == chosen else ""}>{_esc(_school_name(ctx, s))}</option>'
                          for s in schools)
        # The reader's choice is remembered in the browser (overrides/assets/school.js); widget.js shows
        # this note, with its "Forget my school" button, while a school is remembered.
        school_field = (f'<div class="tool-field"><label for="{prefix}-school">School or provider</label>'
                        f'<select id="{prefix}-school" name="school">{options}</select>'
                        f'<p class="tool-school-memory" hidden>Remembered in this browser as your school. '
                        f'<button type="button" class="tool-forget-school" data-action="forget-school">'
                        f'Forget my school</button></p>'
                        f'<p class="tool-school-said" role="status"></p></div>')
    else:
        school_field = (f'<p class="tool-field tool-field--fixed">For {_esc(_school_name(ctx, school))}'
                        f'<input type="hidden" name="school" value="{_esc(school)}"></p>')
    date_field = (f'<div class="tool-field"><label for="{prefix}-date">Date</label>'
                  f'<input type="date" id="{prefix}-date" name="date" value="{day}" required></div>')
    without = (f'<p class="tool-fallback">Prefer to look it up yourself? <a class="tool-fallback__link" href="{fallback}">'
               f'Find the answer without the tool</a>.</p>') if fallback else ""
    # Without JavaScript the form is hidden (overrides/main.html) and this says where the same answers are.
    reference = _tool_url(ctx, tool_id) + f"#{tool_id.replace('_', '-')}"
    routes = [f'<a href="{reference}-questions">the questions it asks</a>',
              f'<a href="{reference}-answers">every answer it can give, worked through</a>']
    if fallback:
        routes.append(f'<a href="{fallback}">the same question answered without the tool</a>')
    no_script = (f'<noscript><p class="tool-nojs" data-search-exclude><strong>This tool needs JavaScript</strong>, which is off in this '
                 f'browser, so its form is not shown. Read instead {_or_words(routes)}.</p></noscript>')
    attributes = {
        "class": "tool-widget",
        "id": prefix,
        "data-tool": tool_id,
        "data-key": key,
        "data-school": school or "",
        "data-school-name": _school_name(ctx, school) if school else None,
        "data-audience": audience,
        "data-today": day,
        "data-worker": worker_address(ctx),
        "data-fallback": fallback,
        "data-clause-href": clause_href,
        "data-conflicts-href": ctx.url("reference/conflicts/"),
        "data-wording": json.dumps(wording, ensure_ascii=False) if wording else None,
        "data-edition": json.dumps(edition(ctx)),
        "data-tool-title": plain_text(tool["title"]),
        "data-tool-question": plain_text(tool["question"]),
        "aria-labelledby": f"{prefix}-title",
    }
    return (
        f'<section{escape.attributes(attributes)}>'
        f'<h2 class="tool-widget__title" id="{prefix}-title">{inline(tool["question"])}</h2>'
        f'<div class="tool-status" role="status" id="{prefix}-status"><span class="tool-status__text">'
        f'This tool runs in your browser and needs JavaScript.</span>'
        f'<progress class="tool-status__bar" max="3" value="0" hidden></progress></div>'
        f'{no_script}'
        f'<form class="tool-form" novalidate>'
        f'<div class="tool-context">{school_field}{date_field}</div>'
        f'<div class="tool-questions">{questions}</div>'
        f'<div class="tool-actions"><button type="submit" class="md-button md-button--primary tool-submit">Show the answer</button> '
        f'<button type="button" class="md-button tool-restart" data-action="restart">Start again</button></div>'
        f'</form>'
        f'<div class="tool-result" id="{prefix}-result" aria-live="polite"></div>'
        f'{without}'
        f'</section>'
    )
