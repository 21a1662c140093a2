"""A school's pages and navigation are generated from its document file, never copied by hand.

Every document in policy_data/documents/ gets a page under documents/; every school's or provider's
document also gets a parents' page and an induction path. Each page is one of the templates in
docs/_templates/ with the document's id put in (the pages are headings, prose and macro calls, so
one template serves every school); what a school's parents' page quotes is data, the document's
``parents_page:`` clauses. A page written by hand at the same place (docs/parents/<id>.md) wins over
the template. Each generated page is added to its section of the navigation, schools in the order of
their names, after the pages the navigation already lists.
"""

from __future__ import annotations

from pathlib import Path

from tools_py.questions import school_ids

from .per_build import once_per_data

TEMPLATES = Path(__file__).resolve().parents[2] / "docs" / "_templates"
PLACEHOLDER = "SCHOOL"


def _documents(data) -> list[str]:
    """Schools and providers by name, then the other documents in the order of their files."""
    schools = sorted(school_ids(data), key=lambda doc_id: data["documents"][doc_id]["organisation"].casefold())
    return schools + [doc_id for doc_id in data["documents"] if doc_id not in schools]


def wanted(data) -> list[tuple[str, str, str]]:
    """(section, page path, document id) for every page the documents call for."""
    pages = [("documents", f"documents/{doc_id}.md", doc_id) for doc_id in _documents(data)]
    for section in ("parents", "induction"):
        pages += [(section, f"{section}/{doc_id}.md", doc_id) for doc_id in _documents(data)
                  if doc_id in school_ids(data)]
    return pages


def page_text(section: str, doc_id: str) -> str:
    return (TEMPLATES / f"{section}.md").read_text(encoding="utf-8").replace(PLACEHOLDER, doc_id)


def _nav_paths(items) -> set[str]:
    found = set()
    for item in items or []:
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                found |= _nav_paths(value) if isinstance(value, list) else {value}
    return found


def _section(nav, section: str) -> list | None:
    """The list of the navigation section whose index page is ``<section>/index.md``."""
    for item in nav or []:
        if isinstance(item, dict):
            for value in item.values():
                if isinstance(value, list) and f"{section}/index.md" in _nav_paths(value):
                    return value
    return None


def add_to_nav(nav, data) -> list:
    """The navigation with every page the documents call for that it does not list, in its section
    after the section's index page (schools by name first, as ``wanted`` orders them)."""
    listed = _nav_paths(nav)
    added: dict[str, int] = {}
    for section, path, doc_id in wanted(data):
        entries = _section(nav, section)
        if path in listed or entries is None:
            continue
        start = next(i for i, item in enumerate(entries) if f"{section}/index.md" in _nav_paths([item])) + 1
        # The name is filled in by the macro nav_title when the page is built, escaped as text: the
        # theme writes a navigation title as it is, and mkdocs-macros renders one holding a template.
        entries.insert(start + added.get(section, 0), {f'{{{{ nav_title("{doc_id}") }}}}': path})
        added[section] = added.get(section, 0) + 1
    return nav


def generated(data, docs_dir: Path) -> list[tuple[str, str]]:
    """(page path, Markdown) for each page the documents call for that no file in docs/ provides."""
    return [(path, page_text(section, doc_id)) for section, path, doc_id in wanted(data)
            if not (docs_dir / path).is_file()]


# A sidebar lists every school's pages while they are few enough to scan. A council's 150 schools
# made 450 entries: on every one of the 470 pages (148 KB of each), so the pages, their rendering,
# compression and indexing grew with the square of the schools, and a list that long is read by no
# one. Beyond this many schools, a page's navigation lists its own school page only, and the
# section's index page (linked from every page's navigation) lists them all.
LISTED_UP_TO = 12


class _ShownSection:
    """A navigation section as one page shows it: fewer children, everything else the section's own."""

    def __init__(self, section, children: list):
        self._section = section
        self.children = children

    def __getattr__(self, name):
        return getattr(self._section, name)


@once_per_data
def school_page_paths(data) -> frozenset[str]:
    """The source paths of the pages generated for schools and providers (documents/, parents/, induction/)."""
    schools = set(school_ids(data))
    return frozenset(path for _, path, doc_id in wanted(data) if doc_id in schools)


def shown_nav(nav, page, data):
    """The navigation ``page`` shows: the whole of it up to LISTED_UP_TO schools; beyond, without the
    other schools' pages (its own school page stays, with its contents, where it is)."""
    if nav is None or len(school_ids(data)) <= LISTED_UP_TO:
        return nav
    from mkdocs.structure.nav import Navigation

    hidden = school_page_paths(data)
    if page is not None and page.file is not None:
        hidden = hidden - {page.file.src_uri}

    def shown(items):
        out = []
        for item in items:
            if item.is_page and item.file is not None and item.file.src_uri in hidden:
                continue
            out.append(_ShownSection(item, shown(item.children)) if item.is_section else item)
        return out

    return Navigation(shown(nav.items), nav.pages)
