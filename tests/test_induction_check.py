"""Checking an induction answer in Chromium: the button goes once answered, a wrong answer gets one more
try, and the completion summary shows what was right.

The right answers come from CPython's ``tools_py.api.ask`` here and from the same logic in Pyodide in
the page; the page itself holds no answer key.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tools_py import api
from tools_py.compile.induction_check import option_label, option_value, right_answer, scenarios_for
from tools_py.site.induction import STORAGE_PREFIX
from tools_py.site.inline import plain_text
from tools_py.site.state import today

READY_MS = 90_000
SCHOOL = "dms"


def right_value(policy, scenario) -> str:
    outcome = api.ask(scenario["tool"], SCHOOL, today(), scenario["answers"], data=policy)
    return option_value(right_answer(outcome, scenario["ask"]))


def wrong_value(policy, scenario) -> str:
    right = right_value(policy, scenario)
    return next(option_value(o) for o in scenario["options"] if option_value(o) != right)


def label(policy, scenario, value) -> str:
    return plain_text(option_label(policy, scenario, value, today()))


def choose_and_check(form, value):
    radios = form.locator("input[type=radio]")
    for index in range(radios.count()):
        if radios.nth(index).get_attribute("value") == value:
            radios.nth(index).check()
            break
    else:
        raise AssertionError(f"no option {value!r}")
    form.locator("button[type=submit]").click()


def wait_for(form, selector):
    form.locator(selector).wait_for(timeout=READY_MS)
    return form.locator(selector)


@pytest.fixture()
def page(browser, base):
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base + f"induction/{SCHOOL}/")
    page.wait_for_load_state("load")
    yield page
    context.close()
    assert not errors, errors


@pytest.mark.browser
def test_the_check_button_goes_once_answered_and_stays_gone_after_a_reload(page, policy):
    scenario = scenarios_for(policy, SCHOOL)[0]
    form = page.locator(f'form[data-scenario="{scenario["id"]}"]')
    button = form.locator("button[type=submit]")
    assert button.is_visible()
    choose_and_check(form, right_value(policy, scenario))
    wait_for(form, ".induction-verdict--right")
    assert not button.is_visible(), "'Check my answer' is still shown after the answer was checked"
    page.reload()
    page.wait_for_load_state("load")
    form = page.locator(f'form[data-scenario="{scenario["id"]}"]')
    assert form.locator(".induction-verdict--right").count() == 1
    assert not form.locator("button[type=submit]").is_visible(), "'Check my answer' is back after a reload"


@pytest.mark.browser
def test_a_wrong_answer_gets_one_more_try_that_survives_a_reload(page, policy):
    first, second = scenarios_for(policy, SCHOOL)[:2]
    form = page.locator(f'form[data-scenario="{first["id"]}"]')
    right = right_value(policy, first)
    wrong = wrong_value(policy, first)
    choose_and_check(form, wrong)
    retry = wait_for(form, ".induction-verdict--retry")
    text = " ".join(retry.text_content().split())
    assert text.startswith("Not quite.") and "one more try" in text
    assert label(policy, first, right) not in form.locator(".induction-feedback").text_content(), "the answer was given away"
    assert form.locator("input[type=radio]:not([disabled])").count() == len(first["options"])
    assert form.locator("button[type=submit]").is_visible()
    assert "none of the" in page.locator(".induction-status__text").text_content()

    page.reload()  # the try is kept: reloading does not give a fresh first answer
    page.wait_for_load_state("load")
    form = page.locator(f'form[data-scenario="{first["id"]}"]')
    assert form.locator(".induction-verdict--retry").count() == 1
    choose_and_check(form, right)
    verdict = wait_for(form, ".induction-verdict--right")
    assert " ".join(verdict.text_content().split()).startswith("Right, at the second try.")
    assert not form.locator("button[type=submit]").is_visible()
    assert form.locator("input[type=radio]:not([disabled])").count() == 0

    # Wrong twice: the second check locks the question and says what the answer is.
    while not page.locator(f'form[data-scenario="{second["id"]}"]').is_visible():
        page.locator(".induction-unit:not([hidden]) [data-action=next]").click()
    form = page.locator(f'form[data-scenario="{second["id"]}"]')
    wrong = wrong_value(policy, second)
    choose_and_check(form, wrong)
    wait_for(form, ".induction-verdict--retry")
    choose_and_check(form, wrong)
    verdict = wait_for(form, ".induction-verdict--wrong:not(.induction-verdict--retry)")
    assert label(policy, second, right_value(policy, second)) in verdict.text_content()
    assert not form.locator("button[type=submit]").is_visible()
    status = page.locator(".induction-status__text").text_content()
    assert "2 of" in status and "answered, 1 right" in status


@pytest.mark.browser
def test_the_completion_summary_shows_what_was_right(page, policy):
    """Every question but the last answered earlier (as the page stores them), the last answered now."""
    scenarios = scenarios_for(policy, SCHOOL)
    earlier, last = scenarios[:-1], scenarios[-1]
    answers = {}
    for index, scenario in enumerate(earlier):
        outcome = api.ask(scenario["tool"], SCHOOL, today(), scenario["answers"], data=policy)
        right = option_value(right_answer(outcome, scenario["ask"]))
        choice = right if index else wrong_value(policy, scenario)
        answers[scenario["id"]] = {"choice": choice, "correct": choice == right, "right": right, "tries": 1 if index else 2,
                                   "first": None if index else choice, "title": outcome["title"], "text": outcome["text"],
                                   "notes": [], "citations": [], "at": dt.datetime.now().isoformat()}
    page.evaluate("([key, state]) => localStorage.setItem(key, JSON.stringify(state))",
                  [f"{STORAGE_PREFIX}{SCHOOL}", {"current": last["unit"], "answers": answers, "completed": None}])
    page.reload()
    page.wait_for_load_state("load")
    review = page.locator(".induction-summary__review")
    assert not review.is_visible()
    # an answer kept as the page stored it before answers had a verdict shows its text in the verdict's place
    kept = page.locator(f'form[data-scenario="{earlier[1]["id"]}"] .induction-outcome__verdict')
    assert " ".join(kept.text_content().split()) == plain_text(answers[earlier[1]["id"]]["text"])
    form = page.locator(f'form[data-scenario="{last["id"]}"]')
    choose_and_check(form, right_value(policy, last))
    wait_for(form, ".induction-verdict--right")
    page.locator(".induction-unit:not([hidden]) [data-action=next]").click()
    assert review.is_visible()
    items = review.locator("li")
    assert items.count() == len(scenarios)
    for index, scenario in enumerate(scenarios):
        text = " ".join(items.nth(index).text_content().split())
        assert plain_text(scenario["prompt"]).split()[0] in text
        assert f"The answer: {label(policy, scenario, right_value(policy, scenario))}" in text, text
        assert text.endswith("(not right)" if index == 0 else "(right)"), text
    assert json.loads(page.evaluate("k => localStorage.getItem(k)", f"{STORAGE_PREFIX}{SCHOOL}"))["completed"]
