"""The built handbook: strict build, every source sentence present, nothing loaded from elsewhere."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest

from tools_py.site.inline import plain_text

from .conftest import REPO
from .support.text import article_text, normalise, source_sentences
from .test_search_ranking import result_pages

# The source documents' text: beside the repository, or where HANDBOOK_SOURCES says (a council's copy).
SEEDS = Path(os.environ.get("HANDBOOK_SOURCES") or REPO.parent / "shared" / "seeds")
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


_HEAD_START = re.compile(r"<head>.*?new Worker\(.*?\}\)\((\".*?\")\);\s*</script>.*?</head>", re.S)
_WIDGET = re.compile(r'<section [^>]*class="tool-widget"[^>]*>')


def test_a_tool_page_starts_its_python_from_the_head_with_its_widgets_worker(built_site):
    """Every page with a decision tool starts the worker from <head>, at the address its first widget
    names (so widget.js adopts a worker that runs the same Pyodide and tools); no other page does.
    That address names Pyodide and the wheel relative to the worker, so they resolve to the site's own."""
    import urllib.parse
    import json

    with_tool = 0
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        widget = _WIDGET.search(text)
        start = _HEAD_START.search(text)
        where = page.relative_to(built_site)
        if not widget or "data-worker=" not in widget.group(0):
            assert start is None and "new Worker(" not in text.split("</head>")[0], f"{where}: starts a worker without a tool"
            continue
        with_tool += 1
        assert start, f"{where}: a tool page whose <head> does not start its Python"
        given = json.loads(start.group(1))
        assert given == html.unescape(re.search(r'data-worker="([^"]*)"', widget.group(0)).group(1)), where
        worker = urllib.parse.urlsplit(urllib.parse.urljoin(f"http://site/{where.as_posix()}", given))
        assert worker.path == "/assets/tools/worker.mjs", (where, given)
        query = dict(urllib.parse.parse_qsl(worker.query))
        for name in ("pyodide", "wheel"):
            target = urllib.parse.urlsplit(urllib.parse.urljoin(worker.geturl(), query[name])).path.lstrip("/")
            assert (built_site / target).is_file(), (where, name, target)
    assert with_tool >= 7, with_tool


def test_every_page_asks_for_one_stylesheet_and_one_script_of_ours_named_by_their_content(built_site):
    """What mkdocs.yml lists under extra_css and extra_javascript reaches a page as one file each, whose
    name carries its content's hash (so it may be cached for a year) and which holds every listed
    file in order."""
    import hashlib

    from mkdocs.config import load_config

    listed = load_config(str(REPO / "mkdocs.yml"))
    for suffix, key, tag in (("css", "extra_css", r'<link rel="stylesheet" href="([^"]*assets/handbook\.[^"]*)"'),
                             ("js", "extra_javascript", r'<script src="([^"]*assets/handbook\.[^"]*)"')):
        (bundle,) = (built_site / "assets").glob(f"handbook.*.{suffix}")
        text = bundle.read_text(encoding="utf-8")
        assert bundle.name == f"handbook.{hashlib.sha256(text.encode()).hexdigest()[:8]}.{suffix}"
        at = 0
        for path in map(str, listed[key]):
            source = (REPO / "overrides" / path).read_text(encoding="utf-8").strip()
            found = text.find(source, at)
            assert found >= at, f"{path} is not in {bundle.name} after the files listed before it"
            at = found + len(source)
            assert not (built_site / path).exists(), f"{path} is still copied on its own"
        for page in (built_site / "index.html", built_site / "tools" / "which_code" / "index.html",
                     built_site / "parents" / "dms" / "index.html"):
            links = re.findall(tag, page.read_text(encoding="utf-8"))
            assert [link.rsplit("/", 1)[-1] for link in links] == [bundle.name], (page, links)


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
    """The search index holds a code and a locality name in the pages' text, and a clause's anchor."""
    from .support.search_index import indexed_pages

    pages = indexed_pages(built_site)
    text = " ".join(page["content"] for page in pages)
    for needle in ("C2", "Chesil"):
        assert needle in text, needle
    anchors = {(page["url"].split("#")[0], anchor.get("id")) for page in pages for anchor in page.get("anchors") or []}
    assert ("/documents/dms/", "dms-7.2") in anchors


