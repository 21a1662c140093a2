"""Flows -> a Mermaid diagram plus a text equivalent that says the same for a screen reader.

Mermaid node ids are generated (n1, n2 …) from the order of the nodes, never taken from the text,
so no wording in the data can break or inject into the diagram source.
"""

from __future__ import annotations

import html

from .inline import inline, plain_text

_SHAPES = {"start": ('(["', '"])'), "step": ('["', '"]'), "decision": ('{"', '"}'), "outcome": ('(["', '"])')}


def _mermaid_text(text: str) -> str:
    text = plain_text(text)
    for char, entity in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("`", "#96;")):
        text = text.replace(char, entity)
    return " ".join(text.split())


def mermaid_source(flow) -> str:
    ids = {node["id"]: f"n{index}" for index, node in enumerate(flow["nodes"], start=1)}
    lines = ["flowchart TD"]
    for node in flow["nodes"]:
        left, right = _SHAPES[node["kind"]]
        lines.append(f"  {ids[node['id']]}{left}{_mermaid_text(node['label'])}{right}")
    for edge in flow["edges"]:
        label = f'|"{_mermaid_text(edge["label"])}"|' if edge.get("label") else ""
        lines.append(f"  {ids[edge['from']]} -->{label} {ids[edge['to']]}")
    return "\n".join(lines)


def text_equivalent(flow, cite) -> str:
    """An ordered list: each step, its clause, and where it leads (with the edge's condition)."""
    numbers = {node["id"]: index for index, node in enumerate(flow["nodes"], start=1)}
    labels = {node["id"]: plain_text(node["label"]) for node in flow["nodes"]}
    items = []
    for node in flow["nodes"]:
        outgoing = [edge for edge in flow["edges"] if edge["from"] == node["id"]]
        leads = []
        for edge in outgoing:
            target = f'step {numbers[edge["to"]]} ({html.escape(labels[edge["to"]])})'
            leads.append(f'if “{html.escape(plain_text(edge["label"]))}”, go to {target}' if edge.get("label")
                         else f"then go to {target}")
        kind = {"decision": "Decision: ", "outcome": "Outcome: "}.get(node["kind"], "")
        after = f" — {'; '.join(leads)}." if leads else " — end."
        items.append(f'<li id="{html.escape(flow["id"])}-step-{numbers[node["id"]]}">{kind}'
                     f'{inline(node["label"])} ({cite(node["clause"])}){after}</li>')
    return f'<ol class="flow-steps">{"".join(items)}</ol>'


def flow_block(flow, cite) -> str:
    """Markdown: the diagram, then the same flow as text (open by default, for screen readers)."""
    title = html.escape(plain_text(flow["title"]))
    source = cite(flow["clause"]) if flow.get("clause") else ""
    return "\n".join([
        f'<div class="flow" id="flow-{html.escape(flow["id"])}">',
        f'<p class="flow-source">From {source}. The diagram is followed by the same flow as text.</p>',
        "</div>",
        "",
        "```mermaid",
        mermaid_source(flow),
        "```",
        "",
        f'<details class="flow-text" open><summary>{title} as text</summary>{text_equivalent(flow, cite)}</details>',
        "",
    ])
