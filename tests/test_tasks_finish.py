"""Every task finishes, in real Chromium: a reader is never left with a button that silently does
nothing, a slow phone keeps what was answered while Python loads, an answer can be filed (printed on
at most two A4 pages, copied as plain text) with its sources' full addresses, an induction trainee
can go back to any question, and without JavaScript no form pretends to work."""

from __future__ import annotations

import io
import json
import re
import urllib.parse

import pytest

from tools_py import api
from tools_py.site.inline import plain_text

from .test_browser_widgets import expected, fragment, outcome_cases

pytestmark = pytest.mark.browser

DATA = api.load_data()
TOOLS = api.tool_ids(DATA)
READY_MS = 120_000
DAY = "2026-11-23"


@pytest.fixture
def context(browser):
    made = []

    def open_(**kwargs):
        kwargs.setdefault("locale", "en-GB")
        kwargs.setdefault("viewport", {"width": 1280, "height": 900})
        made.append(browser.new_context(**kwargs))
        return made[-1]

    yield open_
    for item in made:
        item.close()


def _ready(page, tool_id):
    page.wait_for_selector(f'.tool-widget[data-tool="{tool_id}"][data-state=ready]', timeout=READY_MS)


def _answer_shown(page, title: str, timeout=READY_MS):
    page.wait_for_function("want => { const h = document.querySelector('.tool-widget .tool-result .tool-outcome__title'); "
                           "return h && h.textContent.trim() === want; }", arg=title, timeout=timeout)


def _address(path, key, school, answers, fixed=False) -> str:
    pairs = ([] if fixed else [("school", school)]) + [("date", DAY)] + list(answers.items())
    return path + f"#{key}?" + urllib.parse.urlencode(pairs, safe=":,")


# -- item 1: "Show the answer" never silently does nothing ---------------------------------------

def test_show_the_answer_names_the_questions_still_unanswered_and_goes_to_the_first(context, base):
    """Answers that bring up new questions, then "Show the answer": the page says which questions are
    unanswered (an alert), marks them, and moves the focus to the first; each is a button to reach it."""
    page = context().new_page()
    page.goto(base + _address("tools/leave_request/", "leave_request", "dms",
                              {"reason": "holiday", "days": "3", "notice_days": "30"}))
    _ready(page, "leave_request")
    page.wait_for_selector('[data-question="statutory_assessment"]', timeout=15_000)
    page.locator("button.tool-submit").click()
    alert = page.locator(".tool-result .tool-unanswered[role=alert]")
    alert.wait_for(timeout=15_000)
    named = [b.text_content().strip() for b in alert.locator("button").all()]
    tool = DATA["tools"]["leave_request"]
    texts = {q["id"]: q["text"] for q in tool["questions"]}
    assert named == [texts["statutory_assessment"], texts["unauthorised_on_record"], texts["attendance_percent"]]
    assert page.evaluate("!!document.activeElement.closest('[data-question=statutory_assessment]')")
    assert page.locator(".tool-question--missing").count() == 3
    described = page.locator('[data-question="attendance_percent"] input').get_attribute("aria-describedby") or ""
    assert "missing" in described
    alert.locator("button").nth(2).click()
    assert page.evaluate("!!document.activeElement.closest('[data-question=attendance_percent]')")
    assert page.locator(".tool-result .tool-outcome").count() == 0


def test_a_parent_is_not_blocked_by_a_question_only_the_school_can_answer(context, base):
    """On a parents' page, "your child's attendance so far" may be left blank: the answer comes, and
    says what it leaves out and which rule of the school's it concerns."""
    answers = {"reason": "holiday", "days": "3", "notice_days": "30", "statutory_assessment": "no",
               "unauthorised_on_record": "no"}
    outcome = api.ask("leave_request", "dms", DAY, answers, data=DATA, audience="parents")
    page = context().new_page()
    page.goto(base + _address("parents/dms/", "leave_request-dms", "dms", answers, fixed=True))
    _ready(page, "leave_request")
    question = page.locator('[data-question="attendance_percent"]')
    question.wait_for(timeout=15_000)
    assert "(if you know it)" in question.inner_text() or "(optional)" in question.inner_text()
    page.locator("button.tool-submit").click()
    _answer_shown(page, plain_text(outcome["title"]), timeout=15_000)
    notes = page.locator(".tool-result .tool-outcome__note").all_inner_texts()
    assert any("left blank" in note and "attendance" in note for note in notes), notes
    cited = [a.get_attribute("data-clause") for a in page.locator(".tool-result .tool-citations a").all()]
    assert "dms-7.2-never" in cited, cited


