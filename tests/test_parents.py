"""The parents' pages: each school's rules in plain words, every fact from policy_data/, usable on a phone.

The fast tests read the built site; the browser tests open each page at 375 px in Chromium and run
axe-core on it. One test builds the site again from a changed copy of policy_data/ and sees the
change on the page: nothing a parent reads is typed into the Markdown.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools_py import api, facts
from tools_py.questions import school_ids
from tools_py.codes import meaning as code_meaning
from tools_py.site.parents import abbreviations
from tools_py.site.state import today

from .conftest import REPO
from .support.text import article_text

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
DOCS = REPO / "docs" / "parents"
# Capitalised names that are not abbreviations: the browser feature the tool needs, and the name of
# Dorset Studio School's information system as its policy spells it.
NAMES = {"JavaScript", "ARBOR"}


def page_html(site: Path, school: str | None = None) -> str:
    path = site / "parents" / (f"{school}/index.html" if school else "index.html")
    return path.read_text(encoding="utf-8")


def page_text(site: Path, school: str | None = None) -> str:
    return " ".join(article_text(page_html(site, school)).split())


def national(policy, key):
    return facts.lookup(policy, None, key, today())


# -- what a parent reads --------------------------------------------------------------------------

def test_landing_page_links_every_school(built_site, policy):
    """The landing page lets a parent pick any school or provider in the handbook."""
    html = page_html(built_site)
    for school in school_ids(policy):
        assert f'href="{school}/"' in html, school
        assert policy["documents"][school]["organisation"] in page_text(built_site)
        assert (built_site / "parents" / school / "index.html").is_file()


@pytest.mark.parametrize("school", ["dss", "dms", "sev", "ote"])
def test_each_page_has_every_section_and_the_parents_leave_tool(built_site, school):
    """Contact, illness, time off, the leave tool in parents' wording, absence without permission, support."""
    html = page_html(built_site, school)
    for anchor in ("contact", "illness", "time-off", "check", "without-permission", "support"):
        assert f'id="{anchor}"' in html, anchor
    widget = re.search(r'<section [^>]*class="tool-widget"[^>]*>', html).group(0)
    assert 'data-tool="leave_request"' in widget and f'data-school="{school}"' in widget
    assert 'data-audience="parents"' in widget


def test_contacts_and_reporting_come_from_the_data(built_site, policy):
    """Phone numbers are tap-to-call links and e-mail addresses mail links, exactly as contacts.yaml gives them."""
    for school in school_ids(policy):
        html = page_html(built_site, school)
        text = page_text(built_site, school)
        for row in (r for r in policy["contacts"]["contacts"] if r["document"] == school):
            if row.get("phone"):
                assert f'href="tel:{"".join(c for c in row["phone"] if c.isdigit())}"' in html, row
            if row.get("email") and "@" in row["email"]:
                assert f'href="mailto:{row["email"]}"' in html, row
        reporting = facts.own(policy, school, "absence_reporting.how", today())
        if reporting is not None:
            assert reporting.value in text
            assert f'#{reporting.clause}"' in html
        else:
            name = policy["documents"][school]["organisation"]
            assert f"{name}'s policy does not say how or by when to tell the school" in text


def test_fines_are_the_national_amounts_in_force_on_the_build_date(built_site, policy):
    """Every state-funded school's page gives the national penalty-notice amounts in force when it was
    built, cited to the national rules; an independent school's page says fines do not apply there."""
    amounts = [national(policy, f"penalty_notice.{key}") for key in
               ("first_reduced_amount", "first_full_amount", "second_amount")]
    covered = national(policy, "penalty_notice.school_types").value
    for school in school_ids(policy):
        text = page_text(built_site, school)
        html = page_html(built_site, school)
        kind = facts.own(policy, school, "school.type", today()).value
        if kind not in covered:
            name = policy["documents"][school]["organisation"]
            assert f"{name} is recorded as an independent school, so they do not apply here" in text, school
            assert "£" not in text.split("Fines (penalty notices)")[1].split("\n\n")[0], school
            assert 'documents/wt2024/#wt2024-penalty-scope"' in html
            continue
        for amount in amounts:
            assert f"£{amount.value}" in text, (school, amount)
            assert f'documents/wt2024/#{amount.clause}"' in html or f'documents/regs2024/#{amount.clause}"' in html
        threshold = national(policy, "penalty_notice.threshold_sessions")
        assert f"missed {threshold.value} half-day sessions" in text


