"""The search index: Pagefind, run over the built pages, in small files a reader loads as needed.

Material's own search puts every page's text into one file that every page downloads and indexes
on the reader's device: 0.5 MB for the handbook's 7 documents, 13 MB for a council's 150 schools.
Pagefind (``pagefind[bin]`` from PyPI: a program shipped inside the package, run here at build
time) writes an index cut into chunks by word and one file per page's text; the search worker
(overrides/assets/search/worker.js) loads Pagefind's code and the index's table of contents, then
for each query only the chunks holding its words and the pages it lists. See the README, "Search".

Only the pages' content is indexed (``data-pagefind-body``, set with each page's weight by
tools_py/site/search_rank.py). ``:`` counts as part of a word, so a time such as 9:30 stays whole.
Pagefind's own search interfaces are not used (Material's search box is) and are removed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

OUTPUT = "search/pagefind"
# What the worker loads; Pagefind also writes its own interfaces, which the site does not use.
USED = ("pagefind.js", "pagefind-entry.json", "*.pf_meta", "wasm.*.pagefind", "index", "fragment", "filter")


class SearchIndexError(Exception):
    """Pagefind is missing or failed; the message says what to do."""


def pagefind_program() -> Path:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise SearchIndexError("Pagefind is not installed (the pagefind[bin] package). Run 'make setup'.") from None
    return Path(get_executable())


def index_site(site_dir: Path) -> Path:
    """Write the search index into ``site_dir/search/pagefind/``; return that folder."""
    site_dir = Path(site_dir)
    command = [str(pagefind_program()), "--site", str(site_dir), "--output-subdir", OUTPUT,
               "--include-characters", ":", "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.SubprocessError) as problem:
        raise SearchIndexError(f"Pagefind could not run: {problem}") from None
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise SearchIndexError("Pagefind failed to index the site:\n" + "\n".join(said))
    folder = site_dir / OUTPUT
    for path in list(folder.iterdir()):
        if not any(path.match(pattern) for pattern in USED):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    return folder
