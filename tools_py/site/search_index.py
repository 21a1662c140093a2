"""The search index: Pagefind, one record per section of each built page, in small files loaded as needed.

Material's own search puts every page's text into one file that every page downloads and indexes
on the reader's device: 0.5 MB for the handbook's 7 documents, 13 MB for a council's 150 schools.
Pagefind (the program, from PyPI's ``pagefind-bin``, run here at build time) writes an index cut
into chunks by word and one file per record's text; the search worker
(overrides/assets/search/worker.js) loads Pagefind's code and the index's table of contents, then
for each query only the chunks holding its words and the records it shows.

A record is one section of a page (the text from one heading to the next), not the whole page, so
showing a result loads that section's text (a kilobyte or two), not a whole policy's (up to 21 KiB
compressed: at 150 schools, ten such downloads were most of a search's time on a slow phone), and
the result links to the section's heading. Each record keeps its page's weight and school filters
(tools_py/site/search_rank.py), its section's title (``title``) and its page's title (``page``).
Only the pages' content is indexed (``data-pagefind-body``); ``:`` counts as part of a word, so a
time such as 9:30 stays whole. See the README, "Search".
"""

from __future__ import annotations

import contextlib
import gzip
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .escape import text as _esc

OUTPUT = "search/pagefind"
# What the worker loads; Pagefind also writes its own interfaces, which the site does not use.
RECORDS = "records.json"  # each page's weight, school, records, title and address (write_pages_of_records)
USED = ("pagefind.js", "pagefind-entry.json", "*.pf_meta", "wasm.*.pagefind", "index", "fragment", "filter")

_BODY = re.compile(r"<article\b[^>]*\bdata-pagefind-body\b[^>]*>")
_HEADING = re.compile(r"<h([1-6])\b[^>]*\bid=\"([^\"]+)\"[^>]*>(.*?)</h\1>", re.S)
_ROW = re.compile(r"<tr\b[^>]*\bid=\"([^\"]+)\"[^>]*>")
_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_IGNORED = re.compile(r"<(\w+)\b[^>]*\bdata-pagefind-ignore\b[^>]*>.*?</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")


class SearchIndexError(Exception):
    """Pagefind is missing or failed; the message says what to do."""


def heading_text(markup: str) -> str:
    """A heading's words as the reader sees them: no tags, no permalink sign."""
    return " ".join(html.unescape(_TAG.sub("", _IGNORED.sub("", markup))).split())


def page_url(site_dir: Path, path: Path) -> str:
    relative = path.relative_to(site_dir).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def sections(page_html: str, url: str) -> list[tuple[str, str]]:
    """(address, record HTML) for each section of a built page's indexed content; [] if none.

    The content is cut before each heading that has an id, and before each table row that has one
    (the codes table: one record per code, linking to its row). The first part (the page's title and
    its opening) is addressed as the page, each later one as the page at its anchor. A part cut out
    of an element (a heading inside a tool's box, a row out of its table) is still read whole:
    Pagefind's parser closes what is left open and skips a stray closing tag."""
    opening = _BODY.search(page_html)
    if not opening:
        return []
    end = page_html.find("</article>", opening.end())
    content = page_html[opening.end(): end if end >= 0 else len(page_html)]
    headings = list(_HEADING.finditer(content))
    first_h1 = next((h for h in headings if h.group(1) == "1"), None)
    page_title = heading_text(first_h1.group(3)) if first_h1 else ""
    after = first_h1.end() if first_h1 else 0
    cuts = sorted([(h.start(), h.group(2), heading_text(h.group(3))) for h in headings if h.start() > after]
                  + [(row.start(), row.group(1), _row_title(content, row)) for row in _ROW.finditer(content)
                     if row.start() > after])
    # Filters that sit at the top of the content (the page's school) apply to every section.
    top = content[: (headings[0].start() if headings else 0)]
    filters = "".join(re.findall(r"<span hidden data-pagefind-filter=\"[^\"]*\"></span>", top))
    rows = {start for start, _id, _title in cuts if content.startswith("<tr", start)}
    starts = [0] + [start for start, _id, _title in cuts]
    ends = starts[1:] + [len(content)]
    out = []
    for index, (start, stop) in enumerate(zip(starts, ends)):
        title = page_title if index == 0 else cuts[index - 1][2]
        address = url if index == 0 else f"{url}#{cuts[index - 1][1]}"
        # A row has no heading of its own: its title (Code I) is said in its text, as a heading is.
        named = f"<h2>{_esc(title)}</h2>" if start in rows else ""
        out.append((address, '<html lang="en"><head><title></title></head><body>'
                    f'<p data-pagefind-meta="url">{_esc(address)}</p>'
                    f'<p data-pagefind-meta="page">{_esc(page_title)}</p>'
                    f'<p data-pagefind-meta="title">{_esc(title)}</p>'
                    f"{opening.group(0)}{filters if index else ''}{named}{content[start:stop]}</article></body></html>"))
    return out


