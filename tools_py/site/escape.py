"""The one way a value from the data reaches a page: escaped for the place it goes.

A value can go to four places, and each has its function here; every page module takes them from
here (no module escapes by itself):

- ``text(value)``: the words between tags, or a double-quoted attribute's value. ``<``, ``>``, ``&``
  and both quotes become entities, so no text can open a tag or close the attribute it is in.
- ``href(address, base)``: an address a reader follows. Only a page of this site (joined to the
  page's ``base``), an anchor on the page, or an ``https:``, ``http:``, ``mailto:`` or ``tel:``
  address is written; anything else (``javascript:``, ``data:``, a quote that would end the
  attribute) raises UnsafeAddress and stops the build, and is then escaped like text.
- ``markdown(value)``: text put into a Markdown line (a heading), escaped for HTML and for Markdown.
- ``anchor(value)``: an id written into ``id="…"``, ``#…`` or a Markdown ``{#…}``; only the characters
  an id needs, else UnsafeAddress.

``attributes(mapping)`` writes several attributes at once, each value through ``text``; ``tel`` and
``mailto`` make the links a reader taps from numbers and addresses the data check accepted.

A second line of defence, ``unsafe_markup(html)``, reads a finished page's content and names any
event-handler attribute, script, or address a browser would run; the build stops on one (hooks.py),
so a value that missed this module fails the build instead of reaching a reader.
"""

from __future__ import annotations

import html as _html
import re
from html.parser import HTMLParser

from tools_py.compile import addresses


class UnsafeAddress(ValueError):
    """An address or id that would let the data out of its attribute, or run a script."""


class Escaped(str):
    """Text already escaped by this module: ``text`` leaves it as it is, so nothing is escaped twice."""


def text(value) -> Escaped:
    """``value`` as text inside an element or a double-quoted attribute."""
    if isinstance(value, Escaped):
        return value
    return Escaped(_html.escape(str(value), quote=True))


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_OUTSIDE = {"https", "http", "mailto", "tel"}
# A page or file of this site, from the site's root or relative to the page: no scheme, no "//" (another
# host), no quote, space, angle bracket or backslash.
_SITE = re.compile(r"[A-Za-z0-9_.~%+/-]*(?:\?[A-Za-z0-9_.~%+=&;/-]*)?(?:#[A-Za-z0-9_.:~%+/{}()-]*)?")


def address_problem(address: str) -> str | None:
    """Why ``address`` must not be written as a link, or None."""
    if not isinstance(address, str):
        return "not text"
    scheme = _SCHEME.match(address)
    if scheme:
        if scheme.group(1).lower() not in _OUTSIDE:
            return f"the scheme '{scheme.group(1)}:' is not one a reader's link may use"
        if re.search(r"[\s\"'<>`\\]", address):
            return "a space, quote, angle bracket or backslash in an address"
        return None
    if address.startswith("//") or not _SITE.fullmatch(address):
        return "not a page of this site"
    return None


def href(address: str, base: str = "") -> Escaped:
    """An address ready for ``href="…"``: checked, joined to ``base`` when it is a page of this site."""
    full = address if _SCHEME.match(address) or address.startswith("#") else f"{base}{address}"
    problem = address_problem(address) or address_problem(full)
    if problem:
        raise UnsafeAddress(f"{address!r}: {problem}")
    return text(full)


def tel(number: str, css_class: str | None = None) -> str:
    """A link that dials ``number`` (a number the data check accepted: digits, spaces, a leading +)."""
    problem = addresses.phone_problem(number)
    if problem:
        raise UnsafeAddress(problem)
    return f'<a{attributes({"class": css_class})} href="{href(addresses.tel_href(number))}">{text(number)}</a>'


def mailto(address: str) -> str:
    """A link that writes to ``address`` (an address the data check accepted)."""
    problem = addresses.email_problem(address) if "@" in str(address) else "not an e-mail address"
    if problem:
        raise UnsafeAddress(problem)
    return f'<a href="{href("mailto:" + address)}">{text(address)}</a>'


_ANCHOR = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")


def anchor(value) -> str:
    """``value`` as an id (``id="…"``, ``href="#…"``, Markdown's ``{#…}``); the data check keeps ids to these
    characters, so anything else is a fault here, not a reader's problem."""
    if not _ANCHOR.fullmatch(str(value)):
        raise UnsafeAddress(f"{str(value)!r} is not an id (letters, digits, and _ . : -)")
    return str(value)


def attributes(values: dict) -> str:
    """`` name="value"`` for each attribute whose value is not None, every value escaped."""
    return "".join(f' {name}="{text(value)}"' for name, value in values.items() if value is not None)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#<>|!])")


def markdown(value) -> str:
    """Text safe to put in a Markdown heading line (escaped for HTML and for Markdown).

    Every character Markdown or its extensions give a meaning to is backslash-escaped, so a link, an
    attribute list ``{ onclick=… }`` or an emphasis typed into the data stays text; line breaks
    become spaces, so the text cannot start a line of its own."""
    flat = " ".join(str(value).split())  # quotes stay as they are: a heading is no attribute, and the
    return _MD_SPECIAL.sub(r"\\\1", _html.escape(flat, quote=False))  # table of contents escapes it again


# -- the second line of defence: a finished page's content, read back ----------------------------

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "cite", "background", "srcset"}
_NEVER_IN_CONTENT = {"script", "iframe", "object", "embed", "base", "meta", "frame", "frameset", "applet"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _NEVER_IN_CONTENT:
            self.found.append(f"a <{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>, an event handler")
            elif name in _URL_ATTRIBUTES and value is not None:
                bare = re.sub(r"[\x00-\x20]", "", value)
                scheme = _SCHEME.match(bare)
                if scheme and scheme.group(1).lower() not in _OUTSIDE:
                    self.found.append(f"<{tag} {name}=\"{value[:60]}\">, an address that runs in the browser")

    handle_startendtag = handle_starttag


def unsafe_markup(page_html: str) -> list[str]:
    """What in a page's content (the part the handbook writes) a browser would run: handlers, scripts,
    ``javascript:`` or ``data:`` addresses. Empty for every page the data can make."""
    reader = _Reader()
    reader.feed(page_html)
    reader.close()
    return reader.found
