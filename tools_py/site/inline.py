"""Policy text to safe HTML.

Text from YAML is always escaped first (tools_py/site/escape.py), so a ``<script>`` typed into a
policy renders as text. Only three marks are then recognised: ``**bold**``, ``*italic*`` and
``[text](https://…)`` links, whose address is checked like every other (escape.href).
"""

from __future__ import annotations

import html
import re

from . import escape

_LINK = re.compile(r"\[([^\]]+)\]\(((?:https?://|mailto:)[^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])")


def _link(match) -> str:
    try:
        address = escape.href(html.unescape(match.group(2)))
    except escape.UnsafeAddress:  # a quote or space inside the address: shown as the text it is
        return match.group(0)
    return f'<a href="{address}">{match.group(1)}</a>'


def inline(text) -> str:
    """Escape ``text`` and render its few allowed marks as HTML."""
    out = str(escape.text(text))
    out = _LINK.sub(_link, out)
    out = _BOLD.sub(r"<strong>\1</strong>", out)
    out = _ITALIC.sub(r"<em>\1</em>", out)
    return out


def plain_text(text) -> str:
    """The words of ``text`` without marks (for labels, titles and diagrams)."""
    out = _LINK.sub(lambda m: m.group(1), str(text))
    out = _BOLD.sub(r"\1", out)
    return _ITALIC.sub(r"\1", out)


def markdown_heading_text(text) -> str:
    """The words of ``text`` for a Markdown heading line: marks removed, escaped for HTML and Markdown."""
    return escape.markdown(plain_text(text))
