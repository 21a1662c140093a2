"""Reading the built site as text, the way the fidelity check compares it with the sources."""

from __future__ import annotations

import html.parser
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
