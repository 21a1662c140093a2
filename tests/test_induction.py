"""The new-staff induction path: units of reading and scenario questions checked by the tools' own logic.

The fast tests check the data (every scenario is accepted by tools_py.api.ask for every school it is
set for, and its right answer is among its options) and the built pages (no answer key in them). The
browser test walks a whole path in Chromium — by keyboard for the first question, with one wrong
answer and its explanation, a reload half-way — and checks that each verdict is the one CPython's
``tools_py.api.ask`` gives; then the completion summary, its print layout and starting again. axe-core
checks every induction page at 375 px.
"""

from __future__ import annotations

import copy
import datetime as dt
import html as htmllib
import json
import re
from pathlib import Path

import pytest

from tools_py import api
from tools_py.questions import school_ids
from tools_py.site import pages
from tools_py.compile.induction_check import check_induction, option_label, option_value, right_answer, scenarios_for
from tools_py.site.induction import STORAGE_PREFIX, induction_path
from tools_py.site.inline import plain_text
from tools_py.site.render import human_date
from tools_py.site.state import today

from .conftest import REPO
from .support.text import article_text

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
DOCS = REPO / "docs" / "induction"
READY_MS = 90_000


def page_html(site: Path, school: str | None = None) -> str:
    path = site / "induction" / (f"{school}/index.html" if school else "index.html")
    return path.read_text(encoding="utf-8")


def expected(policy, scenario, school) -> dict:
    return api.ask(scenario["tool"], school, today(), scenario["answers"], data=policy)


# -- the data -------------------------------------------------------------------------------------

def test_every_scenario_is_answered_by_the_tools_and_its_answer_is_an_option(policy):
    """For every school a scenario is set for, tools_py.api.ask accepts its answers and its answer is an option."""
    assert check_induction(policy, today()) == []
    for scenario in policy["induction"]["scenarios"]:
        for school in school_ids(policy) if scenario["school"] == "all" else (
                [scenario["school"]] if isinstance(scenario["school"], str) else scenario["school"]):
            right = option_value(right_answer(expected(policy, scenario, school), scenario["ask"]))
            assert right in [option_value(o) for o in scenario["options"]], (scenario["id"], school)


def test_every_unit_has_questions_for_every_school(policy):
    for school in school_ids(policy):
        for unit in policy["induction"]["units"]:
            assert scenarios_for(policy, school, unit["id"]), (school, unit["id"])


def test_a_broken_scenario_is_named_by_file_line_and_field(policy):
    """An answer the tool rejects, or a right answer missing from the options, is reported where it is."""
    data = copy.deepcopy(policy)
    scenarios = data["induction"]["scenarios"]
    late = next(i for i, s in enumerate(scenarios) if s["answers"].get("arrival_time"))
    scenarios[late]["answers"]["arrival_time"] = "half past nine"
    narrow = next(i for i, s in enumerate(scenarios) if s["ask"] == "outcome" and s["school"] == "all")
    scenarios[narrow]["options"] = ["not_required", "not_yet"]
    problems = check_induction(data, today())
    assert any(re.match(rf"policy_data/induction\.yaml:\d+: scenarios\[{late}\]\.answers: which_code does not accept"
                        r".*arrival_time", p) for p in problems), problems
    assert any(re.match(rf"policy_data/induction\.yaml:\d+: scenarios\[{narrow}\]\.options: for \w+ the tool's answer is", p)
               for p in problems), problems
    ctx = pages.Context(data=data, base="../../", today=today())
    with pytest.raises(ValueError, match="induction.yaml"):
        induction_path(ctx, "dms")


def test_a_malformed_induction_file_is_reported_like_any_other_data(tmp_path):
    """A missing field or a clause that does not exist is an ordinary data error, by file and line."""
    import shutil

    from tools_py.compile import PolicyDataInvalid, compile_policy

    data = tmp_path / "policy_data"
    shutil.copytree(REPO / "policy_data", data)
    source = data / "induction.yaml"
    text = source.read_text(encoding="utf-8")
    text = text.replace("dms: {clauses: [dms-14.4,", "dms: {clauses: [dms-14.44,", 1)
    text = text.replace("    ask: outcome\n", "", 1)
    source.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyDataInvalid) as raised:
        compile_policy(data)
    report = raised.value.report()
    assert re.search(r"policy_data/induction\.yaml:\d+: units\[0\]\.reading\.dms\.clauses\[0\]: no clause 'dms-14\.44'", report), report
    assert re.search(r"policy_data/induction\.yaml:\d+: scenarios\[0\]: 'ask' is missing", report), report


# -- the built pages ------------------------------------------------------------------------------