def _row_title(content: str, row) -> str:
    """A table row's title: its table's first column heading and the row's own heading (Code I)."""
    table = content.rfind("<table", 0, row.start())
    column = _CELL.search(content, table, row.start()) if table >= 0 else None
    cell = _CELL.search(content, row.end())
    words = [heading_text(column.group(1)) if column else "", heading_text(cell.group(1)) if cell else ""]
    return " ".join(word for word in words if word)


def records(site_dir: Path):
    """Every section of every built page that is marked for search, in a stable order."""
    for path in sorted(Path(site_dir).rglob("*.html")):
        if OUTPUT in path.relative_to(site_dir).as_posix():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if "data-pagefind-body" in text:
            yield from sections(text, page_url(Path(site_dir), path))


def pagefind_program() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise SearchIndexError("Pagefind is not installed (the pagefind[bin] package). Run 'make setup'.") from None
    return Path(get_executable())


def write_records(site_dir: Path, staging: Path) -> int:
    """One small HTML file per section under ``staging`` (its address in its ``url`` meta); how many."""
    count = 0
    for count, (url, content) in enumerate(records(site_dir), start=1):
        path = staging / f"{count:06d}.html"
        path.write_text(content, encoding="utf-8")
    return count


# A memory-backed folder for the records Pagefind reads: at 150 schools they are 8,900 small files,
# which took 2.9 s to write on this project's build machine's disk and 0.4 s in memory.
MEMORY = Path("/dev/shm")


@contextlib.contextmanager
def _staged_records(site_dir: Path):
    """A folder holding the records (and how many), removed afterwards: in memory where the system has
    a memory-backed folder with room for them, else in the temporary folder."""
    places = [MEMORY, None] if MEMORY.is_dir() and os.access(MEMORY, os.W_OK | os.X_OK) else [None]
    for place in places:
        with tempfile.TemporaryDirectory(prefix="handbook-search-records-", dir=place) as staging:
            try:
                count = write_records(site_dir, Path(staging))
            except OSError:  # full (a container's small /dev/shm): the next place
                if place is None:
                    raise
                continue
            yield Path(staging), count
            return


def index_site(site_dir: Path) -> Path:
    """Write the search index into ``site_dir/search/pagefind/``; return that folder."""
    site_dir = Path(site_dir).resolve()
    folder = site_dir / OUTPUT
    program = pagefind_program()
    shutil.rmtree(folder, ignore_errors=True)
    with _staged_records(site_dir) as (staging, count):
        if not count:
            raise SearchIndexError("No page is marked for search (data-pagefind-body): nothing to index.")
        command = [str(program), "--site", staging, "--output-path", str(folder),
                   "--include-characters", ":", "--force-language", "en", "--silent"]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.SubprocessError) as problem:
            raise SearchIndexError(f"Pagefind could not run: {problem}") from None
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise SearchIndexError("Pagefind failed to index the site:\n" + "\n".join(said))
    for path in list(folder.iterdir()):
        if not any(path.match(pattern) for pattern in USED):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    write_pages_of_records(folder)
    return folder


def write_pages_of_records(folder: Path) -> list:
    """``records.json``: the pages of the index, each as [weight, school or null, records, title, address].

    Pagefind tells a search's hits by id only; a hit's page, weight and school are in its text file,
    loaded only for the results shown. The worker must weigh every hit, and gather a page's sections,
    before choosing those, so it reads them here, once, at page load: for each page its weight, its
    school, the ids of its records (without the language prefix), space-separated, and its title and
    address, with which the worker lists a page before its sections' texts have arrived. Pagefind
    could weigh with a search per weight for every query (four searches instead of one), or answer a
    search of filters alone, but that loads every chunk of the index."""
    pages: dict = {}
    for path in sorted((folder / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        record = json.loads(raw[raw.index(b"{"):])
        filters = record.get("filters") or {}
        meta = record.get("meta") or {}
        address = meta.get("url", record.get("url", "")).split("#")[0]
        weight = float((filters.get("weight") or ["1"])[0])
        page = pages.setdefault(address, [int(weight) if weight.is_integer() else weight,
                                          (filters.get("school") or [None])[0], [],
                                          meta.get("page") or meta.get("title") or address, address])
        page[2].append(path.stem.split("_", 1)[-1])
    table = [[weight, school, " ".join(ids), title, address] for weight, school, ids, title, address in pages.values()]
    (folder / RECORDS).write_text(json.dumps(table, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    return table
