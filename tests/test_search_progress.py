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


def _release(context, held: list) -> None:
    """The held texts let through, and every text asked for from now on (the search worker asks for
    some only once others have come)."""
    while held:
        held.pop().continue_()
    context.unroute(FRAGMENTS)  # which lets through any asked for meanwhile


def _search(page, query: str) -> None:
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.wait_for_function("() => !/Initializing/i.test(document.querySelector('.md-search-result__meta')"
                           "?.textContent || 'Initializing')", timeout=20000)
    page.locator("input.md-search__input").press_sequentially(query, delay=30)


def _asked_alone(browser, base, query: str) -> list[str]:
    """The section texts a fresh tab asks for, in order, when ``query`` is put in the search box whole."""
    context = browser.new_context()
    asked = []
    context.route(FRAGMENTS, lambda route: (asked.append(route.request.url), route.continue_()))
    page = context.new_page()
    page.goto(base + "reference/glossary/")
    _search_whole(page, query)
    wait_for_results_of(page, query)
    context.close()
    return asked


def _search_whole(page, query: str) -> None:
    """Search opened, then ``query`` sent whole (see _send)."""
    _search(page, "")
    _send(page, query)


def _send(page, query: str) -> None:
    """``query`` put in the open search box whole and sent with one key (Material searches on a key), so
    that no text of its first letters is searched."""
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")

def _links(page) -> list[str]:
    return page.locator(".md-search-result__item a.md-search-result__link").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname + new URL(a.href).hash)")


def _listed_with_texts_held(browser, base, query: str, whole: bool = False):
    """A fresh tab that has searched ``query`` (typed, or with ``whole`` sent whole: see _send) with
    every section's text held back: (context, page, the held requests), once the pages found are
    listed and the worker has asked for what it asks for at once."""
    context = browser.new_context()
    held = _held(context)
    page = context.new_page()
    page.goto(base + "reference/glossary/")
    (_search_whole if whole else _search)(page, query)
    wait_for_results_of(page, query, settle=False)
    for _ in range(100):  # the route's handler runs as Playwright hears of the request
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "no section text was asked for"
    page.wait_for_timeout(500)
    return context, page, held


@pytest.mark.browser
def test_the_pages_found_are_listed_while_their_sections_texts_download(browser, base):
    """"C2" lists the codes page by its title before any section's text has come, then its row."""
    context, page, held = _listed_with_texts_held(browser, base, "C2")
    first = page.locator(".md-search-result__item").first
    assert first.locator("h1").inner_text().strip() == "Attendance codes"
    assert _links(page)[0] == "/reference/codes/"
    assert not page.locator(".md-search-result__item h2").count(), "sections listed before their texts came"

    _release(context, held)
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

    _release(context, held)
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


@pytest.mark.browser
def test_the_best_pages_are_drawn_with_their_texts_before_the_last_texts_come(browser, base):
    """A browser asks one server for six files at a time (HTTP/1.1), so a query that shows more sections
    loads their texts in two round trips. The best pages do not wait for the second: once the first six
    texts asked for have come, the first result is drawn with its excerpt while the others are still
    on their way."""
    context, page, held = _listed_with_texts_held(browser, base, "penalty notice", whole=True)
    assert len(held) == 6, f"{len(held)} texts asked for at once"
    assert not page.locator(".md-search-result__item mark").count(), "an excerpt drawn before any text came"
    first_six = list(held)  # the others wait in the search worker until these have come
    held.clear()
    for route in first_six:
        route.continue_()
    page.wait_for_function("() => document.querySelector('.md-search-result__item') &&"
                           " document.querySelector('.md-search-result__item').querySelector('mark')", timeout=20000)
    _release(context, held)
    context.close()


@pytest.mark.browser
def test_a_text_typed_past_does_not_ask_for_the_texts_still_waiting(browser, base):
    """At most six section texts are asked for at once, and those of a text the reader has typed past
    that are still waiting are never asked for: on a fast device and a slow line, the last query's
    texts would otherwise wait behind ten texts for every key typed before it."""
    first, whole = _asked_alone(browser, base, "penalty"), set(_asked_alone(browser, base, "penalty notice"))
    not_needed = set(first[6:]) - whole
    assert len(first) > 6 and not_needed, "'penalty' needs texts that 'penalty notice' does not, beyond its first six"

    context, page, held = _listed_with_texts_held(browser, base, "penalty", whole=True)
    assert sorted(route.request.url for route in held) == sorted(first[:6]), "not the six best texts of 'penalty'"
    _send(page, "penalty notice")
    wait_for_results_of(page, "penalty notice", settle=False)
    asked = []
    for _ in range(100):  # let every text through as it is asked for, until none is asked for
        if not held:
            page.wait_for_timeout(300)
            if not held:
                break
        route = held.pop(0)
        asked.append(route.request.url)
        route.continue_()
    assert not set(asked) & not_needed, "a text of 'penalty' was asked for after the reader typed past it"
    page.wait_for_function("() => document.querySelector('.md-search-result__item mark')", timeout=20000)
    context.close()
