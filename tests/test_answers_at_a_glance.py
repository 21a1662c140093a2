"""Answers people read at a glance, in a real browser: the verdict first, then short labelled lines.

A tool's answer opens with one line (what to record or do, whether, by when, the fine) and then one
labelled line per point, each source with a label of its own. Without JavaScript, a tool's page lists
every answer it can give as a worked example in finished words: no blank, no data key.
"""

from __future__ import annotations

import os
import re
import urllib.parse

import pytest

from tools_py import api
from tools_py.site.inline import plain_text

pytestmark = pytest.mark.browser

DATA = api.load_data()
READY_MS = 90_000
SHOTS = os.environ.get("HANDBOOK_SCREENSHOTS")  # a folder to save screenshots in, when set

# (page, widget key, school, audience, answers): a parent's holiday request, a member of staff's
# notification question.
ASKED = [
    ("parents/dms/", "leave_request-dms", "dms", "parents",
     {"reason": "holiday", "days": "5", "notice_days": "20", "statutory_assessment": "no",
      "unauthorised_on_record": "no", "attendance_percent": "97"}),
    ("tools/notify_la/", "notify_la", "dss", "staff", {"situation": "unauthorised_absence", "unauthorised_days": "12"}),
    ("tools/leave_request/", "leave_request", "sev", "staff",
     {"reason": "early_break", "journey_only": "yes", "days": "2", "notice_days": "10", "break_kind": "term_end"}),
    # The penalty answer: once a 130-word paragraph with every point run together.
    ("tools/penalty_notice/", "penalty_notice", "dms", "staff",
     {"compulsory_school_age": "yes", "unauthorised_sessions": "12", "previous_notices": "none",
      "payment": "paid", "paid_after_days": "25"}),
]
DAY = "2026-11-23"


def _address(base, path, key, school, answers) -> str:
    pairs = ([] if key.endswith(f"-{school}") else [("school", school)]) + [("date", DAY)] + list(answers.items())
    return base + path + f"#{key}?" + urllib.parse.urlencode(pairs, safe=":,")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=False)


@pytest.mark.parametrize("path,key,school,audience,answers", ASKED, ids=[a[1] for a in ASKED])
@pytest.mark.parametrize("width", [390, 1280])
def test_an_answer_opens_with_its_verdict_then_labelled_lines(browser, base, path, key, school, audience, answers,
                                                              width):
    """The line under the answer's title is its verdict, short, with the code and the fine; then labelled lines."""
    outcome = api.ask(key.split("-")[0], school, DAY, answers, data=DATA, audience=audience)
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(_address(base, path, key, school, answers))
        page.wait_for_selector(".tool-widget[data-state=ready]", timeout=READY_MS)
        result = page.locator(".tool-widget .tool-result").first
        title = result.locator(".tool-outcome__title")
        title.wait_for(timeout=15_000)
        assert title.text_content().strip() == plain_text(outcome["title"])
        first = title.evaluate("h => [h.nextElementSibling.className, h.nextElementSibling.textContent.trim()]")
        assert first[0] == "tool-outcome__verdict", f"the title is followed by {first[0]!r}, not the verdict"
        verdict = first[1]
        assert len(verdict.split()) <= 45, f"the verdict is {len(verdict.split())} words: {verdict}"
        fields = outcome["fields"]
        if fields.get("code_if_refused"):
            assert fields["code_if_refused"] in verdict, verdict
        if fields.get("penalty_first_reduced") is not None:
            assert f"£{fields['penalty_first_reduced']}" in verdict, verdict
        elif "penalty_first_reduced" in fields:  # a school penalty notices do not reach: no fine in the verdict
            assert "£" not in verdict, verdict
        if outcome["outcome"] == "notify_now":
            assert verdict.startswith("Tell the local authority now") and "Deadline" in verdict, verdict
        labels = [dt.text_content().strip() for dt in result.locator(".tool-outcome__lines dt").all()]
        assert labels == [line["label"] for line in outcome["lines"]] and len(labels) >= 2, labels
        for dt, dd in zip(result.locator(".tool-outcome__lines dt").all(), result.locator(".tool-outcome__lines dd").all()):
            # A local authority's process is its own document's procedure in one row of the rules (Dorset
            # Council's penalty-notice protocol is 82 words); every other line is at most 80.
            most = 90 if dt.text_content().strip() == "The local authority's process" else 80
            assert len(dd.text_content().split()) <= most, dd.text_content()
        assert result.locator(".tool-outcome__text").count() == 0, "the answer is still one paragraph"
        sources = [a.text_content().strip() for a in result.locator(".tool-citations a").all()]
        assert sources and len(set(sources)) == len(sources), f"sources that read alike: {sources}"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "scrolls sideways"
        title.scroll_into_view_if_needed()
        _shot(page, f"answer-{key}-{width}.png")
    finally:
        context.close()


FACT_KEYS = sorted({key for document in DATA["documents"].values() for key in (document.get("facts") or {})})


@pytest.mark.parametrize("tool_id", api.tool_ids(DATA))
def test_without_javascript_every_answer_reads_as_finished_text(browser, base, tool_id):
    """JavaScript off: the tool page's questions and answers show no blank, no data key, and a worked example each."""
    context = browser.new_context(locale="en-GB", java_script_enabled=False, viewport={"width": 390, "height": 900})
    try:
        page = context.new_page()
        page.goto(base + f"tools/{tool_id}/")
        article = page.locator("article")
        text = article.inner_text()
        assert article.locator("var").count() == 0, "answers shown as templates with blanks"
        assert not re.findall(r"\{[a-z_]+\}", text), re.findall(r"\{[a-z_]+\}", text)
        keys = [key for key in FACT_KEYS if key in text]
        assert not keys, f"data keys shown to readers: {keys}"
        answers = page.locator(".tool-ref__outcomes > li")
        assert answers.count() == len(DATA["tools"][tool_id]["outcomes"])
        for item in answers.all():
            verdict = item.locator(".tool-outcome__verdict").first
            assert verdict.count() and verdict.inner_text().strip(), item.inner_text()[:200]
            assert item.inner_text().startswith("For example, at "), item.inner_text()[:200]
        page.locator(f"#{tool_id.replace('_', '-')}-answers").scroll_into_view_if_needed()
        _shot(page, f"nojs-{tool_id}-390.png")
    finally:
        context.close()
