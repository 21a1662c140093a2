"""Where a tool page's Python worker is, read from its first widget, so its <head> can start it.

Pyodide takes seconds to boot. A script in the page's <head> (overrides/main.html) starts the
Python worker before the body is read and before Material's scripts load; widget.js adopts it. The
head comes before the widget in the HTML, so the worker's address (``data-worker``, which also
names Pyodide and the wheel: tool_pages.worker_address) is taken from the rendered page here, at
build time, and handed to the template as ``page.meta["python_worker"]``.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _FirstWidget(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.worker = None

    def handle_starttag(self, tag, attrs):
        if self.worker is not None or tag != "section":
            return
        attributes = dict(attrs)
        if "tool-widget" in (attributes.get("class") or "").split() and attributes.get("data-worker"):
            self.worker = attributes["data-worker"]


def worker_address(page_html: str) -> str | None:
    """The ``data-worker`` address of the page's first decision tool (relative to the page), or None."""
    if "tool-widget" not in page_html:
        return None
    parser = _FirstWidget()
    parser.feed(page_html)
    parser.close()
    return parser.worker