def test_pages_hold_the_questions_but_never_the_answers(built_site, policy):
    """Each question carries the tool, the answers to give it and the field asked; the right answer is not in the page."""
    for school in school_ids(policy):
        html = page_html(built_site, school)
        forms = re.findall(r'<form class="induction-question"[^>]*>', html)
        mine = scenarios_for(policy, school)
        assert len(forms) == len(mine)
        for tag, scenario in zip(forms, mine):
            attributes = dict(re.findall(r'([a-z-]+)="([^"]*)"', tag))
            assert set(attributes) == {"class", "id", "data-scenario", "data-tool", "data-ask", "data-answers"}
            assert attributes["data-scenario"] == scenario["id"]
            assert json.loads(htmllib.unescape(attributes["data-answers"])) == scenario["answers"]
        assert not re.search(r"data-(right|correct|answer|expected)=", html)
        root = re.search(r'<div class="induction"[^>]*>', html).group(0)
        assert f'data-storage-key="{STORAGE_PREFIX}{school}"' in root
        assert f'data-date="{today().isoformat()}"' in root


def test_the_landing_page_links_every_school(built_site, policy):
    html = page_html(built_site)
    for school in school_ids(policy):
        assert f'href="{school}/"' in html
        assert f"{len(scenarios_for(policy, school))} questions" in article_text(html)


def test_the_markdown_states_no_fact():
    """Outside the macro calls the induction pages hold no number, time or amount."""
    for page in sorted(DOCS.glob("*.md")):
        prose = re.sub(r"\{\{.*?\}\}", "", page.read_text(encoding="utf-8"), flags=re.S)
        assert not re.search(r"[0-9£@%]", prose), f"{page.name}: {prose!r}"


# -- in the browser -------------------------------------------------------------------------------