# -- item 4: induction ---------------------------------------------------------------------------

def test_induction_unit_list_and_summary_lead_somewhere_and_back_to_an_open_question(context, base):
    """The unit list shows the unit; the summary lists the one question still open, and its link goes
    to that question with the rest of the answers kept."""
    page = context().new_page()
    page.goto(base + "induction/dms/")
    page.wait_for_selector(".induction--js")
    units = page.locator(".induction-nav li[data-unit] a")
    units.nth(2).click()
    shown = page.evaluate("[...document.querySelectorAll('.induction-unit')].filter(u => !u.hidden).map(u => u.dataset.unit)")
    assert shown == [page.locator(".induction-nav li[data-unit]").nth(2).get_attribute("data-unit")]
    assert page.evaluate("document.activeElement.tagName") == "H2"
    # Every question answered but one (the record a real answer leaves), then the summary.
    sids = page.evaluate("[...document.querySelectorAll('form.induction-question')].map(f => f.dataset.scenario)")
    open_sid = sids[len(sids) // 2]
    state = {"version": page.locator(".induction").get_attribute("data-version"), "current": None, "tries": {},
             "completed": None, "answers": {sid: {"choice": "x", "correct": True, "right": "x", "tries": 1, "first": None,
                                                   "title": "T", "verdict": "V", "lines": [], "notes": [],
                                                   "citations": [], "at": "2026-11-23T10:00:00Z"}
                                             for sid in sids if sid != open_sid}}
    page.evaluate("s => localStorage.setItem('handbook-induction:dms', JSON.stringify(s))", state)
    page.reload()
    page.wait_for_selector(".induction--js")
    page.locator(".induction-nav li[data-unit=summary] a").click()
    assert page.locator(".induction-summary").is_visible()
    links = page.locator(".induction-summary__open a")
    assert links.count() == 1, page.locator(".induction-summary").inner_text()
    links.first.click()
    form = page.locator(f'form.induction-question[data-scenario="{open_sid}"]')
    assert form.is_visible()
    assert page.evaluate("sid => !!document.activeElement.closest(`form[data-scenario='${sid}']`)", open_sid)
    assert f"{len(sids) - 1} of {len(sids)} questions answered" in page.locator(".induction-status__text").inner_text()
    assert page.locator(".induction-summary__units a").count() == page.locator(".induction-unit").count()


# -- item 5: every answer can be filed ------------------------------------------------------------

def _pdf_text(pdf: bytes) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _answer_words(question, value) -> str:
    if question["type"] == "yesno":
        return "Yes" if value in (True, "yes", "true") else "No"
    if question["type"] == "choice":
        return next(c["label"] for c in question["choices"] if c["value"] == value)
    return str(value)


@pytest.mark.parametrize("tool_id", TOOLS)
def test_an_answer_prints_as_a_record_of_at_most_two_a4_pages(context, base, tool_id):
    """Chromium's PDF of an answered tool page: one or two A4 pages holding the school, the date asked,
    every answer given, the outcome (title, verdict, labelled lines), each source with its full address
    (with its #clause) and the handbook's edition; no buttons, no form, no worked examples."""
    case = outcome_cases(tool_id, 1)[0]
    outcome = expected(case)
    page = context().new_page()
    page.goto(base + f"tools/{tool_id}/" + fragment(case))
    _ready(page, tool_id)
    _answer_shown(page, plain_text(outcome["title"]))
    pages, text = _pdf_text(page.pdf(format="A4"))
    flat, bare = _flat(text), _bare(text)
    assert 1 <= pages <= 2, f"{tool_id}: the record prints on {pages} A4 pages"
    assert DATA["documents"][case["school"]]["organisation"] in flat
    day = case["date"]
    assert re.search(rf"\b{int(day[8:])} \w+ {day[:4]}\b", flat), "the date asked is missing"
    tool = DATA["tools"][tool_id]
    for question in tool["questions"]:
        if question["id"] in case["answers"]:
            assert _bare(plain_text(question["text"])) in bare, question["id"]
            if question["type"] in ("choice", "yesno"):
                assert _bare(plain_text(_answer_words(question, case["answers"][question["id"]]))) in bare, question["id"]
    assert _bare(plain_text(outcome["title"])) in bare
    assert _bare(plain_text(outcome["verdict"])) in bare
    for line in outcome["lines"]:
        assert _bare(plain_text(line["label"])) in bare and _bare(plain_text(line["text"])) in bare, line["label"]
    for citation in outcome["citations"]:
        assert _bare(f"{base}documents/{citation['document']}/#{citation['clause']}") in bare, citation["clause"]
    edition = json.loads(page.locator(".tool-widget").get_attribute("data-edition"))
    assert f"version {edition['version']}" in flat and edition["data"] in flat
    assert re.search(rf"built on {int(edition['built'][8:])} \w+ {edition['built'][:4]}", flat)
    for absent in ("Change", "Start again", "Show the answer", "How the tool works", "For example, at"):
        assert absent not in flat, f"{tool_id}: the print shows {absent!r}"


def test_an_answer_copies_as_plain_text_with_full_addresses_and_no_button_words(context, base):
    """"Copy as text" puts the whole record on the clipboard; selecting the answer and copying it carries no
    "Change answer: …"; a citation's link keeps its #clause in the address after it is followed."""
    case = outcome_cases("penalty_notice", 1)[0]
    outcome = expected(case)
    ctx = context()
    ctx.grant_permissions(["clipboard-read", "clipboard-write"])
    page = ctx.new_page()
    page.goto(base + "tools/penalty_notice/" + fragment(case))
    _ready(page, "penalty_notice")
    _answer_shown(page, plain_text(outcome["title"]))
    page.locator(".tool-result button.tool-copy").click()
    page.wait_for_function("() => document.querySelector('.tool-copied').textContent.startsWith('Copied')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Decision record: ")
    assert f"School or provider: {DATA['documents'][case['school']]['organisation']}" in copied
    assert "Date asked: " in copied and f"Outcome: {plain_text(outcome['title'])}" in copied
    for line in outcome["lines"]:
        assert f"{plain_text(line['label'])}: {plain_text(line['text'])}" in copied
    for citation in outcome["citations"]:
        assert f"{base}documents/{citation['document']}/#{citation['clause']}" in copied, citation["clause"]
    assert "Change" not in copied and "From the attendance handbook, version " in copied

    page.evaluate("""() => { const range = document.createRange();
      range.selectNodeContents(document.querySelector('.tool-widget .tool-result'));
      getSelection().removeAllRanges(); getSelection().addRange(range); }""")
    page.keyboard.press("Control+c")
    selected = page.evaluate("navigator.clipboard.readText()")
    assert plain_text(outcome["verdict"]) in " ".join(selected.split())
    assert "Change answer" not in selected and "Start again" not in selected

    link = page.locator(".tool-result a.citation").nth(1)
    href = link.get_attribute("href")
    assert "#" in href and href.startswith(base)
    link.click()
    page.wait_for_url(href, timeout=15_000)
    page.wait_for_timeout(2000)  # Material's address tracking runs after the page is swapped in
    assert page.url == href, f"the address lost its #clause: {page.url}"
    clause = href.split("#", 1)[1]
    assert page.evaluate("id => { const r = document.getElementById(id).getBoundingClientRect(); "
                         "return r.top >= 0 && r.top < innerHeight; }", clause), "the clause is not in view"


# -- item 6: slow devices --------------------------------------------------------------------------

def _slow_network(ctx, page, kib_per_s=300, latency_ms=300):
    devtools = ctx.new_cdp_session(page)
    devtools.send("Network.enable")
    devtools.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency_ms,
                                                      "downloadThroughput": kib_per_s * 1024,
                                                      "uploadThroughput": kib_per_s * 1024})


