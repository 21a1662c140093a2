"""Habits of a well-kept site, in Chromium: focus you can see, dark mode that follows the device.

- Tabbing through a tool page and an induction page, every stop is something on screen (or, for
  Material's hidden palette switch, its visible label), and a radio button reached by Tab shows a
  ring at least 2 px wide.
- A device set to dark gets the dark scheme; the switch in the header changes it; axe-core finds no
  colour-contrast problem in the page content either way.
"""

from __future__ import annotations

import pytest

from .conftest import REPO
from .test_induction import serious_violations

pytestmark = pytest.mark.browser

NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const seen = (node) => {
    if (!node) return false;
    const r = node.getBoundingClientRect(), s = getComputedStyle(node);
    return r.width >= 1 && r.height >= 1 && s.visibility === 'visible' && Number(s.opacity) > 0.1;
  };
  // Material's palette inputs are hidden on purpose; the label after one shows its focus ring.
  const label = e.nextElementSibling && e.nextElementSibling.tagName === 'LABEL' ? e.nextElementSibling : null;
  const describe = `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${String(e.className).split(' ')[0]}` +
                   ` "${(e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 40)}"`;
  return { key: e, describe, visible: seen(e) || (e.classList.contains('md-option') && seen(label)),
           radio: e.type === 'radio' && !e.classList.contains('md-option'),
           ring: e.type === 'radio' ? parseFloat(getComputedStyle(e).outlineWidth) *
                 (getComputedStyle(e).outlineStyle === 'none' ? 0 : 1) : null };
}"""


def tab_walk(page, limit: int = 160) -> list[dict]:
    """Every stop of the Tab order from the top of the page, once round (or up to ``limit`` stops)."""
    page.add_style_tag(content=NO_MOTION)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    stops, first = [], None
    for _ in range(limit):
        page.keyboard.press("Tab")
        handle = page.evaluate_handle(FOCUSED)
        info = handle.json_value() if handle else None
        if info is None:
            continue
        element = page.evaluate_handle("() => document.activeElement")
        if first is None:
            first = element
        elif page.evaluate("([a, b]) => a === b", [first, element]):
            break
        info.pop("key", None)
        stops.append(info)
    return stops


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", ["tools/which_code/", "induction/dms/"])
def test_every_tab_stop_is_visible_and_radios_show_a_ring(browser, base, path, width):
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(base + path)
        page.wait_for_load_state("load")
        if path.startswith("tools/"):
            page.wait_for_selector(".tool-widget[data-state=ready]", timeout=90_000)
        stops = tab_walk(page)
        assert len(stops) > 10
        hidden = [stop["describe"] for stop in stops if not stop["visible"]]
        assert not hidden, f"invisible tab stops at {width} px: {hidden}"
        radios = [stop for stop in stops if stop["radio"]]
        assert radios, "the walk reached no radio button"
        faint = [stop["describe"] for stop in radios if not stop["ring"] or stop["ring"] < 2]
        assert not faint, f"radio buttons with no focus ring: {faint}"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_colour_scheme_follows_the_device_and_the_switch(browser, base, scheme):
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(base + "documents/dms/")
        page.wait_for_load_state("load")
        wanted, other = ("slate", "default") if scheme == "dark" else ("default", "slate")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == wanted
        contrast = [v for v in serious_violations(page) if v[0] == "color-contrast"]
        assert not contrast, contrast
        switch = page.locator("form[data-md-component=palette] label:visible").first
        assert switch.get_attribute("title") or switch.get_attribute("aria-label")
        switch.click()
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == other
        page.goto(base + "tools/notify_la/")  # the reader's choice is kept from page to page
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == other
        contrast = [v for v in serious_violations(page) if v[0] == "color-contrast"]
        assert not contrast, contrast
    finally:
        context.close()


def test_every_document_says_how_current_it_is(browser, base, policy):
    """Past its review date: a warning; a review date to come: the date; no review date: how old the
    document is, or that it carries no date at all. On the document's page and, for a school, its
    parents' page."""
    from tools_py.site.render import human_date
    from tools_py.site.state import today

    page = browser.new_page()
    try:
        for document in policy["documents"].values():
            paths = [f"documents/{document['id']}/"] + (
                [f"parents/{document['id']}/"] if (document["kind"] != "national"
                                                   and (REPO / "docs" / "parents" / f"{document['id']}.md").exists()) else [])
            dates = [document[f] for f in ("last_review", "issued", "effective") if document.get(f)]
            for path in paths:
                page.goto(base + path)
                notice = page.locator(".review-overdue, .review-status, .review-undated, .review-unknown").first
                assert notice.is_visible(), path
                text = " ".join(notice.text_content().split())
                due = document.get("review_due")
                if due and due < today().isoformat()[: len(due)]:
                    assert "Past its review date" in text and human_date(due) in text, (path, text)
                elif due:
                    assert f"Next review due: {human_date(due)}" in text, (path, text)
                elif dates:
                    latest = max(dates, key=lambda value: str(value).ljust(10, "0"))
                    assert "gives no review date" in text and human_date(latest) in text, (path, text)
                    assert "before this handbook was built" in text, (path, text)
                else:
                    assert "carries no date" in text, (path, text)
    finally:
        page.close()
