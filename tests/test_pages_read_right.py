"""Pages read right: headings as written, nothing wider than a phone, tables reachable by keyboard, and a
parents' page that leads with the contact for reporting an absence and shows no placeholder as an address."""

from __future__ import annotations

import re

import pytest

from .conftest import REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def _pages(built_site):
    return sorted(built_site.rglob("index.html"))


def test_no_heading_or_table_of_contents_shows_an_escaped_character(built_site):
    """An apostrophe in a heading reads as an apostrophe in the page and its table of contents, not &#x27;."""
    shown = {}
    for path in _pages(built_site):
        found = re.findall(r"&amp;(?:#x?[0-9a-fA-F]+|[a-z]+);", path.read_text(encoding="utf-8"))
        if found:
            shown[path.parent.relative_to(built_site).as_posix()] = sorted(set(found))
    assert not shown, shown
    dms = (built_site / "documents" / "dms" / "index.html").read_text(encoding="utf-8")
    toc = dms.split('class="md-nav md-nav--secondary"')[1]
    assert "community – children's absence" in toc, "the heading is missing from the contents"


def test_the_sevenoaks_parents_page_leads_with_the_school_and_shows_no_placeholder(built_site):
    page = (built_site / "parents" / "sev" / "index.html").read_text(encoding="utf-8")
    summary = page.split('class="parents-summary"')[1].split("</div>")[0]
    assert "999" not in summary and "Police" not in summary, "the page's summary leads with the police"
    assert "admin@sevenoaksschool.org" in summary
    assert not re.search(r'parents-contact__how">E-mail</span> Tutor', page), "a placeholder shown as an address"
    assert "not printed in the policy, which says “Tutor's email address”" in page.replace("&#x27;", "'")
    dms = (built_site / "parents" / "dms" / "index.html").read_text(encoding="utf-8")
    assert "01305 265651" in dms.split('class="parents-summary"')[1].split("</div>")[0]


@pytest.mark.browser
@pytest.mark.parametrize("path", ["documents/sev/", "documents/dc/"])
def test_document_pages_fit_a_phone_and_their_tables_are_reachable_by_keyboard(browser, base, path):
    """At 390 px the page does not scroll sideways; a table that does is a focusable region (axe finds nothing)."""
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "scrolls sideways at 390 px"
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("async () => (await axe.run(document, {runOnly: ['scrollable-region-focusable', "
                              "'region', 'aria-allowed-role', 'nested-interactive']})).violations"
                              ".map(v => [v.id, v.nodes.map(n => n.html.slice(0, 120))])")
        assert not found, found
        scrolling = page.locator(".table-wrap").evaluate_all(
            "els => els.filter(e => e.scrollWidth > e.clientWidth).map(e => [e.tabIndex, e.getAttribute('aria-label')])")
        assert scrolling, "no table scrolls sideways here: the test no longer tests anything"
        for tab_index, label in scrolling:
            assert tab_index == 0 and label, (tab_index, label)
        # Reached with Tab and scrolled with the arrow keys.
        first = page.locator(".table-wrap").evaluate_all("els => els.findIndex(e => e.scrollWidth > e.clientWidth)")
        page.locator(".table-wrap").nth(first).focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        assert page.locator(".table-wrap").nth(first).evaluate("e => e.scrollLeft") > 0
    finally:
        context.close()