def serious_violations(page, scope: str = "document") -> list:
    """axe-core's serious and critical findings, without the theme's own header and footer (reported apart)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async (scope) => (await axe.run(scope === 'document' ? document : document.querySelector(scope))).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => [v.id, v.impact, v.nodes.map(n => [n.target.join(' '), n.html.slice(0, 160),"
        " !!document.querySelector(n.target[0]).closest('.md-header, .md-footer')])])", scope)
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
@pytest.mark.parametrize("path", ["induction/", "induction/dss/", "induction/dms/", "induction/sev/", "induction/ote/"])
def test_induction_page_on_a_phone_passes_axe(browser, base, path):
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


def _radio(form, value):
    """The option input with this value (values such as a backslash need no CSS escaping this way)."""
    radios = form.locator("input[type=radio]")
    for index in range(radios.count()):
        if radios.nth(index).get_attribute("value") == value:
            return radios.nth(index)
    raise AssertionError(f"no option {value!r}")


def _verdict(form):
    form.locator(".induction-verdict--right, .induction-verdict--wrong").wait_for(timeout=READY_MS)
    return form.locator(".induction-verdict")


@pytest.mark.browser
def test_a_whole_path_with_a_wrong_answer_a_reload_and_a_printed_summary(browser, base, policy, tmp_path):
    """Walk Dorchester Middle School's path as a trainee: each verdict is CPython's, and progress survives a reload."""
    school = "dms"
    name = policy["documents"][school]["organisation"]
    scenarios = scenarios_for(policy, school)
    outcomes = {s["id"]: expected(policy, s, school) for s in scenarios}
    rights = {s["id"]: option_value(right_answer(outcomes[s["id"]], s["ask"])) for s in scenarios}
    wrong = next(s for s in scenarios if s["tool"] == "notify_la")
    wrong_choice = next(option_value(o) for o in wrong["options"] if option_value(o) != rights[wrong["id"]])
    reload_at = len(scenarios) // 2

    context = browser.new_context(locale="en-GB", viewport={"width": 375, "height": 800})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(base + f"induction/{school}/")
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.HandbookTools === 'object' && typeof window.HandbookTools.ask === 'function'")
        status = page.locator(".induction-status__text")
        assert "none of the" in status.text_content()

        for index, scenario in enumerate(scenarios):
            sid = scenario["id"]
            if index == reload_at:
                page.reload()
                page.wait_for_load_state("load")
                assert f"{reload_at} of {len(scenarios)} questions answered" in status.text_content()
                for done in scenarios[:reload_at]:
                    form = page.locator(f'form[data-scenario="{done["id"]}"]')
                    assert form.locator(".induction-verdict").count() == 1, done["id"]
                    assert form.locator("input:checked").get_attribute("value") == (
                        wrong_choice if done is wrong else rights[done["id"]])
                    assert form.locator("input[type=radio]:not([disabled])").count() == 0
                # The path resumes at the unit of the next question (or the one before, if it was finished).
                visible = page.locator(".induction-unit:not([hidden])")
                assert visible.count() == 1
                assert visible.get_attribute("data-unit") in (scenario["unit"], scenarios[index - 1]["unit"])
            form = page.locator(f'form[data-scenario="{sid}"]')
            while not form.is_visible():
                page.locator(".induction-unit:not([hidden]) [data-action=next]").click()
            choice = wrong_choice if scenario is wrong else rights[sid]
            if index == 0:  # by keyboard: choose with the space bar, move to the button, press Enter
                _radio(form, choice).focus()
                page.keyboard.press("Space")
                page.keyboard.press("Tab")
                assert page.evaluate("document.activeElement.type") == "submit"
                page.keyboard.press("Enter")
            else:
                _radio(form, choice).check()
                form.locator("button[type=submit]").click()
            if scenario is wrong:  # a wrong first answer gets one more try; this trainee is wrong again
                form.locator(".induction-verdict--retry").wait_for(timeout=READY_MS)
                form.locator("button[type=submit]").click()
                form.locator(".induction-verdict--wrong:not(.induction-verdict--retry)").wait_for(timeout=READY_MS)
            verdict = _verdict(form)
            outcome = outcomes[sid]
            assert form.locator(".induction-outcome__title").text_content().strip() == plain_text(outcome["title"])
            # the tool's answer as a tool page shows it: the verdict, then the labelled lines
            assert form.locator(".induction-outcome__verdict").text_content().strip() == plain_text(outcome["verdict"])
            terms = form.locator(".induction-outcome__lines dt").all_text_contents()
            descriptions = form.locator(".induction-outcome__lines dd").all_text_contents()
            assert list(zip(terms, descriptions)) == [(plain_text(line["label"]), plain_text(line["text"]))
                                                      for line in outcome["lines"]], sid
            links = form.locator(".induction-citations a")
            assert [(links.nth(i).text_content(), links.nth(i).get_attribute("href")) for i in range(links.count())] == [
                (c["label"], f"../../documents/{c['document']}/#{c['clause']}") for c in outcome["citations"]]
            assert page.evaluate("document.activeElement.classList.contains('induction-verdict')"), "focus is not on the verdict"
            if scenario is wrong:
                assert "induction-verdict--wrong" in verdict.get_attribute("class")
                text = verdict.text_content()
                assert text.startswith("Not quite.")
                assert option_label(policy, scenario, rights[sid], today()) in text
                assert not serious_violations(page, f'form[data-scenario="{sid}"]')
                # Each citation leads to its clause's anchor on the document's page.
                href = links.first.get_attribute("href")
                target = page.evaluate("h => new URL(h, location.href).href", href)
                check = context.new_page()
                check.goto(target)
                assert check.locator(f"[id=\"{outcome['citations'][0]['clause']}\"]").count() == 1
                check.close()
            else:
                assert "induction-verdict--right" in verdict.get_attribute("class"), (sid, verdict.text_content())

        total = len(scenarios)
        assert f"{total} of {total} questions answered, {total - 1} right" in status.text_content()
        page.locator(".induction-unit:not([hidden]) [data-action=next]").click()
        summary = page.locator(".induction-summary")
        assert summary.is_visible()
        assert page.evaluate("document.activeElement.id") == f"induction-{school}-summary-title"
        text = summary.text_content()
        assert name in text
        assert f"{total - 1} of {total} right" in text
        assert human_date(dt.date.today().isoformat()) in " ".join(text.split())
        for unit in policy["induction"]["units"]:
            assert plain_text(unit["title"]) in text
        assert summary.locator("[data-action=print]").is_visible()

        # Printed (or saved as PDF): the summary alone, without the site's navigation or the units.
        page.emulate_media(media="print")
        assert summary.is_visible()
        assert not page.locator(".md-header").is_visible()
        assert all(not page.locator(".induction-unit").nth(i).is_visible()
                   for i in range(page.locator(".induction-unit").count()))
        assert not summary.locator("[data-action=print]").is_visible()
        pdf = tmp_path / "summary.pdf"
        page.pdf(path=str(pdf))
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000
        page.emulate_media(media="screen")

        # Start again: a confirmation, then every answer cleared from the page and from storage.
        page.locator("[data-action=reset]").click()
        page.locator("[data-action=reset-yes]").click()
        assert "none of the" in status.text_content()
        assert page.locator(".induction-verdict").count() == 0
        stored = page.evaluate("k => JSON.parse(localStorage.getItem(k))", f"{STORAGE_PREFIX}{school}")
        assert stored is None or not stored.get("answers")
        assert page.locator(".induction-unit:not([hidden])").get_attribute("data-unit") == policy["induction"]["units"][0]["id"]
        assert not errors, errors
    finally:
        context.close()
