"""The built handbook: strict build, every source sentence present, nothing loaded from elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import REPO
from .support.text import article_text, normalise, source_sentences

SEEDS = REPO.parent / "shared" / "seeds"
EXCEPTIONS = REPO / "tests" / "fidelity_exceptions.txt"


def load_exceptions() -> dict[str, list[str]]:
    """``seed file | sentence | reason`` lines; every line must give a reason."""
    found: dict[str, list[str]] = {}
    for number, line in enumerate(EXCEPTIONS.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split(" | ")]
        assert len(parts) == 3 and all(parts), f"fidelity_exceptions.txt:{number}: needs 'seed | sentence | reason'"
        found.setdefault(parts[0], []).append(normalise(parts[1]))
    return found


def test_every_source_sentence_is_in_the_site(built_site, policy):
    """Fidelity: each sentence of each source document is on its document's page (or excepted)."""
    exceptions = load_exceptions()
    total = found = excepted = 0
    missing = []
    for document in policy["documents"].values():
        seed = document.get("source_file")
        if not seed:
            continue
        page = normalise(article_text((built_site / "documents" / document["id"] / "index.html").read_text()))
        for sentence in source_sentences((SEEDS / seed).read_text(encoding="utf-8")):
            total += 1
            wanted = normalise(sentence)
            if wanted in page:
                found += 1
            elif any(wanted in allowed for allowed in exceptions.get(seed, [])):
                excepted += 1
            else:
                missing.append(f"{seed}: {sentence}")
    print(f"\nfidelity: {found} of {total} source sentences found, {excepted} excepted, {len(missing)} missing")
    assert not missing, "\n".join(missing[:40])
    assert found + excepted == total and total > 500


def test_exceptions_are_all_still_needed(built_site, policy):
    """An exception for a sentence that is in the site after all is stale and must go."""
    pages = {d["source_file"]: normalise(article_text((built_site / "documents" / d["id"] / "index.html").read_text()))
             for d in policy["documents"].values() if d.get("source_file")}
    for seed, sentences in load_exceptions().items():
        for sentence in sentences:
            assert sentence not in pages.get(seed, ""), f"{seed}: '{sentence}' is in the site; remove the exception"


_EXTERNAL = re.compile(r"""<(script|link|img|iframe|source|video|audio|embed|object)\b[^>]*?\b(src|href|data)=["'](?:https?:)?//(?!127\.0\.0\.1|localhost)([^"'/]+)""", re.I)


def test_nothing_is_loaded_from_another_host(built_site):
    """No script, style, font, image or frame in any page points to another host."""
    offenders = []
    for page in built_site.rglob("*.html"):
        for match in _EXTERNAL.finditer(page.read_text(encoding="utf-8")):
            offenders.append(f"{page.relative_to(built_site)}: <{match.group(1)}> from {match.group(3)}")
    for sheet in built_site.rglob("*.css"):
        for match in re.finditer(r"url\((['\"]?)(?:https?:)?//([^)'\"]+)", sheet.read_text(encoding="utf-8")):
            offenders.append(f"{sheet.relative_to(built_site)}: url() from {match.group(2)}")
    assert not offenders, "\n".join(offenders[:20])


def test_every_clause_has_an_anchor_and_every_citation_resolves(built_site, policy):
    """Each clause id is an anchor on its document's page; every in-site link and #anchor exists."""
    ids_by_page: dict[Path, set[str]] = {}
    for page in built_site.rglob("*.html"):
        ids_by_page[page.resolve()] = set(re.findall(r'\bid="([^"]+)"', page.read_text(encoding="utf-8")))
    for clause_id, clause in policy["clauses"].items():
        page = (built_site / "documents" / clause["document"] / "index.html").resolve()
        assert clause_id in ids_by_page[page], f"no anchor for {clause_id}"
    broken = []
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for href in re.findall(r'<a\b[^>]*\bhref="([^"]+)"', text):
            if re.match(r"^(?:[a-z]+:|//)", href):
                continue
            path, _, anchor = href.partition("#")
            base = built_site if path.startswith("/") else page.parent
            target = (base / path.lstrip("/")).resolve() if path else page.resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(built_site)}: {href} (no such page)")
            elif anchor and target.suffix == ".html" and anchor not in ids_by_page.get(target, set()):
                broken.append(f"{page.relative_to(built_site)}: {href} (no such anchor)")
    assert not broken, "\n".join(broken[:30])


