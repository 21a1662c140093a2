"""A member of staff going from tool to tool in Chromium, in their own words.

From *Which code?* to *Must I tell the local authority?* by the site's navigation: the page is
swapped in by Material's instant navigation, so the Python worker that answered on the first page
answers on the second without booting again (the built site has no site_url, as a copy put on any
host has none that fits). There, a pupil the school cannot reach is found as "No contact with the
family", with the policies' own term ("whereabouts unknown") beside it, and answered as CPython does.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tools_py import api

pytestmark = pytest.mark.browser

READY_MS = 90_000
SCHOOL = "dms"
DATE = "2026-11-23"


def ready(page, tool_id):
    page.wait_for_selector(f'.tool-widget[data-tool="{tool_id}"][data-state=ready]', timeout=READY_MS)
    return page.locator(f'.tool-widget[data-tool="{tool_id}"]').first


def cited_anchors(tool) -> set[str]:
    """The clause anchors the shown answer cites (its links into documents/)."""
    tool.locator(".tool-result a[href*='documents/']").first.wait_for(timeout=15_000)
    hrefs = tool.locator(".tool-result a[href*='documents/']").evaluate_all("links => links.map(a => a.href)")
    return {urlsplit(href).path.rstrip("/").split("/")[-1] + "#" + urlsplit(href).fragment for href in hrefs}


def expected_anchors(tool_id, answers) -> set[str]:
    outcome = api.ask(tool_id, SCHOOL, DATE, answers)
    return {f"{c['document']}#{c['clause']}" for c in outcome["citations"]}


def test_from_tool_to_tool_the_worker_stays_warm_and_no_contact_is_found_in_plain_words(browser, base, built_site):
    assert "<loc>" not in (built_site / "sitemap.xml").read_text(encoding="utf-8"), "this test is about no site_url"
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(base + "tools/which_code/")
        tool = ready(page, "which_code")
        page.evaluate("() => { window.__sameDocument = true; window.__handbookTools.worker.__first = true; }")

        # The site's own navigation (the drawer on a phone), as a reader would use it.
        page.locator("label.md-header__button[for=__drawer]").click()
        page.get_by_role("link", name="Must I tell the local authority?").first.click()
        page.wait_for_url(re.compile(r"/tools/notify_la/$"))
        assert page.evaluate("() => window.__sameDocument === true"), "the page was loaded afresh, not swapped in"
        tool = ready(page, "notify_la")
        assert page.evaluate("() => window.__handbookTools.worker.__first === true"), "Python was started again"

        tool.locator("select[name=school]").select_option(SCHOOL)
        tool.locator("input[name=date]").fill(DATE)
        choice = tool.get_by_label(re.compile(r"^\s*No contact with the family", re.I))
        assert choice.count() == 1, "no choice reads 'No contact with the family'"
        label = " ".join(choice.evaluate("radio => radio.closest('label').textContent").split())
        assert "whereabouts unknown" in label.lower(), label
        choice.check()
        for asked, value in (("new_pupil", "no"), ("whereabouts_known", "no"), ("safeguarding_concern", "yes")):
            question = tool.locator(f'.tool-question[data-question="{asked}"]')
            question.wait_for(state="visible", timeout=15_000)
            question.locator(f'label:has(input[value="{value}"])').click()
        days = tool.locator('.tool-question[data-question="days_missing"]')
        days.wait_for(state="visible", timeout=15_000)
        days.locator("input").fill("6")
        tool.locator("button.tool-submit").click()
        answers = {"situation": choice.get_attribute("value"), "new_pupil": False, "whereabouts_known": False,
                   "safeguarding_concern": True, "days_missing": 6}
        assert cited_anchors(tool) == expected_anchors("notify_la", answers)

        page.go_back()  # back to Which code?, still the same document and the same worker
        page.wait_for_url(re.compile(r"/tools/which_code/$"))
        ready(page, "which_code")
        assert page.evaluate("() => window.__sameDocument === true && window.__handbookTools.worker.__first === true")
        assert not errors, errors
    finally:
        context.close()
