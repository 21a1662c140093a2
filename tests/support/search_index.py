"""Read the built site's search index (Pagefind's files) as the tests need it.

Pagefind writes one file per record, a section of a page (tools_py/site/search_index.py), under
``search/pagefind/fragment/``: gzip, then the marker ``pagefind_dcd``, then JSON with the section's
text (``content``), its meta (``url``: the page, or the page at the section's heading; ``title``:
the section's heading; ``page``: the page's title), the elements with an id (``anchors``) and its
filters (the page's search weight and school).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

FOLDER = "search/pagefind"
MARKER = b"pagefind_dcd"


def indexed_pages(site: Path) -> list[dict]:
    """Every record Pagefind indexed, as the JSON of its fragment file, with ``url`` its address in the
    site (``/documents/dms/#dms-7``: the address a result links to, its ``url`` meta)."""
    pages = []
    for path in sorted((Path(site) / FOLDER / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(MARKER), path
        record = json.loads(raw[len(MARKER):])
        pages.append({**record, "url": (record.get("meta") or {}).get("url", record["url"]), "id": path.stem})
    return pages
