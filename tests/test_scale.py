"""The handbook still checks and builds with many schools (tests/scale.py generates them).

Kept cheap: 20 generated schools, one strict build (about 10–25 s on this machine). The full
measurement, up to 100 schools, is tests/benchmark_scale.py.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter

import pytest

from tools_py.compile import compile_policy

from .scale import build, generate

COUNT = 20


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("scale")
    ids = generate(root, COUNT)
    return root, ids


def test_generated_schools_are_valid_and_realistic(generated):
    """Every generated document passes the same checks as the real ones, at a real document's size."""
    root, ids = generated
    data = compile_policy(root / "policy_data")
    assert set(ids) <= set(data["documents"])
    clauses = Counter(clause["document"] for clause in data["clauses"].values())
    sizes = [clauses[doc_id] for doc_id in ids]
    assert min(sizes) >= 30 and max(sizes) <= 160, sizes
    assert 40 <= sum(sizes) / len(sizes) <= 130, sizes

    def tables(sections):
        return sum(bool(b.get("table")) for s in sections for b in s.get("blocks") or []) + sum(
            tables(s.get("sections") or []) for s in sections)

    assert all(tables(data["documents"][doc_id]["sections"]) >= 1 for doc_id in ids)
    assert all(data["documents"][doc_id].get("facts") for doc_id in ids)
    # A generated school is one file, with no tool rows or induction scenarios of its own: the
    # induction check still finds every scenario answerable for every school.
    from tools_py.compile.induction_check import check_induction

    assert check_induction(data, _dt.date(2026, 11, 23)) == []


@pytest.fixture(scope="module")
def built(generated, tmp_path_factory):
    root, ids = generated
    site = tmp_path_factory.mktemp("scale-site") / "site"
    seconds = build(root, site)
    print(f"\nbuilt {len(ids)} generated schools (+7 real documents) in {seconds:.1f} s")
    return site, ids


def test_twenty_more_schools_build(built):
    """A strict build with 20 generated schools succeeds: every page, and each in the search index."""
    site, ids = built
    for doc_id in ids:
        assert (site / "documents" / doc_id / "index.html").exists()
    from .support.search_index import indexed_pages

    located = {page["url"].split("/")[2] for page in indexed_pages(site)
               if page["url"].startswith("/documents/")}
    assert set(ids) <= located


def test_with_many_schools_every_page_lists_its_own_school_and_the_index_pages_list_them_all(built):
    """Beyond a dozen schools the navigation no longer lists every school's pages on every page (a
    council's 150 schools made 450 entries on each of 470 pages). Each page's navigation leads to the
    three index pages, each index page links every school's page, and a school's page keeps its own
    entry (with its contents, the phone's way to a section): every page is still two steps away."""
    from tools_py.site.school_pages import LISTED_UP_TO

    from .support.text import page_links

    site, ids = built
    schools = sorted(set(ids) | {"dms", "sev", "dss", "ote"})
    assert len(schools) > LISTED_UP_TO
    sections = ("documents", "parents", "induction")
    school_pages = {f"{section}/{school}" for section in sections for school in schools}
    for section in sections:
        index = page_links((site / section / "index.html").read_text(encoding="utf-8"), section)
        assert {f"{section}/{school}" for school in schools} <= index["article"], section
    pages = sorted(path.parent.relative_to(site).as_posix() for path in site.rglob("index.html"))
    assert len(pages) > 3 * len(schools)
    for path in pages:
        path = "" if path == "." else path
        nav = page_links((site / path / "index.html").read_text(encoding="utf-8"), path)["nav"]
        assert set(sections) <= nav, path
        assert nav & school_pages <= {path}, (path, sorted(nav & school_pages)[:5])
        if path in school_pages:
            assert path in nav, path
