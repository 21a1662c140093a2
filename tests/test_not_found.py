"""The 404 page wherever the site is put, and the sitemap when a site_url is set.

The built site is served under a sub-path (/handbook/) by a server that answers a missing address
with 404.html, as static hosts do. In Chromium, a mistyped address at several depths shows the
page styled, with no request failing, a search that finds pages and links to the main sections
that exist. Built with a site_url, the sitemap lists every page and the 404 page uses its path.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

from .conftest import REPO
from .support.server import TYPES, Server

SUB = "handbook"
SITE_URL = f"https://example.org/{SUB}/"


class _StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves files; a missing one gets the site's 404.html with status 404."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / SUB / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def host(site: Path, root: Path):
    """Serve ``site`` as ``/handbook/`` from a folder of its own; yield the site's URL."""
    shutil.copytree(site, root / SUB)
    server = Server(("127.0.0.1", 0), functools.partial(_StaticHost, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{SUB}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site_with_url(tmp_path_factory):
    """The handbook built with a site_url (as a deployment sets one)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = tmp_path_factory.mktemp("with-url") / "site"
    build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(site), site_url=SITE_URL, strict=True))
    return site


def pages_of(site: Path) -> set[str]:
    return {str(p.parent.relative_to(site)).replace(".", "") for p in site.rglob("index.html")} - {"search"}


def visit_missing(browser, url: str, width: int):
    """Open a missing address; return the page and every request of its own site that failed."""
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 900})
    page = context.new_page()
    failed, loaded, errors = [], set(), []

    def seen(response):
        if response.url == url:
            return
        if response.status >= 400:
            failed.append(response.url)
        else:
            loaded.add(response.url)

    page.on("response", seen)
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(url)
    assert response.status == (200 if url.endswith("/404.html") else 404)
    page.wait_for_load_state("load")
    return context, page, (failed, loaded), errors


def check_helpful_404(page, site_url: str, failed, errors):
    assert page.locator("h1").first.text_content().strip() == "Page not found"
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert header not in ("rgba(0, 0, 0, 0)", "transparent"), "the theme's styles did not load"
    links = page.locator(".not-found-sections a")
    assert links.count() >= 5
    for index in range(links.count()):
        href = links.nth(index).evaluate("a => a.href")
        assert href.startswith(site_url), href
        assert page.request.get(href).status == 200, href
    page.locator("#not-found-q").fill("penalty notice")
    page.locator(".not-found-search button").click()
    page.wait_for_url(re.compile(re.escape(site_url) + r"\?q=penalty"))
    page.locator(".md-search-result__link").first.wait_for(timeout=20_000)
    assert page.locator(".md-search-result__link").first.evaluate("a => a.href").startswith(site_url)
    # Chromium's preload scanner may ask for an asset before the page's script has found the
    # site's root; each such asset must then have been loaded from the root itself.
    failed, loaded = failed
    unserved = [f for f in failed if "/assets/" not in f
                or site_url + "assets/" + f.split("/assets/", 1)[1] not in loaded]
    assert not unserved, unserved
    assert not errors, errors


@pytest.mark.browser
@pytest.mark.parametrize("missing", ["nonesuch/", "tools/whichcode/", "documents/dms/old-page.html", "404.html"])
def test_a_missing_address_under_a_sub_path_gets_a_working_helpful_page(browser, built_site, tmp_path, missing):
    with host(built_site, tmp_path) as site_url:
        context, page, failed, errors = visit_missing(browser, site_url + missing, 390)
        try:
            check_helpful_404(page, site_url, failed, errors)
        finally:
            context.close()


@pytest.mark.browser
def test_with_a_site_url_the_sitemap_lists_every_page_and_the_404_page_works_deep(browser, site_with_url, tmp_path):
    sitemap = (site_with_url / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    assert listed == {SITE_URL + (page + "/" if page else "") for page in pages_of(site_with_url)}
    with host(site_with_url, tmp_path) as site_url:
        context, page, failed, errors = visit_missing(browser, site_url + "tools/whichcode/deeper/", 1280)
        try:
            check_helpful_404(page, site_url, failed, errors)
        finally:
            context.close()
