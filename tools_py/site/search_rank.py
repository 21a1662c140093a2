"""Search weights by section, so a search finds the rule before the pages that teach or retell it.

Staff type plain words ("arrives after the register closes"). The induction and parents' pages
quote the same clauses inside question text and unit titles, and Material's search ranks a title
match a thousand times above a body match, so without weights those pages came first and the
clause, the codes table and the tool 11th to 19th. Each page gets Material's ``search.boost``
from the folder it lives in; a page's own front matter (``search: {boost: …}`` or
``search: {exclude: true}``) still wins.
"""

from __future__ import annotations

# Folder (or page) prefix of the source file → lunr document boost. The longest prefix wins.
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


def weigh(page) -> None:
    """Set ``page.meta['search']['boost']`` unless the page's front matter already sets it."""
    boost = boost_for(page.file.src_uri)
    search = page.meta.get("search") or {}
    if boost is None or "boost" in search or search.get("exclude"):
        return
    page.meta["search"] = {**search, "boost": boost}
