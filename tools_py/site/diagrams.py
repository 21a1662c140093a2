"""Flows -> a static SVG diagram drawn at build time, plus a text equivalent for a screen reader.

The reader's browser runs no diagram code: Graphviz's ``dot`` (Debian's ``graphviz`` package,
installed by ``make setup``) lays each flow out when the site is built and the SVG goes into the page
as it is. Its words stay real ``<text>``, so they can be searched, selected, zoomed and printed.

Graphviz node ids are generated (n1, n2 …) from the order of the nodes, never taken from the text,
and every label is an escaped quoted string, so no wording in the data can break or inject into
the diagram source. The SVG that comes back is parsed and written out again by
ElementTree, which escapes its text once more.

Colours are ``currentColor``: a diagram takes the colour of the text around it, so it follows the
light and dark schemes and prints in black; the stylesheet only tints some shapes.

``dot`` takes a few tens of milliseconds a flow, so each drawing is cached on disk by a hash of its
Graphviz source and of the Graphviz version; an unchanged flow is not drawn again. An entry is stored
with the hash of its own bytes and checked against it when read back: one cut short or changed since
is reported, drawn again and replaced, never published.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

from . import cache
from .escape import text as _esc
from .inline import inline, plain_text

SVG = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")

CACHE = cache.ROOT / "diagrams"

_SHAPES = {"start": 'shape=box style="rounded"', "step": "shape=box",
           "decision": "shape=diamond", "outcome": 'shape=box style="rounded"'}
_WRAP = {"decision": 22, "edge": 22}  # characters a line; other nodes use _WRAP_NODE
_WRAP_NODE = 26


class DiagramError(RuntimeError):
    """Graphviz is missing or could not draw a flow."""


def _label(text: str, width: int) -> str:
    """A quoted Graphviz label: the words wrapped into short, centred lines, escaped.

    Inside a quoted Graphviz string a backslash starts Graphviz's own escapes (such as \\N, the
    node's name), a double quote ends the string, and an ampersand starts an HTML entity that
    Graphviz would decode; all three are escaped, and the lines are joined with Graphviz's centred
    line break.
    """
    words = " ".join(plain_text(text).split())  # never split inside a word: joined back, the lines are the text
    lines = textwrap.wrap(words, width, break_long_words=False, break_on_hyphens=False) or [""]
    escaped = [line.replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"') for line in lines]
    return '"' + "\\n".join(escaped) + '"'


def dot_source(flow) -> str:
    """The flow in Graphviz's language, top to bottom, with generated node ids."""
    ids = {node["id"]: f"n{index}" for index, node in enumerate(flow["nodes"], start=1)}
    lines = [
        "digraph flow {",
        '  graph [rankdir=TB bgcolor=transparent nodesep=0.25 ranksep=0.35 fontname="sans-serif"]',
        '  node [fontname="sans-serif" fontsize=14 margin="0.12,0.06"]',
        '  edge [fontname="sans-serif" fontsize=12]',
    ]
    for node in flow["nodes"]:
        kind = node["kind"]
        lines.append(f'  {ids[node["id"]]} [{_SHAPES[kind]} class="flow-node flow-node--{kind}" '
                     f'label={_label(node["label"], _WRAP.get(kind, _WRAP_NODE))}]')
    for edge in flow["edges"]:
        label = f" label={_label(edge['label'], _WRAP['edge'])}" if edge.get("label") else ""
        lines.append(f'  {ids[edge["from"]]} -> {ids[edge["to"]]} [class="flow-edge"{label}]')
    lines.append("}")
    return "\n".join(lines)


@functools.lru_cache(maxsize=1)
def renderer() -> tuple[str, str]:
    """The path of ``dot`` and its version line (part of the cache key)."""
    path = shutil.which("dot")
    if not path:
        raise DiagramError("Graphviz's 'dot' is needed to draw the flowcharts. Run 'make setup' "
                           "(it installs Debian's graphviz package), or install Graphviz.")
    version = subprocess.run([path, "-V"], capture_output=True, text=True, check=False).stderr.strip()
    return path, version


_CACHE_FORMAT = "svg-sha256-1"  # part of the key: entries written another way are not read


