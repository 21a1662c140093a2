"""The reader's school, chosen once: remembered in the browser, and the tools, the parents' pages and
search start from it; every answer names its school.

The school's id is kept in the browser's localStorage (overrides/assets/school.js), never in a cookie
and never sent to the server. Each test uses a fresh browser context, so nothing carries over between
tests. Storage that throws (private browsing, a locked-down device) must leave the tools working.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tools_py import api
from tools_py.questions import school_ids
from tools_py.site.inline import plain_text

from .test_browser_widgets import (AXE, CASES, DATA, TOOLS, _answers_in_cpython, accessibility_problems, expected,
                                   fragment, outcome_cases, visit, wait_ready, widget)  # noqa: F401 (visit: fixture)
from .test_search_ranking import result_pages

pytestmark = pytest.mark.browser

KEY = "handbook.school"
SCHOOLS = school_ids(DATA)
NAMES = {school: DATA["documents"][school]["organisation"] for school in SCHOOLS}
# Storage switched off as some browsers do in private mode: touching localStorage throws.
STORAGE_THROWS = """Object.defineProperty(window, "localStorage", {
  configurable: true, get() {
    /* the error names the function that asked, so that a test can tell Material's from the handbook's */
    const caller = (new Error().stack.split("\\n")[2] || "").trim();
    throw new DOMException("storage is off, asked " + caller, "SecurityError"); } });"""
# Material's own storage helper, which throws when storage is off (its colour scheme memory reads it
# through a default argument, outside its try); how many times depends on when its scripts run.
MATERIALS = "at __md_get "


def handbooks(errors: list[str]) -> list[str]:
    """The script errors that are not Material's own storage helper's."""
    return [error for error in errors if MATERIALS not in error]



def school_select(page, tool_id):
    return widget(page, tool_id).locator("select[name=school]")


def stored(page):
    return page.evaluate(f"() => window.localStorage.getItem({KEY!r})")


def a_school_not_first() -> str:
    """A school a tool does not start with by itself (the form's first school is its default)."""
    return SCHOOLS[-1]


def test_a_school_chosen_in_one_tool_starts_every_other_tool(visit, base):
    """Choose a school in one tool; another tool, and the same tool after a reload, start with it. It is
    kept in localStorage only: no cookie, and no request carries it."""
    mine = a_school_not_first()
    first, second = TOOLS[0], TOOLS[1]
    v = visit(width=390, height=844)
    page = v.page
    page.goto(base + f"tools/{first}/")
    assert school_select(page, first).input_value() == SCHOOLS[0]  # nothing remembered yet
    assert widget(page, first).locator(".tool-school-memory").is_hidden()
    school_select(page, first).select_option(mine)
    assert stored(page) == mine
    assert widget(page, first).locator(".tool-school-memory").is_visible()
    assert not accessibility_problems(page, first)

    page.goto(base + f"tools/{second}/")
    assert school_select(page, second).input_value() == mine
    page.reload()
    assert school_select(page, second).input_value() == mine
    # The reader can still choose another, and that choice is remembered instead.
    school_select(page, second).select_option(SCHOOLS[0])
    assert stored(page) == SCHOOLS[0]
    page.goto(base + f"tools/{first}/")
    assert school_select(page, first).input_value() == SCHOOLS[0]

    assert v.context.cookies() == []
    assert not [url for url in v.requests if mine in urlsplit(url).query], "the school was sent in a request"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "scrolls sideways at 390 px"
    assert not v.errors, v.errors


def test_a_link_with_a_school_wins_over_the_remembered_one(visit, base):
    """A shared answer's address names its school: it is shown as sent, and the memory is left as it is."""
    case = outcome_cases(TOOLS[0], 1)[0]
    other = next(s for s in SCHOOLS if s != case["school"])
    v = visit()
    v.context.add_init_script(f"window.localStorage.setItem({KEY!r}, {other!r});")
    v.page.goto(base + f"tools/{TOOLS[0]}/" + fragment(case))
    assert school_select(v.page, TOOLS[0]).input_value() == case["school"]
    assert stored(v.page) == other
    assert not v.errors, v.errors


def test_forget_my_school_by_keyboard(visit, base):
    """"Forget my school" is reached and pressed with the keyboard; a status line says it is done; the
    next tool starts from its own first school."""
    mine = a_school_not_first()
    tool_id = TOOLS[0]
    v = visit()
    v.context.add_init_script(f"if (!sessionStorage.getItem('set')) {{ sessionStorage.setItem('set', '1');"
                              f" window.localStorage.setItem({KEY!r}, {mine!r}); }}")
    page = v.page
    page.goto(base + f"tools/{tool_id}/")
    assert school_select(page, tool_id).input_value() == mine
    school_select(page, tool_id).focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Forget my school"
    page.keyboard.press("Enter")
    said = widget(page, tool_id).locator(".tool-school-said")
    assert said.get_attribute("role") == "status"
    assert "forgotten" in said.text_content()
    assert stored(page) is None
    assert widget(page, tool_id).locator(".tool-school-memory").is_hidden()
    assert page.evaluate("document.activeElement.name") == "school"  # focus is not lost with the button
    page.goto(base + f"tools/{TOOLS[1]}/")
    assert school_select(page, TOOLS[1]).input_value() == SCHOOLS[0]
    assert not v.errors, v.errors


def test_a_school_no_longer_in_the_handbook_is_ignored(visit, base):
    """A remembered id the data no longer has: the tool starts as if none were remembered, silently."""
    v = visit()
    v.context.add_init_script(f"window.localStorage.setItem({KEY!r}, 'a-school-since-removed');")
    v.page.goto(base + f"tools/{TOOLS[0]}/")
    assert school_select(v.page, TOOLS[0]).input_value() == SCHOOLS[0]
    assert widget(v.page, TOOLS[0]).locator(".tool-school-memory").is_hidden()
    v.page.goto(base + "parents/")
    assert v.page.locator(".school-memory").is_hidden()
    assert v.page.locator(".parents-school").count() == len(SCHOOLS)
    assert not v.errors, v.errors


def test_a_tool_answers_when_storage_throws(visit, base):
    """With storage off, choosing a school and answering work as before, with no script error; the answer
    names its school."""
    case = outcome_cases(TOOLS[0], 1)[0]
    outcome = expected(case)
    v = visit()
    v.context.add_init_script(STORAGE_THROWS)
    page = v.page
    page.goto(base + f"tools/{TOOLS[0]}/" + fragment(case))
    wait_ready(page, TOOLS[0])
    title = widget(page, TOOLS[0]).locator(".tool-outcome__title")
    title.wait_for(timeout=30_000)
    assert title.text_content().strip() == plain_text(outcome["title"])
    assert NAMES[case["school"]] in widget(page, TOOLS[0]).locator(".tool-outcome__school").text_content()
    school_select(page, TOOLS[0]).select_option(next(s for s in SCHOOLS if s != case["school"]))
    page.wait_for_timeout(300)
    assert widget(page, TOOLS[0]).locator(".tool-school-memory").is_hidden()
    assert not handbooks(v.errors), v.errors
    for path in ("parents/", f"parents/{SCHOOLS[0]}/"):
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.locator(".parents-school, .school-memory button").count() >= 1
        assert not handbooks(v.errors), (path, v.errors)
    page.locator(".school-memory button").click()  # "Make this my school": cannot be kept, and says so
    assert "does not let" in page.locator(".school-memory [role=status]").text_content()
    assert not handbooks(v.errors), v.errors
    assert v.errors, "storage was never asked for: the test no longer tests what it says"


def test_the_parents_index_leads_with_the_remembered_school(visit, base):
    """"Make this my school" on a school's page; the parents' index then opens with a link to that page,
    above the whole list; "Forget my school" there clears it and says so."""
    mine = a_school_not_first()
    v = visit(width=390, height=844)
    page = v.page
    page.goto(base + "parents/")
    assert page.locator(".school-memory").is_hidden()

    page.goto(base + f"parents/{mine}/")
    panel = page.locator(".school-memory")
    remember = panel.locator("button", has_text="Make this my school")
    remember.focus()
    page.keyboard.press("Enter")
    assert stored(page) == mine
    assert NAMES[mine] in panel.locator("[role=status]").text_content()
    assert panel.locator("button", has_text="Forget my school").is_visible()
    assert not axe_problems(page, ".school-memory")

    index_leads_with(page, base, "parents", mine)

    page.locator(".school-memory button", has_text="Forget my school").focus()
    page.keyboard.press("Enter")
    assert stored(page) is None
    assert "forgotten" in page.locator(".school-memory [role=status]").text_content()
    assert page.locator(".school-memory a").count() == 0
    assert not v.errors, v.errors


def test_the_induction_index_leads_with_the_remembered_school(visit, base):
    """A school chosen on its parents' page leads the induction index too, linking to that school's
    induction path (not its parents' page), above the whole list."""
    mine = a_school_not_first()
    v = visit(width=390, height=844)
    page = v.page
    page.goto(base + "induction/")
    assert page.locator(".school-memory").is_hidden()

    page.goto(base + f"parents/{mine}/")
    page.locator(".school-memory button", has_text="Make this my school").click()
    assert stored(page) == mine

    index_leads_with(page, base, "induction", mine)
    assert not v.errors, v.errors


def index_leads_with(page, base, index: str, mine: str):
    """An index of schools (``parents`` or ``induction``) opens with a link to the remembered school's
    page of that index, above the whole list, and stays whole, accessible and phone-wide."""
    page.goto(base + f"{index}/")
    link = page.locator(".school-memory a")
    assert link.text_content().strip() == NAMES[mine]
    assert urlsplit(link.evaluate("a => a.href")).path.endswith(f"/{index}/{mine}/")
    first_link = page.evaluate("() => document.querySelector('article a.school-memory__link, article .parents-schools a')"
                               ".className")
    assert first_link == "school-memory__link", "the remembered school is not the first school on the page"
    assert page.locator(".parents-school").count() == len(SCHOOLS)  # none hidden
    assert not axe_problems(page, "article")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "scrolls sideways at 390 px"


def axe_problems(page, selector: str) -> list:
    """axe-core's findings inside ``selector`` (the site's own copy of axe), as (rule, impact, element)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate("async (sel) => (await axe.run(document.querySelector(sel))).violations"
                         ".map(v => [v.id, v.impact, v.nodes[0].html.slice(0, 200)])", selector)


# -- search -------------------------------------------------------------------------------------

QUERY = "persistent absence"  # found in every school's document, parents' and induction pages


def school_of(path: str) -> str | None:
    match = re.match(r"(?:documents|parents|induction)/([^/]+)/", path)
    return match.group(1) if match and match.group(1) in SCHOOLS else None


def test_search_ranks_the_remembered_schools_pages_before_other_schools(browser, base):
    """With a school remembered, its pages take the first of the places schools' pages hold in the
    results; national and reference pages stay where they were. A school chosen in a tool on the same
    page is followed at once (the search worker is told on a BroadcastChannel)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base)
    before = result_pages(page, QUERY)
    schools_shown = [school_of(path) for path in before if school_of(path)]
    assert len(set(schools_shown)) >= 2, before
    mine = schools_shown[-1]  # the school whose pages come last without a choice
    assert schools_shown[0] != mine

    page.evaluate(f"() => window.localStorage.setItem({KEY!r}, {mine!r})")
    page.reload()
    after = result_pages(page, QUERY)
    check_mine_first(before, after, mine)

    # Chosen in a tool, on the page whose search worker started with another school.
    other = schools_shown[0]
    page.goto(base + f"tools/{TOOLS[0]}/")
    school_select(page, TOOLS[0]).select_option(other)
    page.wait_for_timeout(300)
    check_mine_first(before, result_pages(page, QUERY), other)
    context.close()


