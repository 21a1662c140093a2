"""Search lists what it found before the sections' texts arrive, and keeps a keyboard reader's place.

The search worker (overrides/assets/search/worker.js) finds a query's pages with Pagefind's index
chunks, then downloads the text of the sections it shows (Pagefind's fragments, one file each). On a
slow phone those downloads are a round trip or two, so the pages found are listed at once by their
titles (from ``search/pagefind/records.json``), and listed again with their sections and excerpts.
Here the fragments are held back by the browser context, as a slow line would hold them, to see the
list at each step.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .test_search_ranking import wait_for_results_of

FRAGMENTS = "**/search/pagefind/fragment/**"


def _held(context) -> list:
    held = []
    context.route(FRAGMENTS, lambda route: held.append(route))
    return held


def _release(held: list) -> None:
    while held:
        held.pop().continue_()


def _search(page, query: str) -> None:
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.wait_for_function("() => !/Initializing/i.test(document.querySelector('.md-search-result__meta')"
                           "?.textContent || 'Initializing')", timeout=20000)
    page.locator("input.md-search__input").press_sequentially(query, delay=30)


def _links(page) -> list[str]:
    return page.locator(".md-search-result__item a.md-search-result__link").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname + new URL(a.href).hash)")


def _listed_with_texts_held(browser, base, query: str):
    """A fresh tab that has searched ``query`` with every section's text held back: (context, page,
    the held requests), once the pages found are listed."""
    context = browser.new_context()
    held = _held(context)
    page = context.new_page()
    page.goto(base + "reference/glossary/")
    _search(page, query)
    wait_for_results_of(page, query, settle=False)
    for _ in range(100):  # the route's handler runs as Playwright hears of the request
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "no section text was asked for"
    return context, page, held


@pytest.mark.browser
def test_the_pages_found_are_listed_while_their_sections_texts_download(browser, base):
    """"C2" lists the codes page by its title before any section's text has come, then its row."""
    context, page, held = _listed_with_texts_held(browser, base, "C2")
    first = page.locator(".md-search-result__item").first
    assert first.locator("h1").inner_text().strip() == "Attendance codes"
    assert _links(page)[0] == "/reference/codes/"
    assert not page.locator(".md-search-result__item h2").count(), "sections listed before their texts came"

    _release(held)
    page.wait_for_function("() => [...document.querySelectorAll('.md-search-result__item h2')]"
                           ".some(h => h.textContent.trim() === 'Code C2')", timeout=20000)
    assert "/reference/codes/#code-c2" in _links(page)
    context.close()


@pytest.mark.browser
def test_a_keyboard_reader_keeps_their_place_when_the_texts_arrive(browser, base):
    """A reader who has moved into the results with the arrow keys before the sections' texts came
    is still on the same result once the list is drawn again with them."""
    context, page, held = _listed_with_texts_held(browser, base, "penalty notice")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    on = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert on and on == page.locator(".md-search-result__link").nth(1).get_attribute("href")
    drawn = page.evaluate_handle("() => document.querySelector('.md-search-result__item')")  # the first drawing

    _release(held)
    page.wait_for_function("(old) => document.querySelector('.md-search-result__item') !== old"
                           " && document.querySelectorAll('.md-search-result__item h2').length > 0",
                           arg=drawn, timeout=20000)
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == on
    assert page.evaluate("() => document.activeElement.closest('.md-search-result__list') !== null")
    context.close()


@pytest.mark.browser
def test_a_query_typed_on_is_not_held_back_by_the_texts_of_its_first_letters(browser, base):
    """The texts of an older query still downloading do not delay the next: with every section text
    held back, each query typed is still listed by its pages' titles."""
    context = browser.new_context()
    _held(context)
    page = context.new_page()
    page.goto(base + "reference/glossary/")
    _search(page, "penalty")
    wait_for_results_of(page, "penalty", settle=False)
    page.locator("input.md-search__input").press_sequentially(" notice", delay=30)
    wait_for_results_of(page, "penalty notice", settle=False)
    paths = [urlsplit(path).path for path in _links(page)]
    assert paths and all(path.startswith("/") for path in paths)
    context.close()


@pytest.mark.browser
def test_a_section_text_that_fails_to_download_leaves_its_page_listed(browser, base):
    """A text that never comes (the line dropped) does not empty the list: the pages stay listed by
    their titles, and the search box keeps answering."""
    context = browser.new_context()
    context.route(FRAGMENTS, lambda route: route.abort())
    page = context.new_page()
    page.goto(base + "reference/glossary/")
    _search(page, "C2")
    wait_for_results_of(page, "C2")
    assert _links(page)[0] == "/reference/codes/"
    assert page.locator(".md-search-result__item h1").first.inner_text().strip() == "Attendance codes"
    assert "No matching" not in page.locator(".md-search-result__meta").inner_text()
    context.close()
