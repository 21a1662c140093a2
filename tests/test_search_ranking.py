"""Search finds the rule: plain words a member of staff would type bring up the clause, the codes or the tool.

Each query is typed key by key into Material's search box in Chromium (the search reacts to typed
keys, not to a filled value), and the result pages are read in the order shown. A query passes
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
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("")
    page.wait_for_function("() => !/Initializing/i.test(document.querySelector('.md-search-result__meta')"
                           "?.textContent || 'Initializing')", timeout=20000)
    box.press_sequentially(query, delay=30)
    page.locator(".md-search-result__link").first.wait_for(timeout=15000)
    page.wait_for_timeout(800)  # let the results for the whole query replace those for its first letters
    hrefs = page.evaluate("() => [...document.querySelectorAll('.md-search-result__item')]"
                          ".map(item => item.querySelector('a.md-search-result__link').href)")
    page.keyboard.press("Escape")
    return [urlsplit(href).path.lstrip("/") for href in hrefs]


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
