"""Compiled policy data -> page fragments (Markdown headings around escaped HTML blocks).

Headings are Markdown (so they reach the table of contents and the search index with their clause
id as anchor); everything inside a section is HTML built from escaped text (see ``inline``).
"""

from __future__ import annotations

import datetime as _dt

from tools_py.compile import parse_date
from tools_py.outcome import MONTHS

from . import escape
from .escape import text as _esc
from .inline import inline, markdown_heading_text, plain_text


def human_date(text) -> str:
    """``2026-10`` -> ``October 2026``; ``2024-08-19`` -> ``19 August 2024``."""
    parts = str(text).split("-")
    date = parse_date(text)
    if date is None:
        return _esc(str(text))
    if len(parts) == 1:
        return str(date.year)
    if len(parts) == 2:
        return f"{MONTHS[date.month - 1]} {date.year}"
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def document_url(doc_id: str) -> str:
    """Where a document's page lives, relative to the site root."""
    return f"documents/{doc_id}/"


def clause_href(data, clause_id: str, base: str = "../../") -> str:
    clause = data["clauses"][clause_id]
    return f"{base}{document_url(clause['document'])}#{clause_id}"


def cite(data, clause_id: str, base: str = "../../", label: str | None = None) -> str:
    """A link to a clause, labelled the way a reader names it ("Dorchester Middle School 5.8")."""
    clause = data["clauses"][clause_id]
    text = label or clause["label"]
    return (f'<a class="citation" href="{escape.href(clause_href(data, clause_id, base))}" '
            f'data-clause="{_esc(clause_id)}">{_esc(text)}</a>')


# -- one document ------------------------------------------------------------------------------

def _list(items, ordered=False) -> str:
    tag = "ol" if ordered else "ul"
    out = [f"<{tag}>"]
    for item in items:
        if isinstance(item, dict):
            out.append(f"<li>{inline(item['text'])}")
            if item.get("list"):
                out.append(_list(item["list"], item.get("ordered", False)))
            out.append("</li>")
        else:
            out.append(f"<li>{inline(item)}</li>")
    out.append(f"</{tag}>")
    return "".join(out)


def _table(table, caption: str | None = None) -> str:
    head = "".join(f'<th scope="col">{inline(cell)}</th>' for cell in table["header"])
    rows = "".join("<tr>" + "".join(f"<td>{inline(cell)}</td>" for cell in row) + "</tr>"
                   for row in table["rows"])
    cap = f"<caption>{_esc(caption)}</caption>" if caption else ""
    return f'<div class="table-wrap"><table>{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>'


def block_html(block) -> str:
    parts = []
    if block.get("text"):
        parts.append(f"<p>{inline(block['text'])}</p>")
    if block.get("list"):
        parts.append(_list(block["list"], block.get("ordered", False)))
    if block.get("table"):
        parts.append(_table(block["table"]))
    if block.get("after"):
        parts.append(f"<p>{inline(block['after'])}</p>")
    body = "".join(parts)
    if block.get("id"):
        clause_id = _esc(block["id"])
        number = block.get("number")
        marker = _esc(number) if number else "¶"
        label = _esc(f"Link to clause {number}" if number else "Link to this clause")
        return (f'<div class="clause" id="{clause_id}">'
                f'<a class="clause-number" href="#{clause_id}" title="{label}" aria-label="{label}">{marker}</a>'
                f'<div class="clause-body">{body}</div></div>')
    return f'<div class="clause-text">{body}</div>'


def _section(section, level: int) -> list[str]:
    number = markdown_heading_text(section["number"]) if section.get("number") else None
    title = markdown_heading_text(section["title"])
    heading = f"{number}. {title}" if number and not number.endswith(".") else (f"{number} {title}" if number else title)
    lines = [f"{'#' * min(level, 6)} {heading} {{#{escape.anchor(section['id'])}}}", ""]
    blocks = "".join(block_html(block) for block in section.get("blocks") or [])
    if blocks:
        lines += [f'<div class="policy-text">{blocks}</div>', ""]
    for child in section.get("sections") or []:
        lines += _section(child, level + 1)
    return lines


