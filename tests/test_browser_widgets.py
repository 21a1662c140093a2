"""The decision tools in a real browser: the widget answers as CPython does, by mouse, keyboard and link.

One server and one Chromium serve the whole module. Every tool is driven through its page the way a
reader would (choosing the school, typing the date, clicking the answers); the outcome shown must be
the one ``tools_py.api.ask`` gives. Pages without a tool must not load Pyodide, no page may load
anything from another host, and a tool that cannot start must say so and point to its fallback page.
"""

from __future__ import annotations

import json
import re
import urllib.parse

import pytest

from tools_py import api
from tools_py.questions import form
from tools_py.site.inline import plain_text
from tools_py.site.wheel import WHEEL_NAME

from .conftest import REPO, load_cases

pytestmark = pytest.mark.browser

DATA = api.load_data()
TOOLS = api.tool_ids(DATA)
CASES = load_cases()
READY_MS = 90_000
PYODIDE = "assets/vendor/pyodide"  # its folder is named after its version: pyodide-314.0.7/
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


# -- fixtures: one server and one browser for the module ----------------------------------------



class Visit:
    """A fresh browser context and page that remembers every request and every script error."""

    def __init__(self, browser, width=1280, height=900):
        self.context = browser.new_context(locale="en-GB", viewport={"width": width, "height": height})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def count(self, needle: str) -> int:
        """Requests for a file whose address (without its query) holds ``needle``: the worker's own
        address names Pyodide and the wheel in its query, which is not a request for either."""
        return sum(needle in url.split("?", 1)[0] for url in self.requests)

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser):
    opened = []

    def open_(**kwargs):
        opened.append(Visit(browser, **kwargs))
        return opened[-1]

    yield open_
    for item in opened:
        item.close()


# -- what CPython says --------------------------------------------------------------------------

def expected(case) -> dict:
    return api.ask(case["tool"], case["school"], case["date"], case["answers"], data=DATA)


def expected_error(case) -> dict | None:
    """The error the widget shows beside a question for this case (None if it is not on a shown question)."""
    tool = DATA["tools"][case["tool"]]
    reply = api.handle({"op": "form", "tool": case["tool"], "school": case["school"], "date": case["date"],
                        "answers": case["answers"]}, data=DATA)
    error = reply["error"] if not reply["ok"] else reply["form"]["error"]
    if not error:
        return None
    shown = [q["id"] for q in form(tool, case["answers"], DATA, case["school"], case["date"])["questions"]]
    return error if error["question"] in shown else None


def _answers_in_cpython(case) -> bool:
    """The case ends in the outcome it expects in CPython (a case that does not is test_golden_cases' to report)."""
    try:
        return expected(case)["outcome"] == case["expect"].get("outcome")
    except Exception:
        return False


def outcome_cases(tool_id: str, wanted: int = 3) -> list[dict]:
    """Cases that end in an outcome, chosen to reach as many outcomes, schools and questions as possible."""
    pool = [c for c in CASES if c["tool"] == tool_id and "error" not in c["expect"] and _answers_in_cpython(c)]
    chosen, outcomes, schools = [], set(), set()
    while pool and len(chosen) < wanted:
        def score(case):
            return (2 * (case["expect"]["outcome"] not in outcomes) + (case["school"] not in schools),
                    len(case["answers"]))
        best = max(pool, key=score)
        pool.remove(best)
        chosen.append(best)
        outcomes.add(best["expect"]["outcome"])
        schools.add(best["school"])
    return chosen


def error_case(tool_id: str):
    for case in CASES:
        if case["tool"] == tool_id and "error" in case["expect"] and case["school"] in DATA["documents"]:
            if expected_error(case):
                return case
    return None


def ordered_answers(case) -> list[tuple[dict, object]]:
    questions = DATA["tools"][case["tool"]]["questions"]
    return [(q, case["answers"][q["id"]]) for q in questions if q["id"] in case["answers"]]


def text_value(question, value) -> str:
    if question["type"] == "yesno":
        return "yes" if value in (True, "yes", "true", "y", "1") else "no"
    if question["type"] == "counts":
        return ",".join(f"{code}:{count}" for code, count in counts_of(value).items())
    return str(value)