def _first_choice_case():
    tool_id = TOOLS[0]
    first = DATA["tools"][tool_id]["questions"][0]
    return next(c for c in outcome_cases(tool_id, 6) if first["id"] in c["answers"] and len(c["answers"]) > 1), first


def test_on_a_slow_connection_answers_are_kept_and_answered_when_python_is_ready(context, base):
    """The reader answers the first question before the page's scripts have even loaded, and presses
    "Show the answer" while Python downloads: the page says the answers are kept, shows how much of
    Python has downloaded, and the answer appears the moment Python is ready, with no second click."""
    case, first = _first_choice_case()
    value = case["answers"][first["id"]]
    outcome = expected(case)
    ctx = context(viewport={"width": 390, "height": 844})
    held = []  # the handbook's own script (widget.js is in it) is held back until the reader has clicked
    ctx.route(re.compile(r"/assets/handbook\.[0-9a-f]+(\.min)?\.js$"), lambda route: held.append(route))
    page = ctx.new_page()
    _slow_network(ctx, page)
    rest = {k: v for k, v in case["answers"].items() if k != first["id"]}
    page.goto(base + f"tools/{case['tool']}/" + fragment({**case, "answers": rest}), wait_until="commit")
    radio = f'.tool-question[data-question="{first["id"]}"] input[type=radio][value="{value}"]'
    attached = page.evaluate("""async (sel) => {
      while (!document.querySelector(sel)) await new Promise(r => setTimeout(r, 10));
      document.querySelector(sel).click();
      return typeof window.HandbookTools !== 'undefined';
    }""", radio)
    assert not attached, "the widget was already attached: this test must click before it is"
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the page never asked for the handbook's script"
    held[0].continue_()
    page.wait_for_selector(".tool-widget[data-state=loading]", timeout=60_000)
    page.locator("button.tool-submit").click()
    waiting = page.locator(".tool-result .tool-waiting")
    waiting.wait_for(timeout=5_000)
    assert "Your answers are kept" in waiting.inner_text()
    page.wait_for_function("() => /MB of Python downloaded \\(\\d+%\\)/.test("
                           "document.querySelector('.tool-status__amount').textContent)", timeout=60_000)
    status = page.locator(".tool-status__text").inner_text()
    assert "step 1 of 3" in status and "Downloading Python" in status and "few seconds" not in status, status
    _answer_shown(page, plain_text(outcome["title"]), timeout=240_000)
    assert page.locator(radio).is_checked()


