"""Read the built site's search index (Pagefind's files) as the tests need it.

Pagefind writes one file per page under ``search/pagefind/fragment/``: gzip, then the marker
``pagefind_dcd``, then JSON with the page's address, its text (``content``), its title (``meta``),
the elements with an id (``anchors``) and its filters (the page's search weight).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

FOLDER = "search/pagefind"
MARKER = b"pagefind_dcd"


def indexed_pages(site: Path) -> list[dict]:
    """Every page Pagefind indexed, as the JSON of its fragment file."""
    pages = []
    for path in sorted((Path(site) / FOLDER / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(MARKER), path
        pages.append(json.loads(raw[len(MARKER):]))
    return pages