def counts_of(value) -> dict:
    if isinstance(value, dict):
        return value
    return dict(part.rsplit(":", 1) for part in re.split(r"[,\s]+", str(value).strip()) if part)


def fragment(case, fixed_school: bool = False) -> str:
    """The address fragment that holds a case's answers (a widget fixed to one school has its own key)."""
    key = f"{case['tool']}-{case['school']}" if fixed_school else case["tool"]
    pairs = ([] if fixed_school else [("school", case["school"])]) + [("date", case["date"])]
    pairs += [(q["id"], text_value(q, value)) for q, value in ordered_answers(case)]
    return f"#{key}?" + urllib.parse.urlencode(pairs, safe=":,")


# -- driving a widget ---------------------------------------------------------------------------

def css_string(value) -> str:
    """A value quoted for a CSS attribute selector (codes include / \\ and #)."""
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def widget(page, tool_id):
    return page.locator(f'.tool-widget[data-tool="{tool_id}"]').first


def wait_ready(page, tool_id):
    page.wait_for_selector(f'.tool-widget[data-tool="{tool_id}"][data-state=ready]', timeout=READY_MS)


def answer_by_clicking(page, case):
    tool = widget(page, case["tool"])
    tool.locator("button.tool-restart").first.click()
    tool.locator("select[name=school]").select_option(case["school"])
    tool.locator("input[name=date]").fill(case["date"])
    for question, value in ordered_answers(case):
        box = tool.locator(f'.tool-question[data-question="{question["id"]}"]')
        box.wait_for(state="visible", timeout=15_000)
        if question["type"] in ("choice", "yesno"):
            box.locator(f'label:has(input[value="{text_value(question, value)}"])').click()
        elif question["type"] == "counts":
            for code, count in counts_of(value).items():
                box.locator(f"input[data-code={css_string(code)}]").fill(str(count))
        else:
            box.locator("input").fill(text_value(question, value))
    tool.locator("button.tool-submit").click()


def shown_outcome(page, tool_id, title: str) -> dict:
    tool = widget(page, tool_id)
    heading = tool.locator(".tool-result .tool-outcome__title")
    try:
        page.wait_for_function("([sel, want]) => { const h = document.querySelector(sel); "
                               "return h && h.textContent.trim() === want; }",
                               arg=[f'.tool-widget[data-tool="{tool_id}"] .tool-outcome__title', title],
                               timeout=15_000)
    except Exception:
        shown = heading.all_text_contents() or tool.locator(".tool-result, .tool-status").all_inner_texts()
        raise AssertionError(f"expected the outcome '{title}', the widget shows {shown}") from None
    links = tool.locator(".tool-citations a")
    return {
        "title": heading.text_content().strip(),
        "verdict": tool.locator(".tool-outcome__verdict").text_content().strip(),
        "lines": [(dt.text_content().strip(), dd.text_content().strip()) for dt, dd in zip(
            tool.locator(".tool-outcome__lines dt").all(), tool.locator(".tool-outcome__lines dd").all())],
        "citations": [(links.nth(i).text_content().strip(), links.nth(i).evaluate("a => a.href"))
                      for i in range(links.count())],
        "notes": tool.locator(".tool-outcome__note").count(),
    }


def assert_same(shown: dict, outcome: dict, base: str, label: str):
    assert shown["title"] == plain_text(outcome["title"]), label
    assert shown["verdict"] == plain_text(outcome["verdict"]), label
    assert shown["lines"] == [(plain_text(line["label"]), plain_text(line["text"])) for line in outcome["lines"]], label
    wanted = [(c["label"], f"{base}documents/{c['document']}/#{c['clause']}") for c in outcome["citations"]]
    assert shown["citations"] == wanted, label
    assert shown["notes"] == len(outcome["notes"]), label