# -- item 7: without JavaScript no form pretends ----------------------------------------------------

@pytest.mark.parametrize("path", [f"tools/{t}/" for t in TOOLS] + ["parents/dms/"])
def test_without_javascript_the_form_is_hidden_and_the_page_says_where_the_answers_are(context, base, path):
    page = context(java_script_enabled=False, viewport={"width": 390, "height": 844}).new_page()
    page.goto(base + path)
    widget = page.locator(".tool-widget").first
    assert not widget.locator(".tool-form").is_visible(), "a form that cannot work is shown"
    assert not widget.locator(".tool-status").is_visible()
    note = widget.locator(".tool-nojs")
    assert note.is_visible() and "needs JavaScript" in note.inner_text()
    tool_id = widget.get_attribute("data-tool")
    hrefs = [a.get_attribute("href") for a in note.locator("a").all()]
    prefix = tool_id.replace("_", "-")
    assert any(h.endswith(f"#{prefix}-questions") for h in hrefs) and any(h.endswith(f"#{prefix}-answers") for h in hrefs)
    assert DATA["tools"][tool_id].get("fallback"), f"{tool_id} has no way to the answer without the tool"
    assert any(h.split("#")[0].endswith(DATA["tools"][tool_id]["fallback"].split("#")[0]) for h in hrefs), hrefs
    if path.startswith("tools/"):
        assert page.locator(f"#{prefix}-without").count() == 1