def _draw(source: str) -> str:
    """SVG from ``dot -Tsvg``, from the cache when this source was drawn before and the entry is intact."""
    path, version = renderer()
    key = hashlib.sha256(f"{_CACHE_FORMAT}\n{version}\n{source}".encode("utf-8")).hexdigest()
    cached = CACHE / f"{key}.svg"
    found = _read_cached(cached)
    if found is not None:
        return found
    done = subprocess.run([path, "-Tsvg"], input=source, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise DiagramError(f"Graphviz could not draw a flow: {done.stderr.strip()}")
    _write_cached(cached, done.stdout)
    return done.stdout


def _read_cached(cached: Path) -> str | None:
    """A cached drawing, checked against the hash of what was stored; None (and a warning) if it is
    missing, cut short or changed since: a damaged entry is drawn again, never published."""
    try:
        stored = cached.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        cache.warn(cached, f"cannot be read ({error.strerror})")
        return None
    digest, _, body = stored.partition(b"\n")
    if hashlib.sha256(body).hexdigest().encode() != digest:
        cache.warn(cached, "does not match the hash it was stored with (cut short or changed)")
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        cache.warn(cached, "is not text")
        return None


def _write_cached(cached: Path, svg_text: str):
    """Store a drawing with the hash of its bytes in front; a cache that cannot be written is only slower."""
    body = svg_text.encode("utf-8")
    try:
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.{hashlib.sha256(body).hexdigest()[:8]}.tmp")
        partial.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        partial.replace(cached)  # atomic: two builds at once never read half a file
    except OSError as error:
        cache.warn(cached, f"cannot be written ({error.strerror})", "the build goes on without it")


def _tidy(svg_text: str, title: str, title_id: str) -> str:
    """Graphviz's SVG made fit for a page: accessible, scalable, coloured by the page, no stray ids."""
    root = ET.fromstring(svg_text)
    q = lambda tag: f"{{{SVG}}}{tag}"  # noqa: E731 - ElementTree's namespaced names
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == q("title"):  # Graphviz's titles name the generated ids (n1, n1->n2)
                parent.remove(child)
            elif child.get("fill") in ("transparent", "white") and child.get("stroke") in ("transparent", "none"):
                parent.remove(child)  # the graph's empty background
    for element in root.iter():
        element.attrib.pop("id", None)  # node1, edge1 … would repeat on a page with several diagrams
        element.tail = None
        if element.tag == q("text"):
            element.attrib.pop("font-family", None)  # the page's font, set by the stylesheet
            element.set("fill", "currentColor")
        elif element.tag in (q("path"), q("polygon"), q("ellipse"), q("polyline")):
            for attribute in ("fill", "stroke"):
                value = element.get(attribute)
                if value in ("transparent", "white"):
                    element.set(attribute, "none")
                elif value and value != "none":
                    element.set(attribute, "currentColor")
    width = float(root.get("viewBox").split()[2])
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    root.set("class", "flow-svg")
    root.set("role", "img")
    root.set("aria-labelledby", title_id)
    root.set("style", f"--flow-width: {width:.0f}px")  # handbook.css: never wider, nor under 80 %
    heading = ET.Element(q("title"), {"id": title_id})
    heading.text = title
    root.insert(0, heading)
    for element in root.iter():
        if element.text is not None and not element.text.strip() and element.tag != q("text"):
            element.text = None
    return ET.tostring(root, encoding="unicode")


def svg(flow) -> str:
    """The flow as an inline SVG element, titled with the flow's title."""
    title = " ".join(plain_text(flow["title"]).split())
    return _tidy(_draw(dot_source(flow)), f"Diagram: {title}", f"flow-{flow['id']}-diagram-title")


def text_equivalent(flow, cite) -> str:
    """An ordered list: each step, its clause, and where it leads (with the edge's condition)."""
    numbers = {node["id"]: index for index, node in enumerate(flow["nodes"], start=1)}
    labels = {node["id"]: plain_text(node["label"]) for node in flow["nodes"]}
    items = []
    for node in flow["nodes"]:
        outgoing = [edge for edge in flow["edges"] if edge["from"] == node["id"]]
        leads = []
        for edge in outgoing:
            target = f'step {numbers[edge["to"]]} ({_esc(labels[edge["to"]])})'
            leads.append(f'if “{_esc(plain_text(edge["label"]))}”, go to {target}' if edge.get("label")
                         else f"then go to {target}")
        kind = {"decision": "Decision: ", "outcome": "Outcome: "}.get(node["kind"], "")
        after = f" — {'; '.join(leads)}." if leads else " — end."
        items.append(f'<li id="{_esc(flow["id"])}-step-{numbers[node["id"]]}">{kind}'
                     f'{inline(node["label"])} ({cite(node["clause"])}){after}</li>')
    return f'<ol class="flow-steps">{"".join(items)}</ol>'


def flow_block(flow, cite) -> str:
    """Markdown: the diagram, then the same flow as text (open by default, for screen readers).

    The diagram sits in a focusable region that scrolls sideways when a phone is too narrow for it,
    so a keyboard can scroll it too.
    """
    title = _esc(plain_text(flow["title"]))
    source = cite(flow["clause"]) if flow.get("clause") else ""
    return "\n".join([
        f'<div class="flow" id="flow-{_esc(flow["id"])}">',
        f'<p class="flow-source">From {source}. The diagram is followed by the same flow as text.</p>',
        f'<div class="flow-diagram" role="region" tabindex="0" aria-label="{title}: diagram">{svg(flow)}</div>',
        "</div>",
        "",
        f'<details class="flow-text" open><summary>{title} as text</summary>{text_equivalent(flow, cite)}</details>',
        "",
    ])