def test_past_review_date_is_flagged(built_site, policy):
    """Dorchester's policy was due for review in October 2026: its page says it is overdue."""
    from tools_py.site.state import today

    for document in policy["documents"].values():
        page = (built_site / "documents" / document["id"] / "index.html").read_text(encoding="utf-8")
        due = document.get("review_due")
        if due and due < today().isoformat()[: len(due)]:
            assert "Past its review date" in page, document["id"]
        else:
            assert "Past its review date" not in page, document["id"]


def test_search_index_holds_codes_localities_and_clauses(built_site):
    """Material's search index contains a code, a locality name and a clause anchor."""
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    for needle in ("C2", "Chesil", "dms-7.2"):
        assert needle in index, needle


@pytest.mark.browser
def test_search_finds_codes_phrases_and_localities(built_site):
    """Typing C2, a table phrase or a locality name into search offers the right page."""
    from playwright.sync_api import sync_playwright

    from .support.browser import launch
    from .support.server import serve

    with serve(built_site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.goto(base)
        for query, expected in (("C2", ["reference/codes/"]), ("Chesil", ["reference/contacts/", "documents/dc/"]),
                                ("regulated employment abroad", ["documents/sev/", "reference/codes/"])):
            page.locator("label.md-search__icon, .md-search__input").first.click()
            box = page.locator("input.md-search__input")
            box.fill("")
            page.wait_for_function("() => !/Initializing/i.test(document.querySelector('.md-search-result__meta')"
                                   "?.textContent || 'Initializing')", timeout=20000)
            box.press_sequentially(query, delay=40)
            links = page.locator(".md-search-result__link")
            links.first.wait_for(timeout=15000)
            page.wait_for_timeout(1000)  # let the results for the whole query replace earlier ones
            hrefs = [links.nth(i).get_attribute("href") for i in range(min(links.count(), 10))]
            assert any(page_path in (href or "") for href in hrefs for page_path in expected), (query, hrefs)
            page.keyboard.press("Escape")
        browser.close()


@pytest.mark.browser
def test_flowchart_renders_as_svg(built_site):
    """The flowcharts page draws its diagrams as SVG with the site's own Mermaid."""
    from playwright.sync_api import sync_playwright

    from .support.browser import launch
    from .support.server import serve

    with serve(built_site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(base + "reference/flows/")
        diagrams = page.locator("div.mermaid")
        diagrams.first.wait_for(timeout=20000)
        # Material draws each diagram into a closed shadow root; the DevTools protocol can see inside.
        cdp = page.context.new_cdp_session(page)
        svgs = 0
        for _ in range(40):
            tree = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})
            svgs = _count_shadow_svgs(tree["root"])
            if svgs >= diagrams.count():
                break
            page.wait_for_timeout(500)
        assert svgs >= diagrams.count() > 0, (svgs, diagrams.count())
        assert all(url.startswith(base) for url in requested), [u for u in requested if not u.startswith(base)]
        browser.close()


def _count_shadow_svgs(node, in_shadow=False) -> int:
    """SVG elements inside shadow roots, in a DevTools DOM tree."""
    count = 1 if in_shadow and node.get("nodeName", "").lower() == "svg" else 0
    for child in node.get("children", []):
        count += _count_shadow_svgs(child, in_shadow)
    for root in node.get("shadowRoots", []):
        count += _count_shadow_svgs(root, True)
    return count
