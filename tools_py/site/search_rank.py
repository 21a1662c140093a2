"""Search weights by section, so a search finds the rule before the pages that teach or retell it.

Staff type plain words ("arrives after the register closes"). The induction and parents' pages
quote the same clauses inside question text and unit titles, so without weights those pages came
first and the clause, the codes table and the tool 11th to 19th. Each page gets a weight from the
folder it lives in; a page's own front matter (``search: {boost: …}`` or ``search: {exclude: true}``)
still wins.

The weight travels in the page itself: the page's content is marked for Pagefind
(``data-pagefind-body``) with its weight as a Pagefind filter (``data-pagefind-filter="weight:4"``),
which each of the page's sections keeps in the index (tools_py/site/search_index.py, which also
lists each page's weight, records and title for the worker in ``records.json``); the search worker
(overrides/assets/search/worker.js) multiplies each section's score by it.
Material's own index is left empty (every page is ``exclude``d from it): Pagefind indexes the pages.
A school's own pages also carry the filter ``school:<id>``, so that the worker can put the reader's
remembered school's pages before other schools' pages.
"""

from __future__ import annotations

from . import escape

# Folder (or page) prefix of the source file → the page's weight. The longest prefix wins.
BOOSTS = {
    "documents/": 4.0,        # the rule itself, in its document's words
    "reference/codes.md": 4.0,
    "tools/": 4.0,            # the tool that answers the question
    "reference/": 1.0,        # flowcharts, comparison, conflicts, contacts, glossary
    "parents/": 0.3,          # the same rules retold for parents
    "induction/": 0.1,        # the same rules quoted inside training questions
}


def boost_for(src_path: str) -> float | None:
    """The boost for a page's source path (``tools/notify_la.md``), or None for the default."""
    path = src_path.replace("\\", "/")
    matches = [prefix for prefix in BOOSTS if path.startswith(prefix)]
    return BOOSTS[max(matches, key=len)] if matches else None


# A school's own pages (generated from its document file, tools_py/site/school_pages.py): the search
# worker puts the reader's remembered school's pages before other schools' (README, "Search").
SCHOOL_SECTIONS = ("documents", "parents", "induction")


def school_of(src_path: str, schools) -> str | None:
    """The school whose page this is (``parents/dms.md`` → ``dms``), or None for any other page."""
    section, _, name = src_path.replace("\\", "/").partition("/")
    school = name[:-3] if name.endswith(".md") else None
    return school if section in SCHOOL_SECTIONS and school in schools else None


def weigh(page, schools) -> None:
    """Keep the page's weight for Pagefind, and keep the page out of Material's own index (``schools``:
    the build's schools, to know a school's own page)."""
    page.meta["search_school"] = school_of(page.file.src_uri, schools)
    search = page.meta.get("search") or {}
    if search.get("exclude"):
        page.meta["search_weight"] = None  # not searchable at all
    else:
        boost = search.get("boost", boost_for(page.file.src_uri))
        page.meta["search_weight"] = 1.0 if boost is None else float(boost)
    page.meta["search"] = {**search, "exclude": True}  # Material's index stays empty: Pagefind indexes


_ARTICLE = '<article class="md-content__inner md-typeset">'
# What a search must not read: the pilcrow of each heading's permalink, and a tool's status line,
# which says "This tool runs in your browser and needs JavaScript" until the tool has started.
_LEFT_OUT = {'<a class="headerlink"': '<a data-pagefind-ignore class="headerlink"',
             '<div class="tool-status"': '<div data-pagefind-ignore class="tool-status"'}


def mark(html: str, page) -> str:
    """The built page with its content marked for Pagefind, with its weight; unchanged if excluded."""
    weight = page.meta.get("search_weight")
    if weight is None or _ARTICLE not in html:
        return html
    school = page.meta.get("search_school")
    whose = f'<span hidden data-pagefind-filter="school:{escape.text(school)}"></span>' if school else ""
    html = html.replace(_ARTICLE, f'{_ARTICLE[:-1]} data-pagefind-body data-pagefind-filter="weight:{weight:g}">'
                        + whose, 1)
    for opening, ignored in _LEFT_OUT.items():
        html = html.replace(opening, ignored)
    return html