def assert_tied_to_its_field(page, tool_id, error_id, question):
    """The shown error is named by its field's aria-describedby, once the widget has drawn it.

    Waits (up to 5 s) for the widget's final drawing. A clean-clone run once saw the error without the
    tie: the first move within a page fetched it again and swapped it in (fixed in instant.js and
    main.html; test_a_move_within_the_page_keeps_the_page_it_is_on). If it is ever a lasting state,
    the message shows the question as it was."""
    try:
        page.wait_for_function("id => document.getElementById(id) && "
                               "document.querySelector(`[aria-describedby~=\"${id}\"]`)", arg=error_id, timeout=5_000)
    except Exception:
        node = widget(page, tool_id).locator(f'[data-question="{question}"]')
        shown = node.evaluate("n => n.outerHTML") if node.count() else "(the question is gone)"
        rendered = widget(page, tool_id).get_attribute("data-rendered")
        raise AssertionError(f"the error {error_id} is not tied to its field with aria-describedby "
                             f"(drawings: {rendered}): {shown}") from None


def accessibility_problems(page, tool_id) -> list:
    """axe-core's findings for the widget, as (rule, impact, first element) (the site's own copy of axe)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate("async (sel) => (await axe.run(document.querySelector(sel))).violations"
                         ".map(v => [v.id, v.impact, v.nodes[0].html.slice(0, 200)])",
                         f'.tool-widget[data-tool="{tool_id}"]')


# -- (a) every tool answers as CPython does ------------------------------------------------------

@pytest.mark.parametrize("tool_id", TOOLS)
def test_widget_answers_golden_cases_like_cpython(visit, base, tool_id):
    """Golden cases answered in the widget (a shared link, then clicks) show CPython's outcome and citations.

    At 375 px nothing scrolls sideways; axe-core finds nothing wrong with the answered form or with an
    error shown beside its question."""
    cases = outcome_cases(tool_id)
    assert len(cases) >= 3, f"{tool_id}: needs at least three golden cases that end in an outcome"
    v = visit()
    page = v.page
    first = cases[0]
    page.goto(base + f"tools/{tool_id}/" + fragment(first))
    wait_ready(page, tool_id)
    assert widget(page, tool_id).locator("select[name=school]").input_value() == first["school"]
    assert_same(shown_outcome(page, tool_id, plain_text(expected(first)["title"])), expected(first), base, first["id"])

    for case in cases[1:]:
        outcome = expected(case)
        answer_by_clicking(page, case)
        assert_same(shown_outcome(page, tool_id, plain_text(outcome["title"])), outcome, base, case["id"])
        assert urllib.parse.unquote(page.evaluate("location.hash")) == urllib.parse.unquote(fragment(case)), case["id"]

    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "scrolls sideways at 375 px"
    assert not accessibility_problems(page, tool_id)

    problem = error_case(tool_id)
    if problem is not None:
        error = expected_error(problem)
        page.evaluate("hash => { location.hash = hash; }", fragment(problem))
        message = widget(page, tool_id).locator(f'[data-question="{error["question"]}"] .tool-error')
        message.wait_for(timeout=15_000)
        assert error["message"] in message.text_content(), problem["id"]
        error_id = message.get_attribute("id")
        assert_tied_to_its_field(page, tool_id, error_id, error["question"])
        assert widget(page, tool_id).locator(".tool-outcome").count() == 0
        assert not accessibility_problems(page, tool_id)
    assert not v.errors, v.errors
    elsewhere = sorted({url for url in v.requests if not url.startswith(base) and not url.startswith("data:")})
    assert not elsewhere, elsewhere


def test_a_widget_for_one_school_speaks_to_its_audience(visit, base, built_site):
    """A widget fixed to one school (e.g. on a parents' page) asks in its audience's words and answers as CPython."""
    found = None
    for path in sorted(built_site.rglob("index.html")):
        match = re.search(r'<section class="tool-widget"[^>]*data-tool="([^"]+)"[^>]*data-school="([^"]+)"'
                          r'[^>]*data-audience="([^"]+)"', path.read_text(encoding="utf-8"))
        if match:
            found = (path, *match.groups())
            break
    assert found is not None, "no page has a widget fixed to one school: each parents' page should ask for its school"
    path, tool_id, school, audience = found
    case = next((c for c in CASES if c["tool"] == tool_id and c["school"] == school and "error" not in c["expect"]
                 and _answers_in_cpython(c)), None)
    assert case is not None, f"no golden case that ends in an outcome for {tool_id} at {school}"
    outcome = api.ask(tool_id, school, case["date"], case["answers"], data=DATA, audience=audience)
    url = base + path.parent.relative_to(built_site).as_posix() + "/"
    v = visit()
    v.page.goto(url + fragment(case, fixed_school=True))
    wait_ready(v.page, tool_id)
    assert widget(v.page, tool_id).locator("select[name=school]").count() == 0
    first = DATA["tools"][tool_id]["questions"][0]
    legend = widget(v.page, tool_id).locator(f'[data-question="{first["id"]}"] legend, '
                                             f'[data-question="{first["id"]}"] label.tool-question__label').first
    assert legend.text_content().strip().startswith(plain_text(first.get(audience) or first["text"]))
    assert_same(shown_outcome(v.page, tool_id, plain_text(outcome["title"])), outcome, base, case["id"])
    assert not v.errors, v.errors


# -- (b) and (c): what pages load ----------------------------------------------------------------

def test_a_tool_page_starts_python_while_the_page_is_still_loading(visit, base):
    """Pyodide takes seconds to boot: the worker is made from the page's <head>, while the rest of the
    document is still being read, and it is the one worker the widget then uses."""
    v = visit()
    v.context.add_init_script("""(() => {
      const Original = window.Worker;
      window.__workers = [];
      window.Worker = function (url, options) {
        window.__workers.push({ url: String(url), readyState: document.readyState, widget: Boolean(document.querySelector('.tool-widget')) });
        return new Original(url, options);
      };
    })();""")
    tool_id = TOOLS[0]
    v.page.goto(base + f"tools/{tool_id}/")
    wait_ready(v.page, tool_id)
    made = [w for w in v.page.evaluate("window.__workers") if "worker.mjs" in w["url"]]
    assert len(made) == 1, made
    assert made[0]["readyState"] == "loading" and not made[0]["widget"], made  # before the body was read
    assert v.count("assets/tools/worker.mjs") == 1 and v.count("pyodide.asm.wasm") == 1
    assert not v.errors, v.errors


@pytest.mark.parametrize("path", ["", "reference/codes/"])
def test_page_without_a_tool_loads_no_pyodide(visit, base, path):
    """A page without a tool requests no Pyodide file, no worker and no wheel."""
    v = visit()
    v.page.goto(base + path)
    v.page.wait_for_load_state("networkidle")
    v.page.wait_for_timeout(300)
    loaded = [url for url in v.requests if PYODIDE in url or WHEEL_NAME in url or "worker.mjs" in url]
    assert not loaded, loaded
    assert v.page.evaluate("typeof window.__handbookTools") == "undefined"


def test_no_page_requests_another_host(visit, base, built_site):
    """Every page of the site (tools included, with Pyodide running) requests only the local server.

    The first page with a tool is followed until its tool is ready (every request Pyodide and the wheel
    make); later ones until their worker asks for Pyodide's .wasm, as every tool page is also run to the
    end, with the same check, by test_widget_answers_golden_cases_like_cpython."""
    pages = sorted(built_site.rglob("index.html"))
    assert len(pages) > 10
    v = visit()
    tool_started = False
    for path in pages:
        folder = path.parent.relative_to(built_site).as_posix()
        url = base if folder == "." else f"{base}{folder}/"
        if (path.read_text(encoding="utf-8").count('class="tool-widget"') and tool_started):
            with v.page.expect_request(lambda request: request.url.endswith("pyodide.asm.wasm"), timeout=READY_MS):
                v.page.goto(url)
            continue
        v.page.goto(url)
        if v.page.locator(".tool-widget").count():
            v.page.wait_for_selector(".tool-widget[data-state=ready], .tool-widget[data-state=failed]",
                                     timeout=READY_MS)
            assert v.page.locator(".tool-widget[data-state=ready]").count(), f"{url}: the tool did not start"
            tool_started = True
        v.page.wait_for_load_state("networkidle")
    elsewhere = sorted({url for url in v.requests if not url.startswith(base) and not url.startswith("data:")})
    assert not elsewhere, elsewhere
    assert v.count("pyodide.asm.wasm") >= 1


# -- (d) keyboard only ---------------------------------------------------------------------------

def _focused(page, script: str):
    return page.evaluate(f"() => {{ const el = document.activeElement; return {script}; }}")


def _becomes(page, script: str, ms: int = 2000) -> bool:
    """Whether the focused element meets ``script`` within ``ms`` (a loaded machine's browser may set a
    field's value a moment after the keys that give it)."""
    from playwright.sync_api import TimeoutError as NeverCame

    try:
        page.wait_for_function(f"() => {{ const el = document.activeElement; return !!(el && ({script})); }}",
                               timeout=ms)
        return True
    except NeverCame:
        return False


def _tab_to(page, script: str, limit: int = 150):
    for _ in range(limit):
        if _focused(page, script):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached an element where {script}")


def _retype(page, attempts, check: str):
    """Type into the focused date or time field, trying each way of writing it until the value is right.

    Chromium lays out these fields in its own interface language (not the page's), so the test tries
    each order. Tab moves between the field's parts, so between tries Shift+Tab leaves the field and
    Tab comes back to its first part."""
    field = _focused(page, "el.id")
    for keys in attempts:
        page.keyboard.type(keys)
        if _becomes(page, check):
            return
        for _ in range(4):
            page.keyboard.press("Shift+Tab")
            if _focused(page, "el.id") != field:
                break
        page.keyboard.press("Tab")
    raise AssertionError(f"typing {attempts} did not give a value where {check}")


def _type_date(page, iso: str):
    year, month, day = iso.split("-")
    _retype(page, [day + month + year, month + day + year, year + month + day], f"el.value === {iso!r}")


def _type_time(page, clock: str):
    hours, minutes = (int(part) for part in clock.split(":"))
    twelve = f"{(hours % 12) or 12:02d}{minutes:02d}{'P' if hours >= 12 else 'A'}"
    _retype(page, [f"{hours:02d}{minutes:02d}", twelve], f"el.value === '{hours:02d}:{minutes:02d}'")


def keyboard_case() -> dict:
    """A case for the first tool using the most question types that a keyboard can answer."""
    tool_id = TOOLS[0]
    pool = [c for c in CASES if c["tool"] == tool_id and "error" not in c["expect"] and _answers_in_cpython(c)]
    return max(pool, key=lambda c: (len({q["type"] for q, _ in ordered_answers(c)}), len(c["answers"])))


def test_a_tool_can_be_completed_with_the_keyboard_alone(visit, base):
    """Tab, arrow keys, typing and Enter reach an outcome; it is focused and inside the live region, and
    its “Change” button for an answer takes the focus back to that question."""
    case = keyboard_case()
    tool_id = case["tool"]
    outcome = expected(case)
    v = visit()
    page = v.page
    page.goto(base + f"tools/{tool_id}/")
    wait_ready(page, tool_id)
    _tab_to(page, "el.name === 'school'")
    index = page.evaluate("([id, want]) => [...document.querySelector(id).options].findIndex(o => o.value === want)",
                          ["select[name=school]", case["school"]])
    current = _focused(page, "el.selectedIndex")
    for _ in range(abs(index - current)):
        page.keyboard.press("ArrowDown" if index > current else "ArrowUp")
    assert _focused(page, "el.value") == case["school"]
    _tab_to(page, "el.name === 'date'")
    _type_date(page, case["date"])
    for question, value in ordered_answers(case):
        inside = f"!!el.closest('.tool-question[data-question=\"{question['id']}\"]')"
        page.wait_for_selector(f'.tool-question[data-question="{question["id"]}"]', timeout=15_000)
        if question["type"] == "counts":
            for code, count in counts_of(value).items():
                _tab_to(page, f"{inside} && el.dataset.code === {json.dumps(code)}")
                page.keyboard.type(str(count))
            continue
        _tab_to(page, inside)
        if question["type"] in ("choice", "yesno"):
            want = text_value(question, value)
            radios = page.evaluate("() => [...document.activeElement.closest('fieldset')"
                                   ".querySelectorAll('input[type=radio]')].map(r => r.value)")
            here = radios.index(_focused(page, "el.value"))
            there = radios.index(want)
            if here == there:
                page.keyboard.press("Space")
            for _ in range(abs(there - here)):
                page.keyboard.press("ArrowDown" if there > here else "ArrowUp")
            assert _focused(page, "el.checked && el.value") == want
        elif question["type"] == "time":
            _type_time(page, str(value))
        else:
            page.keyboard.type(str(value))
        page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('.tool-outcome__title')",
                           timeout=15_000)
    assert _focused(page, "el.textContent.trim()") == plain_text(outcome["title"])
    assert _focused(page, "!!el.closest('[aria-live=polite]')")
    changed = ordered_answers(case)[-1][0]["id"]
    _tab_to(page, f"el.dataset.change === {json.dumps(changed)}")
    page.keyboard.press("Enter")
    assert _focused(page, f"!!el.closest('.tool-question[data-question={json.dumps(changed)}]')"), \
        "“Change” did not move focus to its question"
    assert not v.errors, v.errors


# -- (e) when Pyodide cannot start ----------------------------------------------------------------

@pytest.mark.parametrize("how", ["wasm_aborted", "no_webassembly"])
def test_a_tool_that_cannot_start_points_to_its_fallback(visit, base, how):
    """If Pyodide cannot load, the page says so and links to the page answering the same question."""
    tool_id = TOOLS[0]
    v = visit()
    if how == "wasm_aborted":
        v.context.route("**/pyodide.asm.wasm", lambda route: route.abort())
    else:
        v.context.add_init_script("delete window.WebAssembly;")
    v.page.goto(base + f"tools/{tool_id}/")
    v.page.wait_for_selector(".tool-widget[data-state=failed]", timeout=60_000)
    status = widget(v.page, tool_id).locator(".tool-status")
    assert "could not start" in status.text_content()
    link = status.locator("a.tool-fallback__link")
    assert link.evaluate("a => a.href") == base + DATA["tools"][tool_id]["fallback"]
    assert widget(v.page, tool_id).locator(".tool-question").first.is_visible()
    if how == "no_webassembly":
        assert v.count(PYODIDE) == 0


# -- (f) instant navigation keeps the worker warm -------------------------------------------------

def _sitemap(base: str, built_site) -> str:
    """The sitemap a deployment at ``base`` has (Material's instant navigation follows only its URLs)."""
    urls = []
    for path in sorted(built_site.rglob("index.html")):
        folder = path.parent.relative_to(built_site).as_posix()
        urls.append(base + ("" if folder == "." else folder + "/"))
    body = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'


def test_instant_navigation_keeps_one_worker(visit, base, built_site):
    """Answer a tool, follow a navigation link to another tool page, answer it: Pyodide loaded once."""
    v = visit()
    v.context.route("**/sitemap.xml", lambda route: route.fulfill(
        status=200, content_type="application/xml", body=_sitemap(base, built_site)))
    page = v.page
    first_tool = TOOLS[0]
    second_tool = next((t for t in TOOLS[1:] if outcome_cases(t, 1)), first_tool)
    first, second = outcome_cases(first_tool, 1)[0], outcome_cases(second_tool, 2)[-1]
    page.goto(base + f"tools/{first_tool}/")
    page.evaluate("window.__sameDocument = true")
    wait_ready(page, first_tool)
    answer_by_clicking(page, first)
    shown_outcome(page, first_tool, plain_text(expected(first)["title"]))

    if second_tool == first_tool:  # only one tool: go through the tools index and back
        page.locator(f'.md-nav--primary a[href$="tools/"]').first.click()
        page.wait_for_url(base + "tools/")
        page.locator(f'article a[href$="tools/{second_tool}/"]').first.click()
    else:
        page.locator(f'.md-nav--primary a[href$="tools/{second_tool}/"]').first.click()
    page.wait_for_url(base + f"tools/{second_tool}/")
    wait_ready(page, second_tool)
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded, not instantly navigated"
    answer_by_clicking(page, second)
    assert_same(shown_outcome(page, second_tool, plain_text(expected(second)["title"])), expected(second), base,
                second["id"])
    assert v.count("pyodide.asm.wasm") == 1
    assert v.count("assets/tools/worker.mjs") == 1
    assert v.count(WHEEL_NAME) == 1
    assert not v.errors, v.errors


def test_a_move_within_the_page_keeps_the_page_it_is_on(visit, base, built_site):
    """A contents link, or another answer put in a tool's address, moves within the page that was opened:
    the page is not fetched again and swapped in (Material took the first such move for a new page, which
    lost the reader's place, focus and the tool's drawing). Back, after following a link to another page,
    still brings the page back."""
    v = visit()
    v.context.route("**/sitemap.xml", lambda route: route.fulfill(
        status=200, content_type="application/xml", body=_sitemap(base, built_site)))
    page = v.page

    document = base + "documents/dms/"
    page.goto(document)
    page.evaluate("window.__article = document.querySelector('article')")
    asked = len(v.requests)
    link = page.locator(".md-sidebar--secondary a.md-nav__link").nth(2)
    target = urllib.parse.urlsplit(link.get_attribute("href")).fragment
    link.click()
    page.wait_for_function("id => location.hash === '#' + id", arg=target)
    page.wait_for_timeout(1_000)  # a fetch of the page starts as the address changes
    assert document not in v.requests[asked:], "a contents link fetched its own page again"
    assert page.evaluate("document.querySelector('article') === window.__article"), "the page was swapped"
    assert page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", target) < 300

    tool_id = "leave_request"
    first, second = outcome_cases(tool_id, 2)
    tool_page = base + f"tools/{tool_id}/"
    page.goto(tool_page + fragment(first))
    wait_ready(page, tool_id)
    shown_outcome(page, tool_id, plain_text(expected(first)["title"]))
    page.evaluate(f"window.__widget = document.querySelector('.tool-widget[data-tool={tool_id}]')")
    asked = len(v.requests)
    page.evaluate("hash => { location.hash = hash; }", fragment(second))
    assert_same(shown_outcome(page, tool_id, plain_text(expected(second)["title"])), expected(second), base,
                second["id"])
    page.wait_for_timeout(1_000)
    assert tool_page not in v.requests[asked:], "an answer put in the address fetched the tool's page again"
    assert page.evaluate(f"document.querySelector('.tool-widget[data-tool={tool_id}]') === window.__widget")

    page.locator('.md-nav--primary a[href$="tools/"]').first.click()
    page.wait_for_url(base + "tools/")
    page.go_back()
    page.wait_for_url(tool_page + "**")
    shown_outcome(page, tool_id, plain_text(expected(second)["title"]))
    assert not v.errors, v.errors


def test_an_answer_resting_on_one_side_of_a_conflict_links_to_both_sides(visit, base):
    """Where documents disagree and the answer follows one of them, the widget says so and links the
    conflicts page at that conflict, and the link leads to it."""
    case = next(c for c in CASES if c["tool"] == "which_code" and c["expect"].get("conflicts") == ["dms-afternoon-register"])
    outcome = expected(case)
    v = visit()
    v.page.goto(base + "tools/which_code/" + fragment(case))
    wait_ready(v.page, "which_code")
    shown_outcome(v.page, "which_code", plain_text(outcome["title"]))
    link = widget(v.page, "which_code").locator(".tool-outcome__conflict a")
    assert link.count() == 1
    assert link.get_attribute("href").endswith("reference/conflicts/#conflict-dms-afternoon-register")
    link.click()  # instant navigation swaps the page in after the address changes: wait for the content
    v.page.locator("#conflict-dms-afternoon-register").wait_for(timeout=30_000)
    assert v.page.locator("#conflict-dms-afternoon-register").count() == 1
    assert not v.errors, v.errors