def test_search_index_holds_each_section_as_its_own_record(built_site):
    """A search result loads one section's text, not its whole policy: each heading of a document,
    and each row of the codes table, is a record of its own, addressed at its anchor, holding its
    own words and not the next section's."""
    from .support.search_index import indexed_pages

    records = {page["url"]: page for page in indexed_pages(built_site)}
    page = (built_site / "documents" / "dms" / "index.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h[2-6] id="(dms-[^"]+)"', page)
    assert len(headings) > 10
    assert {f"/documents/dms/#{anchor}" for anchor in headings} <= set(records)
    clause = records["/documents/dms/#dms-7.2"]
    following = records[f"/documents/dms/#{headings[headings.index('dms-7.2') + 1]}"]
    assert clause["meta"]["page"].startswith("Dorchester Middle School")
    assert clause["content"].startswith(clause["meta"]["title"]) and following["meta"]["title"] not in clause["content"]
    code = records["/reference/codes/#code-c2"]
    assert code["meta"]["title"] == "Code C2" and "part-time timetable" in code["content"], code


def test_search_lists_every_page_of_the_index_by_its_title_and_address(built_site):
    """``records.json`` gives each page of the index its records, its title and its address, with
    which search lists a page before its sections' texts have downloaded: the title is the page's
    heading as its own records name it, the address is theirs without an anchor."""
    import json

    from .support.search_index import FOLDER, indexed_pages

    table = json.loads((built_site / FOLDER / "records.json").read_text(encoding="utf-8"))
    records = {page["id"].split("_", 1)[-1]: page for page in indexed_pages(built_site)}
    listed = [record for entry in table for record in entry[2].split()]
    assert sorted(listed) == sorted(records)
    for weight, school, ids, title, address in table:
        own = [records[record] for record in ids.split()]
        assert {record["url"].split("#")[0] for record in own} == {address}, address
        assert {record["meta"]["page"] for record in own} == {title}, (address, title)
    codes = next(entry for entry in table if entry[4] == "/reference/codes/")
    assert codes[3] == "Attendance codes"
    dms = next(entry for entry in table if entry[4] == "/documents/dms/")
    assert dms[1] == "dms" and dms[3].startswith("Dorchester Middle School")


def test_the_search_index_is_made_where_memory_has_no_room(built_site, tmp_path, monkeypatch):
    """The records Pagefind reads are written in memory (/dev/shm) for speed; where that is full (a
    container's is often 64 MB), the build writes them in the temporary folder instead, and the index
    is the same."""
    import errno
    import json
    import shutil

    from tools_py.site import search_index

    from .support.search_index import FOLDER

    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=lambda folder, names: [
        name for name in names if not name.endswith(".html") and not (Path(folder) / name).is_dir()])
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(search_index, "MEMORY", memory)
    writing = search_index.write_records
    tried = []

    def full(site_dir, staging):
        tried.append(staging)
        if staging.is_relative_to(memory):
            raise OSError(errno.ENOSPC, "No space left on device")
        return writing(site_dir, staging)

    monkeypatch.setattr(search_index, "write_records", full)
    search_index.index_site(site)
    assert [place.is_relative_to(memory) for place in tried] == [True, False]
    assert not list(memory.iterdir())
    made, built = (json.loads((root / FOLDER / "records.json").read_text(encoding="utf-8")) for root in (site, built_site))
    assert made == built


@pytest.mark.browser
def test_search_finds_codes_phrases_and_localities(built_site, browser):
    """Typing C2, a table phrase or a locality name into search offers the right page."""
    from .support.server import serve

    with serve(built_site) as base:
        page = browser.new_page()
        page.goto(base)
        for query, expected in (("C2", ["reference/codes/"]), ("Chesil", ["reference/contacts/", "documents/dc/"]),
                                ("regulated employment abroad", ["documents/sev/", "reference/codes/", "documents/regs2024/"])):
            hrefs = result_pages(page, query)[:10]
            assert any(page_path in href for href in hrefs for page_path in expected), (query, hrefs)
        page.context.close()


def test_flow_diagrams_are_static_svg_with_escaped_text(built_site, policy):
    """Each flowchart is in the page as SVG drawn at build time: its words are SVG text, no script draws it."""
    page = (built_site / "reference" / "flows" / "index.html").read_text(encoding="utf-8")
    assert "mermaid" not in page.lower()
    for flow in policy["flows"].values():
        block = re.search(rf'<div class="flow" id="flow-{re.escape(flow["id"])}">.*?</svg>', page, re.S)
        assert block, flow["id"]
        svg = block.group(0)[block.group(0).index("<svg"):]
        assert 'role="img"' in svg and f'aria-labelledby="flow-{flow["id"]}-diagram-title"' in svg, flow["id"]
        words = " ".join(re.findall(r"<text\b[^>]*>([^<]*)</text>", svg))
        for node in flow["nodes"]:
            label = html.escape(" ".join(plain_text(node["label"]).split()), quote=False)
            assert label in words, (flow["id"], label)


def test_diagram_text_cannot_break_out_of_the_svg():
    """Quotes, backslashes, Graphviz escapes, entities and markup in a label come out as the same characters."""
    import xml.etree.ElementTree as ET

    from tools_py.site.diagrams import svg

    hostile = 'A "quote" \\N \\ &amp; </text><script>alert(1)</script> ]; n1 -> n2 [label=x'
    flow = {"id": "test-flow", "title": "T <b>", "nodes": [
        {"id": "a", "label": hostile, "kind": "start"},
        {"id": "b", "label": "Next", "kind": "decision"}],
        "edges": [{"from": "a", "to": "b", "label": hostile}]}
    root = ET.fromstring(svg(flow))
    ns = "{http://www.w3.org/2000/svg}"
    assert not list(root.iter(f"{ns}script"))
    lines = [element.text for element in root.iter(f"{ns}text")]
    assert " ".join(lines).count(hostile) == 2, lines  # the node's label and the edge's, each whole
    assert root.find(f"{ns}title").text == "Diagram: T <b>"
    assert len(list(root.iter(f"{ns}g"))) == 4  # the graph, two nodes, one edge: the label made no node


@pytest.mark.browser
def test_flowchart_page_has_svg_diagrams_and_no_diagram_script(built_site, policy, browser):
    """On a 390 px phone the flowcharts are SVG with their words as text, readable, and no script draws them."""
    from .support.server import serve

    with serve(built_site) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(base + "reference/flows/")
        page.wait_for_load_state("networkidle")
        scripts = page.evaluate("[...document.scripts].map((s) => s.src || 'inline')")
        assert not [src for src in scripts if re.search(r"mermaid|diagram|graphviz|dagre|elk", src, re.I)], scripts
        assert not [url for url in requested if "mermaid" in url.lower()], requested
        assert page.evaluate("typeof window.mermaid") == "undefined"
        assert all(url.startswith(base) for url in requested), [u for u in requested if not u.startswith(base)]
        diagrams = page.evaluate("""() => [...document.querySelectorAll('.flow')].map((flow) => {
            const region = flow.querySelector('.flow-diagram');
            const svg = region.querySelector('svg');
            const title = document.getElementById(svg.getAttribute('aria-labelledby'));
            const text = svg.querySelector('text');
            return {id: flow.id, role: svg.getAttribute('role'), title: title && title.textContent,
                    words: [...svg.querySelectorAll('text')].map((t) => t.textContent).join(' '),
                    fits: region.scrollWidth <= region.clientWidth,
                    scrolls: getComputedStyle(region).overflowX === 'auto' && region.tabIndex === 0,
                    pageWidth: document.documentElement.scrollWidth,
                    textPx: text.getBoundingClientRect().height};
        })""")
        assert len(diagrams) == len(policy["flows"]) > 0
        for shown in diagrams:
            flow = policy["flows"][shown["id"].removeprefix("flow-")]
            assert shown["role"] == "img" and shown["title"].startswith("Diagram: "), shown
            assert " ".join(plain_text(flow["nodes"][0]["label"]).split()) in shown["words"], shown
            assert shown["fits"] or shown["scrolls"], shown  # too wide: its own region scrolls, not the page
            assert shown["pageWidth"] <= 390, shown
            assert shown["textPx"] >= 10, shown  # the words are not shrunk below legibility
        page.context.close()


def test_large_text_and_wasm_files_have_precompressed_copies(built_site):
    """A server can send the build's .br/.gz copies as they are: each decompresses to its original."""
    import gzip

    import brotli

    pyodide = next((built_site / "assets" / "vendor").glob("pyodide-*"))
    wanted = [built_site / "index.html", built_site / "reference" / "flows" / "index.html",
              built_site / "search" / "pagefind" / "pagefind.js",
              built_site / "assets" / "tools" / "worker.mjs", pyodide / "pyodide.asm.wasm", pyodide / "pyodide.asm.mjs"]
    wanted += list((built_site / "assets" / "stylesheets").glob("main.*.min.css"))
    wanted += list((built_site / "assets").glob("handbook.*.js")) + list((built_site / "assets").glob("handbook.*.css"))
    for path in wanted:
        original = path.read_bytes()
        assert gzip.decompress((path.parent / (path.name + ".gz")).read_bytes()) == original, path
        assert brotli.decompress((path.parent / (path.name + ".br")).read_bytes()) == original, path
    already_compressed = list(built_site.rglob("*.whl")) + list(built_site.rglob("*.zip")) + list(built_site.rglob("*.png"))
    assert already_compressed and not [p for p in already_compressed
                                       if p.with_name(p.name + ".gz").exists() or p.with_name(p.name + ".br").exists()]


def test_the_pyodide_lock_file_lists_no_package(built_site):
    """The tools load no Pyodide package, so the site does not make every browser fetch the full list."""
    import json

    lock = json.loads(next(built_site.glob("assets/vendor/pyodide-*/pyodide-lock.json")).read_text())
    full = json.loads((REPO / "node_modules" / "pyodide" / "pyodide-lock.json").read_text())
    assert lock == {"info": full["info"], "packages": {}}