def test_older_amounts_in_local_guidance_are_shown_as_such(built_site, policy):
    """Dorset schools' pages show the council's out-of-date amounts as a disagreement, not as the rule."""
    for school in ("dss", "dms"):
        html = page_html(built_site, school)
        assert "Other documents give these amounts" in html
        assert "#conflict-penalty-amounts" in html
    assert "Other documents give these amounts" not in page_html(built_site, "sev")


@pytest.mark.parametrize("school", ["dss", "ote"])
def test_a_silent_policy_says_so_and_shows_the_national_rule(built_site, policy, school):
    """Where the school's document is silent the page says so plainly and quotes the national rule, cited."""
    name = policy["documents"][school]["organisation"]
    text = page_text(built_site, school)
    html = page_html(built_site, school)
    assert f"{name}'s policy does not say who decides" in text
    assert 'documents/regs2024/#regs2024-reg11-1"' in html
    assert f"{name}'s policy does not say how or when to ask" in text
    assert 'documents/wt2024/#wt2024-leave"' in html


def test_no_abbreviation_or_code_without_its_meaning(built_site, policy):
    """Every abbreviation on a parents' page is one the data explains, and its meaning is on the page."""
    known = abbreviations(policy)
    for school in [None, *school_ids(policy)]:
        text = page_text(built_site, school)
        lowered = text.lower()
        for word in sorted(set(re.findall(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b", text)) - NAMES):
            bare = word[:-1] if word.endswith("s") and word[:-1] in known else word
            assert bare in known, f"{school}: '{word}' is not explained by the glossary"
            assert known[bare].lower() in lowered, f"{school}: the meaning of '{word}' is not on the page"
        for code in set(re.findall(r"\bcode '?([A-Z][0-9]?)\b", text)):
            meaning = code_meaning(policy, code, today())
            assert meaning and meaning.lower() in lowered, f"{school}: code {code} without its meaning"


def test_the_markdown_states_no_fact():
    """Outside the macro calls the parents' pages hold no number, amount, time, address or phone number."""
    for page in sorted(DOCS.glob("*.md")):
        prose = re.sub(r"\{\{.*?\}\}", "", page.read_text(encoding="utf-8"), flags=re.S)
        prose = re.sub(r"\{ #[a-z-]+ \}", "", prose)
        assert not re.search(r"[0-9£@%]", prose), f"{page.name}: a fact typed into the page: {prose!r}"


def test_a_changed_fixture_changes_the_page(tmp_path):
    """Change a school's reporting rule and a contact's e-mail in a copy of policy_data: the page follows."""
    data = tmp_path / "policy_data"
    shutil.copytree(REPO / "policy_data", data)
    old_how = ("Through the Arbor app, by email (attendance@dms.wessex.ac) or by telephone (01305 265651 option 1) "
               "before 9:00am on the first day of absence")
    new_how = "By telephone to the school office before 8:15am on each day of absence"
    document = data / "documents" / "dms.yaml"
    text = document.read_text(encoding="utf-8")
    assert f"value: {old_how}" in text
    document.write_text(text.replace(f"value: {old_how}", f"value: {new_how}"), encoding="utf-8")
    contacts = data / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    assert "email: admin@sevenoaksschool.org" in text
    contacts.write_text(text.replace("email: admin@sevenoaksschool.org", "email: absence-line@sevenoaksschool.org"),
                        encoding="utf-8")

    site = tmp_path / "site"
    env = dict(os.environ, HANDBOOK_POLICY_DATA=str(data))
    run = subprocess.run([sys.executable, "-m", "tools_py.site", "build", "--site", str(site)], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    dms = " ".join(article_text(page_html(site, "dms")).split())
    assert new_how in dms and old_how not in dms
    sev = page_html(site, "sev")
    assert 'href="mailto:absence-line@sevenoaksschool.org"' in sev
    assert "mailto:admin@sevenoaksschool.org" not in sev


# -- in a real browser, on a phone-sized screen -------------------------------------------------------



def serious_violations(page) -> list:
    """axe-core's serious and critical findings on the page, as (rule, impact, nodes).

    The whole document is checked; the theme's own header and footer (Material for MkDocs: its
    search dialog and copyright line, the same on every page of the site) are reported apart."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => [v.id, v.impact, v.nodes.map(n => [n.target.join(' '), n.html.slice(0, 160),"
        " !!document.querySelector(n.target[0]).closest('.md-header, .md-footer')])])")
    page_own, theme = [], []
    for rule, impact, nodes in found:
        mine = [node[:2] for node in nodes if not node[2]]
        if mine:
            page_own.append((rule, impact, mine[:3]))
        if len(mine) < len(nodes):
            theme.append((rule, impact, [node[0] for node in nodes if node[2]]))
    if theme:
        print(f"\n  theme header/footer (not this page's content): {theme}")
    return page_own


@pytest.mark.browser
@pytest.mark.parametrize("path", ["parents/", "parents/dss/", "parents/dms/", "parents/sev/", "parents/ote/"])
def test_parents_page_on_a_phone_passes_axe(browser, base, path):
    """At 375 px the page does not scroll sideways and axe-core finds no serious or critical problem."""
    context = browser.new_context(locale="en-GB", viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "scrolls sideways"
        violations = serious_violations(page)
        print(f"\naxe-core {path}: {len(violations)} serious or critical violations")
        assert not violations, violations
        assert not errors, errors
    finally:
        context.close()


# -- a parent on a phone: the way in, the page at a glance, finger-sized targets, dates in words ------

PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("HANDBOOK_SCREENSHOTS")  # a folder to save screenshots in, when set
# A parent at Dorchester asking for a five-day holiday.
HOLIDAY = ("#leave_request-dms?date=2026-11-23&reason=holiday&days=5&notice_days=20&statutory_assessment=no"
           "&unauthorised_on_record=no&attendance_percent=97")
# The same holiday, just before a statutory assessment: that alone rules the leave out.
HOLIDAY_NEAR_TESTS = "#leave_request-dms?date=2026-11-23&reason=holiday&days=5&notice_days=20&statutory_assessment=yes"


def _phone_page(browser, address, width=PHONE["width"]):
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": PHONE["height"]})
    page = context.new_page()
    page.goto(address)
    page.wait_for_load_state("load")
    return context, page


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=False)


@pytest.mark.browser
def test_the_home_page_leads_parents_to_their_pages(browser, base):
    """On a phone, the home page shows a link for parents in its first screen."""
    context, page = _phone_page(browser, base)
    try:
        link = page.locator('article a[href$="parents/"]').first
        assert link.count() == 1, "no link to the parents' pages on the home page"
        box = link.bounding_box()
        assert link.is_visible() and box["y"] + box["height"] <= PHONE["height"], box
        assert box["height"] >= 44 and box["width"] >= 44, box
        assert "parent" in link.evaluate("a => a.closest('p, li').textContent").lower()
        _shot(page, "home-390.png")
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("school", ["dms", "sev", "dss"])
@pytest.mark.parametrize("width", [390, 1280])
def test_a_parents_page_opens_with_a_short_summary(browser, base, policy, school, width):
    """Right under the title: a few short lines (illness, time off, fines), each linking to its section."""
    context, page = _phone_page(browser, base + f"parents/{school}/", width)
    try:
        first = page.locator("article h1 + *").first
        assert "parents-summary" in (first.get_attribute("class") or ""), first.evaluate("e => e.outerHTML.slice(0, 200)")
        items = first.locator("li").all()
        assert 3 <= len(items) <= 5, len(items)
        for item in items:
            words = len(item.inner_text().split())
            assert words <= 60, f"{words} words: {item.inner_text()}"
            more = item.locator("a.parents-summary__more")
            assert more.count() == 1, item.inner_text()
            target = more.evaluate("a => new URL(a.href).pathname === location.pathname && new URL(a.href).hash")
            assert target and page.locator(target).count() == 1, f"'More' goes to {target}"
        assert first.bounding_box()["y"] < PHONE["height"] / 2
        leave = facts.lookup(policy, school, "leave.in_short", today())
        assert leave.value in first.inner_text()
        _shot(page, f"parents-{school}-{width}.png")
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("school", ["dms", "sev"])
def test_time_off_opens_with_the_schools_key_sentence(browser, base, policy, school):
    """Under 'Asking for time off', the first thing a parent reads is the school's own key sentence, cited."""
    key = facts.own(policy, school, "leave.in_short", today())
    context, page = _phone_page(browser, base + f"parents/{school}/")
    try:
        first = page.locator("h2#time-off + *").first
        assert key.value in first.inner_text(), first.inner_text()[:300]
        assert first.locator(f'a[href$="#{key.clause}"]').count() == 1
        page.locator("h2#time-off").scroll_into_view_if_needed()
        _shot(page, f"time-off-{school}-390.png")
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_every_control_is_a_44px_target_and_dates_are_in_words(browser, base, width):
    """With an answer shown, every button, field, choice and 'More' link is at least 44 × 44 px; dates read in words."""
    context, page = _phone_page(browser, base + "parents/dms/" + HOLIDAY, width)
    try:
        page.wait_for_selector(".tool-widget[data-state=ready] .tool-outcome", timeout=90_000)
        small = page.evaluate("""() => [...document.querySelectorAll(
              'article button, article select, article input:not([type=radio]):not([type=hidden]), '
            + 'article .tool-choice, article .parents-summary__more, article .parents-contact__phone')]
            .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
            .map(e => [e.className || e.tagName, e.textContent.trim().slice(0, 30),
                       Math.round(e.getBoundingClientRect().width), Math.round(e.getBoundingClientRect().height)])
            .filter(([, , w, h]) => w < 44 || h < 44)""")
        assert not small, f"tap targets under 44 px: {small[:8]}"
        date = page.locator(".tool-answers dd").filter(has=page.locator('[data-change="date"]')).first
        assert date.inner_text().startswith("23 November 2026"), date.inner_text()
        text = page.locator("article").inner_text()
        assert not re.findall(r"\b\d{4}-\d{2}-\d{2}\b", text), re.findall(r"\b\d{4}-\d{2}-\d{2}\b", text)
        page.locator(".tool-answers").scroll_into_view_if_needed()
        _shot(page, f"answers-dms-{width}.png")
    finally:
        context.close()


@pytest.mark.browser
def test_no_question_is_asked_once_the_policy_has_settled_the_answer(browser, base, policy):
    """At Dorchester a holiday just before a statutory assessment is answered after four questions, not six."""
    outcome = api.ask("leave_request", "dms", "2026-11-23",
                      {"reason": "holiday", "days": 5, "notice_days": 20, "statutory_assessment": True}, data=policy,
                      audience="parents")
    assert outcome["outcome"] == "cannot_be_granted"
    context, page = _phone_page(browser, base + "parents/dms/" + HOLIDAY_NEAR_TESTS)
    try:
        page.wait_for_selector(".tool-widget[data-state=ready]", timeout=90_000)
        title = page.locator(".tool-widget .tool-result .tool-outcome__title")
        title.wait_for(timeout=15_000)
        assert title.inner_text().strip() == outcome["title"]
        asked = [q.get_attribute("data-question") for q in page.locator(".tool-widget .tool-question").all()]
        assert asked == ["reason", "days", "notice_days", "statutory_assessment"], asked
    finally:
        context.close()


@pytest.mark.browser
def test_a_date_the_rules_do_not_cover_is_named_in_words(browser, base):
    """Asked about a date before the rules in the handbook, the tool says which date in words, not 2012-01-02."""
    context, page = _phone_page(browser, base + "parents/dms/#leave_request-dms?date=2012-01-02&reason=holiday"
                                              "&days=2&notice_days=20&statutory_assessment=no"
                                              "&unauthorised_on_record=no&attendance_percent=97")
    try:
        page.wait_for_selector(".tool-widget[data-state=ready]", timeout=90_000)
        message = page.locator(".tool-widget .tool-error").first
        message.wait_for(timeout=15_000)
        assert "2 January 2012" in message.inner_text(), message.inner_text()
        assert "2012-01-02" not in page.locator("article").inner_text()
    finally:
        context.close()
