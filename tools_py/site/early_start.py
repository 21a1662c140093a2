"""Where a tool page's Python comes from, read from its first widget, so its <head> can start it.

Pyodide takes seconds to boot. A script in the page's <head> (overrides/main.html) starts the
Python worker before the body is read and before Material's scripts load; widget.js adopts it. The
head comes before the widget in the HTML, so the addresses it needs are taken from the rendered
page here, at build time, and handed to the template as ``page.meta["python_start"]``.
"""

from __future__ import annotations

from html.parser import HTMLParser

ADDRESSES = {"data-worker": "worker", "data-pyodide": "pyodide", "data-wheel": "wheel"}


class _FirstWidget(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = None

    def handle_starttag(self, tag, attrs):
        if self.found is not None or tag != "section":
            return
        attributes = dict(attrs)
        if "tool-widget" in (attributes.get("class") or "").split() and all(attributes.get(a) for a in ADDRESSES):
            self.found = {name: attributes[a] for a, name in ADDRESSES.items()}


def addresses(page_html: str) -> dict | None:
    """``{"worker", "pyodide", "wheel"}`` of the page's first decision tool (relative to the page), or None."""
    if "tool-widget" not in page_html:
        return None
    parser = _FirstWidget()
    parser.feed(page_html)
    parser.close()
    return parser.found