# The dates a document may carry, most telling first, with how the notice words each.
_DATED = [("last_review", "was last reviewed"), ("issued", "was issued"), ("effective", "has been in effect since")]


def _age(since: _dt.date, today: _dt.date) -> str:
    """``2 years and 3 months`` from ``since`` to ``today`` (whole months)."""
    months = max(0, (today.year - since.year) * 12 + today.month - since.month - (today.day < since.day))
    years, months = divmod(months, 12)
    parts = ([f"{years} year{'s' if years != 1 else ''}"] if years else []) + (
        [f"{months} month{'s' if months != 1 else ''}"] if months or not years else [])
    return " and ".join(parts)


def _no_review_date(document, today: _dt.date) -> str:
    """A note for a document with no review date: how old it is, or that it carries no date at all."""
    organisation = _esc(document["organisation"])
    dates = [(parse_date(document[field]), field, words) for field, words in _DATED if document.get(field)]
    built = human_date(today.isoformat())
    if not dates:
        return ('<div class="admonition note review-unknown" role="note"><p class="admonition-title">Undated</p>'
                '<p>This document carries no date and no review date, so this handbook cannot tell how current '
                f'it is. Check with {organisation} that it is the version in force.</p></div>')
    when, field, words = max(dates, key=lambda found: found[0])
    if not words.endswith("since"):
        words += " on" if str(document[field]).count("-") == 2 else " in"
    check = ("Check the official text for any later amendment." if document.get("kind") == "national"
             else f"Check with {organisation} that it is still the version in force.")
    return (f'<div class="admonition note review-undated" role="note"><p class="admonition-title">No review date</p>'
            f'<p>This document gives no review date. It {words} {human_date(document[field])} '
            f'({_age(when, today)} before this handbook was built, on {built}). {check}</p></div>')


def review_notice(document, today: _dt.date) -> str:
    """The review line of a document: a warning when its review date has passed, a note when it gives none."""
    due = document.get("review_due")
    if not due:
        return _no_review_date(document, today)
    due_date = parse_date(due)
    # A review due "October 2026" is overdue once October 2026 has ended.
    parts = str(due).count("-")
    if parts == 0:
        end = _dt.date(due_date.year, 12, 31)
    elif parts == 1:
        next_month = _dt.date(due_date.year + (due_date.month == 12), due_date.month % 12 + 1, 1)
        end = next_month - _dt.timedelta(days=1)
    else:
        end = due_date
    if today > end:
        return (f'<div class="admonition warning review-overdue" role="note"><p class="admonition-title">'
                f'Past its review date</p><p>This document was due for review in {human_date(due)}. '
                f'Check with {_esc(document["organisation"])} that it is still the version in force '
                f'(checked when this handbook was built, {human_date(today.isoformat())}).</p></div>')
    return f'<p class="review-status">Next review due: {human_date(due)}.</p>'


_META_FIELDS = [("organisation", "Organisation"), ("trust", "Trust"), ("local_authority", "Local authority"),
                ("approved_by", "Approved by"), ("version", "Version"), ("issued", "Issued"),
                ("effective", "Effective from"), ("last_review", "Last review"), ("review_due", "Next review due")]


def document_header(document, today: _dt.date) -> str:
    rows = []
    for field, label in _META_FIELDS:
        if document.get(field):
            value = document[field]
            shown = human_date(value) if field in ("issued", "effective", "last_review", "review_due") else inline(value)
            rows.append(f'<tr><th scope="row">{label}</th><td>{shown}</td></tr>')
    for row in document.get("metadata") or []:
        value = row["value"]
        shown = _list(value) if isinstance(value, list) else inline(value)
        rows.append(f'<tr><th scope="row">{inline(row["label"])}</th><td>{shown}</td></tr>')
    table = f'<div class="table-wrap"><table class="document-meta"><tbody>{"".join(rows)}</tbody></table></div>'
    return review_notice(document, today) + table


def document_page(data, doc_id: str, today: _dt.date) -> str:
    document = data["documents"][doc_id]
    lines = [f'<div class="document-header">{document_header(document, today)}</div>', ""]
    for section in document["sections"]:
        lines += _section(section, 2)
    return "\n".join(lines)
