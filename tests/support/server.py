"""A static file server on 127.0.0.1 for the built site, behaving as a production server would.

- The MIME types Pyodide needs (``.mjs`` as JavaScript, ``.wasm`` as ``application/wasm``).
- Precompressed copies: for ``page.html`` it sends ``page.html.br`` or ``page.html.gz`` (written by
  the build, tools_py/site/compress.py) with ``Content-Encoding`` when the request's
  ``Accept-Encoding`` allows, as nginx's ``brotli_static`` and ``gzip_static`` do.
- Caching: files whose address changes when their content does (Pyodide's versioned folder, Material's
  hashed bundles, the wheel asked for with ``?v=``) may be kept for a year; everything else must be
  revalidated (``no-cache``, answered 304 when unchanged), so a new build is seen at once.

It also counts the bytes it sends per path, and their uncompressed size (``Handler.sent`` and
``Handler.raw``), for tests/benchmark.py.
"""

from __future__ import annotations

import email.utils
import functools
import http.server
import os
import re
import sys
import threading
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

TYPES = {".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm",
         ".json": "application/json", ".whl": "application/zip", ".css": "text/css",
         ".html": "text/html", ".svg": "image/svg+xml", ".zip": "application/zip"}

# Preferred first: brotli is smaller than gzip.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
YEAR = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
_VERSIONED = re.compile(r"/assets/vendor/[^/]+-\d[^/]*/|\.[0-9a-f]{8}(?:\.min)?\.(?:js|css)$")


def cache_control(path: str, query: str) -> str:
    """A year for an address that names its content's version, revalidation for the rest."""
    return YEAR if _VERSIONED.search(path) or re.search(r"(?:^|&)v=", query) else REVALIDATE


def accepted(header: str | None) -> set[str]:
    """The content codings a request's Accept-Encoding allows (q=0 excludes one)."""
    found = set()
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        if name and not re.search(r"q\s*=\s*0(?:\.0*)?\s*$", params.strip()):
            found.add(name.strip().lower())
    return found


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}
    sent: dict = {}  # path -> bytes of body sent (compressed where it was), for the benchmark
    raw: dict = {}  # path -> bytes of the same files uncompressed
    lock = threading.Lock()

    def send_head(self):
        self.raw_size = None  # set below when a file (or its compressed copy) is sent
        url = urllib.parse.urlsplit(self.path)
        path = self.translate_path(self.path)
        if os.path.isdir(path) and url.path.endswith("/"):
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            return super().send_head()  # directory redirects and 404s as the standard server does
        codings = accepted(self.headers.get("Accept-Encoding"))
        encoding, served = None, path
        for name, suffix in ENCODINGS:
            if name in codings and os.path.isfile(path + suffix):
                encoding, served = name, path + suffix
                break
        stat = os.stat(served)
        since = self.headers.get("If-Modified-Since")
        if since and "If-None-Match" not in self.headers:
            try:
                unchanged = email.utils.parsedate_to_datetime(since).timestamp() >= int(stat.st_mtime)
            except (TypeError, ValueError, IndexError, OverflowError):
                unchanged = False
            if unchanged:
                self.send_response(304)
                self._common_headers(url, encoding, stat)
                self.end_headers()
                return None
        source = open(served, "rb")
        self.raw_size = os.stat(path).st_size
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(stat.st_size))
        self._common_headers(url, encoding, stat)
        self.end_headers()
        return source

    def _common_headers(self, url, encoding, stat):
        if encoding:
            self.send_header("Content-Encoding", encoding)
        if os.path.splitext(url.path)[1] in {"", ".html", ".js", ".mjs", ".css", ".json", ".svg", ".wasm", ".xml"}:
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.send_header("Cache-Control", cache_control(url.path, url.query))

    def copyfile(self, source, outputfile):
        total = 0
        while chunk := source.read(64 * 1024):
            outputfile.write(chunk)
            total += len(chunk)
        with self.lock:
            path = urllib.parse.urlsplit(self.path).path
            self.sent[path] = self.sent.get(path, 0) + total
            self.raw[path] = self.raw.get(path, 0) + (total if self.raw_size is None else self.raw_size)

    def log_message(self, *args):  # keep test output quiet
        pass


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser that closes a connection mid-answer (a tab closed, a download dropped on purpose) is
        not the server's fault: left unsaid. Anything else is printed, as the standard server does."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextmanager
def serve(directory: Path):
    """Serve ``directory`` on a free port; yield the base URL (ending in /)."""
    handler = functools.partial(Handler, directory=str(directory))
    server = Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
