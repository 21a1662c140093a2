"""The build's caches in ``.cache/`` (drawn diagrams, compressed copies): how a bad entry is reported.

Everything read back from a cache is checked first (diagrams.py: the hash stored with the drawing;
compress.py: the copy must decompress to the file's exact bytes). An entry that fails is never
published: it is made again and replaced, and the build says so on stderr and goes on. A cache that
cannot be read or written makes the build slower, never fail.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / ".cache"


def warn(entry: Path, problem: str, then: str = "it is made again and not used as it was"):
    """One line on stderr (not MkDocs's log: its strict mode would stop the build on a warning)."""
    try:
        shown = entry.relative_to(ROOT.parent)
    except ValueError:
        shown = entry
    print(f"warning: {shown} {problem}; {then}.", file=sys.stderr)
