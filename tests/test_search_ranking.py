"""Search finds the rule: plain words a member of staff would type bring up the clause, the codes or the tool.

Each query is typed key by key into Material's search box in Chromium (the search reacts to typed
keys, not to a filled value; Pagefind answers it through overrides/assets/search/worker.js), and the
result pages are read in the order shown. A query passes
when one of the pages that hold its rule (a source document, the codes page, a tool) is among the
first three result pages and no induction or parents' page comes before it. The induction and parents' pages quote the same clauses, so without
search weights (tools_py/site/search_rank.py) they came first and the rule 5th to 10th.

Run this module alone with ``-s`` to print where each query's first right page ranked.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tools_py.site.search_rank import boost_for

TOP = 3
RETOLD = ("induction/", "parents/")  # pages that retell a rule; never above the rule itself

# (what staff type, the pages that hold the rule: any one of them in the first TOP result pages)
QUERIES = [
    ("arrives after the register closes",
     ["documents/dms/", "documents/sev/", "reference/codes/", "tools/which_code/"]),
    ("late after register closes",
     ["documents/dms/", "documents/sev/", "reference/codes/", "tools/which_code/"]),
    ("holiday in term time",
     ["tools/leave_request/", "reference/codes/", "documents/dms/", "documents/sev/"]),
    ("child missing education",
     ["documents/ote/", "documents/dss/", "documents/dc/", "documents/wt2024/", "tools/notify_la/"]),
    ("persistent absence",
     ["tools/attendance/", "documents/sev/", "documents/dms/", "documents/wt2024/"]),
    ("penalty notice",
     ["tools/penalty_notice/", "documents/dc/", "documents/wt2024/", "documents/regs2024/"]),
    ("home education",
     ["documents/dss/", "documents/ote/", "documents/wt2024/", "tools/notify_la/"]),
    ("part-time timetable",
     ["documents/dss/", "documents/wt2024/", "reference/codes/"]),
    ("code for illness",
     ["reference/codes/", "tools/which_code/"]),
    ("no contact with the family",
     ["tools/notify_la/", "documents/dss/"]),
]


def result_pages(page, query: str) -> list[str]:
    """The result pages for ``query`` in the order Material shows them (site paths, no host)."""
    return [path for path, _text in result_texts(page, query)]


def wait_for_results_of(page, query: str, settle: bool = True) -> None:
    """Until the results shown are those for the whole query, not for its first letters: each result
    link carries the words it was found for (``?h=``, Material's highlighting), or none are found.
    With ``settle``, also until the list has stopped changing: the worker lists the pages by title
    first when their sections' texts are still downloading, and again with them."""
    page.evaluate("() => { const list = document.querySelector('.md-search-result__list');"
                  " if (window.__listChanged === undefined) new MutationObserver(() => { window.__listChanged ="
                  " performance.now(); }).observe(list, { childList: true, subtree: true });"
                  " window.__listChanged = performance.now(); }")
    page.wait_for_function(
        "([query, settle]) => { const link = document.querySelector('.md-search-result__link');"
        " const meta = document.querySelector('.md-search-result__meta').textContent;"
        " const ours = link ? new URL(link.href).searchParams.get('h') === query.trim() : /No matching/.test(meta);"
        " return ours && (!settle || performance.now() - window.__listChanged > 400); }",
        arg=[query, settle], timeout=20000)
    if settle:
        page.wait_for_timeout(100)


def rank_of_rule(pages: list[str], rule_pages: list[str]) -> int | None:
    """1-based position of the first result page that holds the rule, or None."""
    return next((index for index, path in enumerate(pages, start=1) if path in rule_pages), None)


def test_rule_pages_outweigh_the_pages_that_retell_them():
    """The weights themselves: documents, codes and tools above reference, parents' and induction pages."""
    assert boost_for("documents/dms.md") > boost_for("reference/flows.md") > boost_for("parents/dms.md")
    assert boost_for("reference/codes.md") == boost_for("tools/notify_la.md") == boost_for("documents/sev.md")
    assert boost_for("parents/dms.md") > boost_for("induction/dms.md")
    assert boost_for("index.md") is None


@pytest.mark.browser
def test_plain_word_queries_find_the_rule_in_the_first_three(browser, base):
    """Each query's rule is in the first three result pages, with no induction or parents' page above it."""
    page = browser.new_page()
    page.goto(base)
    ranks, failures = [], []
    for query, rule_pages in QUERIES:
        pages = result_pages(page, query)
        rank = rank_of_rule(pages, rule_pages)
        ranks.append(f"{query!r}: {rank if rank else 'not in the first ' + str(len(pages))} "
                     f"(first results: {', '.join(pages[:3])})")
        retold_above = [path for path in pages[: (rank or len(pages)) - 1] if path.startswith(RETOLD)]
        if rank is None or rank > TOP or retold_above:
            failures.append(ranks[-1])
    page.close()
    print("\n" + "\n".join(ranks))
    assert not failures, "\n".join(failures)


def result_texts(page, query: str) -> list[tuple[str, str]]:
    """(page path, the result's text as shown) for each result of ``query``, in order; [] if none."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("")
    page.wait_for_function("() => !/Initializing/i.test(document.querySelector('.md-search-result__meta')"
                           "?.textContent || 'Initializing')", timeout=20000)
    box.press_sequentially(query, delay=30)
    wait_for_results_of(page, query)
    shown = page.evaluate("() => [...document.querySelectorAll('.md-search-result__item')].map(item =>"
                          " [item.querySelector('a.md-search-result__link').href, item.innerText])")
    page.keyboard.press("Escape")
    return [(urlsplit(href).path.lstrip("/"), text) for href, text in shown]


@pytest.mark.browser
def test_a_time_is_searched_as_a_time(browser, base):
    """"9.30" finds the rule that the register closes at 9:30; "9:40", which no page states, finds the
    times of that hour (the register times), never pages that merely hold a 9 and a 40."""
    page = browser.new_page()
    page.goto(base)
    found = result_texts(page, "9.30")
    assert found and found[0][0] == "documents/dms/", found[:3]
    assert "9:30" in found[0][1], found[0]
    near = result_texts(page, "9:40")
    assert near, "nothing found for 9:40"
    for path, text in near:
        assert any(f"{hour}:" in text for hour in ("9", "09")), (path, text[:300])
    page.close()


@pytest.mark.browser
def test_an_hour_being_typed_is_searched_as_the_times_of_that_hour(browser, base):
    """"9." is the start of a time (a slow phone searched it as every word starting with 9, which the
    next key waited for): once the reader pauses on it, it finds the times of that hour."""
    page = browser.new_page()
    page.goto(base)
    found = result_texts(page, "9.")
    assert found, "nothing found for 9."
    for path, text in found:
        assert any(f"{hour}:" in text for hour in ("9", "09")), (path, text[:300])
    page.close()


@pytest.mark.browser
def test_a_code_is_found_at_its_row_named_by_its_page_and_section(browser, base):
    """"C2" finds the codes table's row for C2: the result names its page (Attendance codes) and its
    section (Code C2), and the section's link goes to the row itself."""
    page = browser.new_page()
    page.goto(base)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("C2", delay=30)
    wait_for_results_of(page, "C2")
    first = page.locator(".md-search-result__item").first
    assert first.locator("h1").inner_text().strip() == "Attendance codes"
    sections = first.locator("a.md-search-result__link h2")
    assert "Code C2" in [sections.nth(i).inner_text().strip() for i in range(sections.count())]
    links = first.locator("a.md-search-result__link").evaluate_all("links => links.map(a => new URL(a.href).pathname + new URL(a.href).hash)")
    assert "/reference/codes/#code-c2" in links, links
    page.close()


@pytest.mark.browser
def test_a_tool_pages_result_shows_its_words_not_the_javascript_notice(browser, base):
    """A tool page found by search is shown by its own words, not "This tool runs in your browser …"."""
    page = browser.new_page()
    page.goto(base)
    found = result_texts(page, "which attendance code")
    tool = [text for path, text in found if path == "tools/which_code/"]
    assert tool, found[:5]
    assert "needs JavaScript" not in tool[0], tool[0][:300]
    page.close()


@pytest.mark.browser
def test_a_page_loads_no_search_index_chunk_before_the_reader_searches(browser, base, built_site):
    """Opening a page loads at most Pagefind's code and the index's table of contents; the chunks that
    hold words and pages' text come only with a query, and only some of them."""
    from .support.search_index import FOLDER

    page = browser.new_page()
    requested = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page.goto(base + "reference/glossary/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)
    before = [path for path in requested if "/search/" in path]
    assert not [path for path in before if "/index/" in path or "/fragment/" in path], before
    assert f"/{FOLDER}/pagefind.js" in before  # the worker has Pagefind ready for the first key
    result_texts(page, "penalty notice")
    chunks = [path for path in requested if f"/{FOLDER}/index/" in path]
    assert chunks and len(set(chunks)) < len(list((built_site / FOLDER / "index").glob("*.pf_index")))
    page.close()
