"""Tables that scroll sideways on a phone can be reached and scrolled with the keyboard.

Every table the handbook draws sits in ``<div class="table-wrap">``, which scrolls sideways when the
table is wider than the screen. A region that scrolls must be focusable, or a keyboard user cannot
scroll it (axe: scrollable-region-focusable). So each wrapper becomes a named, focusable region: its
name is the table's caption, or else its column headings. Its table gets a class, so that Material
does not wrap it in a second scrolling box of its own (Material wraps only tables without a class).
"""

from __future__ import annotations

import html
import re

_WRAP = re.compile(r'<div class="table-wrap">(\s*)<table(?P<attrs>[^>]*)>(?P<rest>.*?)</table>', re.S)
_CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.S)
_HEADINGS = re.compile(r'<th scope="col"[^>]*>(.*?)</th>', re.S)
_TAGS = re.compile(r"<[^>]+>")


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", fragment)).split())


def _name(table_body: str) -> str:
    caption = _CAPTION.search(table_body)
    if caption and _text(caption.group(1)):
        return _text(caption.group(1))
    headings = [_text(cell) for cell in _HEADINGS.findall(table_body.split("</thead>")[0])]
    headings = [cell for cell in headings if cell]
    return "Table: " + ", ".join(headings) if headings else "Table"


def _region(match: re.Match) -> str:
    attrs, rest = match.group("attrs"), match.group("rest")
    if "class=" not in attrs:
        attrs = ' class="table-plain"' + attrs
    label = html.escape(_name(rest), quote=True)
    return (f'<div class="table-wrap" tabindex="0" role="region" aria-label="{label}">{match.group(1)}'
            f'<table{attrs}>{rest}</table>')


def focusable_tables(page_html: str) -> str:
    """The page's table wrappers as focusable, named regions."""
    if 'class="table-wrap"' not in page_html:
        return page_html
    return _WRAP.sub(_region, page_html)
