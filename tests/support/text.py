"""Reading the built site as text, the way the fidelity check compares it with the sources."""

from __future__ import annotations

import html.parser
import posixpath
import re


class _ArticleText(html.parser.HTMLParser):
    """Collects the text inside <article> (the page body, without navigation)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif self.depth and tag in ("p", "li", "td", "th", "div", "h1", "h2", "h3", "h4", "br", "tr", "dt", "dd"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1
        elif self.depth and tag in ("p", "li", "td", "th", "div", "h1", "h2", "h3", "h4", "tr"):
            self.parts.append(" ")

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def article_text(page_html: str) -> str:
    parser = _ArticleText()
    parser.feed(page_html)
    return "".join(parser.parts)


def normalise(text: str) -> str:
    """Lower case, every run of non-alphanumeric characters one space."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
_AUTOLINK = re.compile(r"<(https?://[^>]+)>")


def source_sentences(text: str) -> list[str]:
    """The sentences of a seed file: markup removed, split at line ends and sentence stops."""
    sentences = []
    for line in text.splitlines():
        line = line.replace("\\(", "(").replace("\\)", ")")
        line = _LINK.sub(lambda m: m.group(1), line)
        line = _AUTOLINK.sub(lambda m: m.group(1), line)
        line = re.sub(r"<[^>]+>", " ", line)
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            if len(normalise(sentence)) >= 3:
                sentences.append(sentence.strip())
    return sentences


class _Links(html.parser.HTMLParser):
    """The addresses linked from the site's navigation (the primary sidebar, with the contents of the
    page it holds on a phone) and from the page's <article>, as written."""

    def __init__(self):
        super().__init__()
        self.in_nav = 0
        self.in_article = 0
        self.nav: list[str] = []
        self.article: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and (self.in_nav or "md-nav--primary" in (attrs.get("class") or "").split()):
            self.in_nav += 1
        elif tag == "article":
            self.in_article += 1
        elif tag == "a" and attrs.get("href"):
            if self.in_nav:
                self.nav.append(attrs["href"])
            if self.in_article:
                self.article.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "nav" and self.in_nav:
            self.in_nav -= 1
        elif tag == "article" and self.in_article:
            self.in_article -= 1


def page_links(page_html: str, page_path: str) -> dict[str, set[str]]:
    """{"nav": pages, "article": pages}: the site's pages each part links to, as paths from the site's
    root without slashes at the ends (``documents/dms``; the home page is ``""``), for the page built
    at ``page_path`` (``tools/which_code``)."""
    parser = _Links()
    parser.feed(page_html)

    def resolved(href: str) -> str | None:
        address = href.split("#")[0]
        if re.match(r"[a-z]+:", address) or address.startswith("/"):
            return None
        if not address:
            return page_path
        path = posixpath.normpath(posixpath.join(page_path, address)).strip("/")
        path = re.sub(r"(^|/)index\.html$", "", path)
        return "" if path == "." else path

    return {part: {path for path in map(resolved, hrefs) if path is not None}
            for part, hrefs in (("nav", parser.nav), ("article", parser.article))}
