"""Precompressed copies of the built site's text and WebAssembly files, written beside them.

A web server that knows to look for them (nginx's ``gzip_static`` and ``brotli_static``, Apache's
MultiViews, most static hosts) sends ``page.html.gz`` or ``page.html.br`` to a browser that accepts
it, with no compression work per request; an intranet share can serve the same files. See the
README, "Serving the handbook".

Files already compressed (the wheel, Pyodide's zipped standard library, images) are left alone, and
a copy that would not save at least a tenth is not written. Compressing Pyodide's WebAssembly takes
seconds, so each copy is cached on disk by a hash of the file's bytes: a build compresses only what
changed since the last one. A cached copy is used only if it decompresses to exactly the file's bytes;
one that is cut short, damaged or stale is reported, made again and replaced, never served.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path

from . import cache

try:  # optional: the build still works, with gzip copies only, where the package is missing
    import brotli
except ImportError:  # pragma: no cover - pinned in pyproject.toml
    brotli = None

CACHE = cache.ROOT / "compressed"

SUFFIXES = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".wasm", ".xml", ".txt"}
SMALLEST = 1024  # bytes; smaller files gain too little to be worth a second request path
WORTH = 0.9  # keep a copy only when it is at most 90 % of the original
# Brotli's best setting is slow on large files (seconds a megabyte); above this size the next best
# one gives nearly the same size at a fraction of the time.
BEST_UP_TO = 2 * 1024 * 1024
# The pages are remade by every build, and a council's 150 schools make 500 of them: at Brotli's best
# setting they took minutes (a 140 KB document page: 270 ms, 19.9 KB); at setting 5, 6 ms for 23.6 KB,
# still smaller than gzip's 27.3 KB. Scripts, styles and Pyodide change rarely and are cached by
# content, so they keep the best setting.
PAGES = {".html", ".xml"}
PAGE_QUALITY = 5


def _gzip(data: bytes, page: bool = False) -> bytes:  # gzip's best setting is quick enough for pages too
    return gzip.compress(data, compresslevel=9, mtime=0)  # mtime 0: the same bytes every build


def _brotli(data: bytes, page: bool = False) -> bytes:
    mode = brotli.MODE_TEXT if len(data) <= BEST_UP_TO else brotli.MODE_GENERIC
    quality = PAGE_QUALITY if page else 11 if len(data) <= BEST_UP_TO else 9
    return brotli.compress(data, quality=quality, mode=mode)


ENCODINGS = {".gz": _gzip}
if brotli is not None:
    ENCODINGS[".br"] = _brotli


_DECOMPRESS = {".gz": gzip.decompress}
if brotli is not None:
    _DECOMPRESS[".br"] = brotli.decompress


def _cached(data: bytes, suffix: str, page: bool = False) -> bytes:
    """The compressed copy of ``data``, from the cache when an entry there decompresses to exactly
    ``data``; else compressed now (and the entry replaced, with a warning when it was damaged or stale)."""
    key = hashlib.sha256(data).hexdigest()
    path = CACHE / f"{key}{suffix}"
    try:
        packed = path.read_bytes()
    except FileNotFoundError:
        packed = None
    except OSError as error:
        cache.warn(path, f"cannot be read ({error.strerror})")
        packed = None
    if packed is not None:
        try:
            if _DECOMPRESS[suffix](packed) == data:
                return packed
            problem = "is not the compressed copy of the file it is named after"
        except Exception as error:  # noqa: BLE001 - gzip and brotli each raise their own kind for a cut-short entry
            problem = f"cannot be decompressed ({type(error).__name__})"
        cache.warn(path, problem)
    packed = ENCODINGS[suffix](data, page)
    try:
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.{id(packed)}.tmp")
        partial.write_bytes(packed)
        partial.replace(path)  # atomic: two builds at once never read half a file
    except OSError as error:
        cache.warn(path, f"cannot be written ({error.strerror})", "the build goes on without it")
    return packed


def precompress(site_dir: Path) -> dict[str, int]:
    """Write ``.gz`` (and ``.br``) beside each large text or wasm file; return bytes written by suffix."""
    written = dict.fromkeys(ENCODINGS, 0)
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in SUFFIXES or not path.is_file():
            continue
        data = path.read_bytes()
        if len(data) < SMALLEST:
            continue
        for suffix in ENCODINGS:
            target = path.with_name(path.name + suffix)
            if target.exists():  # made by the build itself (MkDocs's sitemap.xml.gz): keep it
                continue
            packed = _cached(data, suffix, path.suffix in PAGES)
            if len(packed) <= WORTH * len(data):
                target.write_bytes(packed)
                written[suffix] += len(packed)
    return written