def check_mine_first(before: list[str], after: list[str], mine: str):
    places = [i for i, path in enumerate(before) if school_of(path)]
    assert [i for i, path in enumerate(after) if school_of(path)] == places, (before, after)
    assert [path for path in after if not school_of(path)] == [path for path in before if not school_of(path)]
    ranked = [school_of(after[i]) == mine for i in places]
    assert any(ranked) and ranked == sorted(ranked, reverse=True), (mine, after)


# -- every answer names its school ----------------------------------------------------------------

def answer_header(page, tool_id, title: str) -> str:
    page.wait_for_function("([sel, want]) => { const h = document.querySelector(sel); "
                           "return h && h.textContent.trim() === want; }",
                           arg=[f'.tool-widget[data-tool="{tool_id}"] .tool-outcome__title', title], timeout=60_000)
    return page.evaluate("(sel) => { const box = document.querySelector(sel);"
                         " const first = box.querySelector('.tool-outcome__school');"
                         " return first && box.querySelector('.tool-outcome__title').compareDocumentPosition(first)"
                         " & Node.DOCUMENT_POSITION_PRECEDING ? first.textContent : null; }",
                         f'.tool-widget[data-tool="{tool_id}"] .tool-outcome')


def test_every_tools_answer_names_its_school_first(visit, base, built_site):
    """For every tool (staff) and a tool on a parents' page, the answer's first line names the school by
    its organisation name, above the verdict, and the title is described by it."""
    v = visit()
    page = v.page
    for tool_id in TOOLS:
        case = outcome_cases(tool_id, 1)[0]
        page.goto(base + f"tools/{tool_id}/" + fragment(case))
        wait_ready(page, tool_id)
        header = answer_header(page, tool_id, plain_text(expected(case)["title"]))
        assert header is not None and NAMES[case["school"]] in header, (tool_id, header)
        described = widget(page, tool_id).locator(".tool-outcome__title").get_attribute("aria-describedby")
        assert widget(page, tool_id).locator(f"#{described}").text_content() == header
    for path in sorted(built_site.glob("parents/*/index.html")):
        found = re.search(r'data-tool="([^"]+)"[^>]*data-school="([^"]+)"', path.read_text(encoding="utf-8"))
        if not found:
            continue
        tool_id, school = found.groups()
        case = next((c for c in CASES if c["tool"] == tool_id and c["school"] == school and "error" not in c["expect"]
                     and _answers_in_cpython(c)), None)
        if case is None:
            continue
        worded = api.ask(tool_id, school, case["date"], case["answers"], data=DATA, audience="parents")
        page.goto(base + f"parents/{school}/" + fragment(case, fixed_school=True))
        wait_ready(page, tool_id)
        header = answer_header(page, tool_id, plain_text(worded["title"]))
        assert header is not None and NAMES[school] in header, (school, header)
        break
    else:
        pytest.fail("no parents' page has a tool with a golden case to check")
    assert not v.errors, v.errors
