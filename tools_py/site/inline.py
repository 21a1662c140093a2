"""Policy text to safe HTML.

Text from YAML is always escaped first, so a ``<script>`` typed into a policy renders as text. Only
three marks are then recognised: ``**bold**``, ``*italic*`` and ``[text](https://…)`` links.
"""

from __future__ import annotations

import html
import re

_LINK = re.compile(r"\[([^\]]+)\]\(((?:https?://|mailto:)[^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])")


def inline(text) -> str:
    """Escape ``text`` and render its few allowed marks as HTML."""
    out = html.escape(str(text), quote=True)
    out = _LINK.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', out)
    out = _BOLD.sub(r"<strong>\1</strong>", out)
    out = _ITALIC.sub(r"<em>\1</em>", out)
    return out


def plain_text(text) -> str:
    """The words of ``text`` without marks (for labels, titles and diagrams)."""
    out = _LINK.sub(lambda m: m.group(1), str(text))
    out = _BOLD.sub(r"\1", out)
    return _ITALIC.sub(r"\1", out)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#<>|!])")


def markdown_heading_text(text) -> str:
    """Text safe to put in a Markdown heading line (escaped for HTML and for Markdown).

    Every character Markdown or its extensions give a meaning to is backslash-escaped, so a link, an
    attribute list ``{ onclick=… }`` or an emphasis typed into the data stays text; line breaks
    become spaces, so the text cannot start a line of its own."""
    flat = " ".join(plain_text(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))
