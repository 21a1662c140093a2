"""The macros pages call. Each takes the build context first and returns Markdown/HTML."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from tools_py import facts as _facts

from . import escape, render
from .escape import text as _esc
from .diagrams import flow_block
from .inline import inline, markdown_heading_text, plain_text

MACROS = [
    "document_page", "document_title", "documents_index", "codes_table", "contacts_table",
    "flow", "flows_index", "glossary", "compare_schools", "conflicts", "cite", "fact",
    "schools", "tool_reference", "tool_widget", "tools_index",
    "parents_schools", "school_memory", "parents_intro", "parents_contacts", "parents_illness", "parents_leave",
    "parents_unauthorised", "parents_support", "induction_schools", "induction_path", "school_name", "rule",
    "nav_title",
]


@dataclass
class Context:
    data: dict
    base: str
    today: _dt.date

    def cite(self, clause_id: str, label: str | None = None) -> str:
        return render.cite(self.data, clause_id, self.base, label)

    def url(self, path: str) -> str:
        """A page of this site, from this page, ready for ``href="…"`` (checked and escaped: escape.href)."""
        return escape.href(path, self.base)


# -- documents --------------------------------------------------------------------------------

def document_page(ctx: Context, doc_id: str) -> str:
    """Every section of one document, with an anchor per clause and its review status."""
    return render.document_page(ctx.data, doc_id, ctx.today)


def document_title(ctx: Context, doc_id: str) -> str:
    """The document's organisation and title, escaped for the Markdown heading it is put in."""
    document = ctx.data["documents"][doc_id]
    return f"{markdown_heading_text(document['organisation'])} — {markdown_heading_text(document['title'])}"


def _documents(ctx, kind=None):
    return [d for d in ctx.data["documents"].values() if kind is None or d["kind"] == kind]


def documents_index(ctx: Context) -> str:
    """A table of every document: who owns it, its dates, and whether it is past review."""
    rows = []
    kinds = {"school": "School", "local_authority": "Local authority", "provider": "Education provider",
             "national": "National rules"}
    for document in _documents(ctx):
        due = document.get("review_due")
        status = render.review_notice(document, ctx.today)
        overdue = "review-overdue" in status
        review = (f'<strong class="overdue">{render.human_date(due)} — past its review date</strong>' if overdue
                  else (render.human_date(due) if due else "not stated"))
        dated = document.get("issued") or document.get("effective") or document.get("last_review")
        rows.append(
            f'<tr><td><a href="{ctx.url(render.document_url(document["id"]))}">{inline(document["organisation"])}'
            f' — {inline(document["title"])}</a></td><td>{kinds[document["kind"]]}</td>'
            f'<td>{render.human_date(dated) if dated else "undated"}</td><td>{review}</td></tr>')
    return ('<div class="table-wrap"><table><thead><tr><th scope="col">Document</th><th scope="col">Kind</th>'
            '<th scope="col">Dated</th><th scope="col">Review due</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></div>")


def schools(ctx: Context) -> list[dict]:
    """The documents that are schools' or providers' policies (for loops in pages)."""
    return [d for d in ctx.data["documents"].values() if d["kind"] in ("school", "provider")]


# -- codes ------------------------------------------------------------------------------------

_CATEGORY = {
    "present": "Present",
    "approved_educational_activity": "Attending an approved educational activity",
    "authorised_absence": "Authorised absence",
    "unauthorised_absence": "Unauthorised absence",
    "not_possible": "Not possible or not required",
}
_COUNTS = {"attendance": "Counts as attendance", "absence": "Counts as absence",
           "not_counted": "Not counted (not a possible session)"}


def codes_table(ctx: Context) -> str:
    """Every national code (dated), how it counts, and each school's own wording beside it, cited."""
    data = ctx.data
    options = "".join(f'<option value="{_esc(key)}">{_esc(label)}</option>' for key, label in _CATEGORY.items())
    controls = (
        '<div class="table-filter" role="search" aria-label="Filter the codes">'
        '<label for="code-filter">Filter codes</label>'
        '<input id="code-filter" type="search" data-filter-table="codes-table" '
        'placeholder="Type a code or a word, e.g. C2 or illness" autocomplete="off">'
        '<label for="code-category">Category</label>'
        f'<select id="code-category" data-filter-category="codes-table"><option value="">All categories</option>{options}</select>'
        '<label class="inline"><input type="checkbox" data-filter-current="codes-table" checked> '
        'Only codes in force today</label>'
        '<p class="filter-count" aria-live="polite" data-filter-count="codes-table"></p></div>')
    rows = []
    for code in data["codes"]:
        until = code.get("until")
        current = until is None or _facts.to_date(until) >= ctx.today
        in_force = f"from {render.human_date(code['from'])}" + (f" until {render.human_date(until)}" if until else "")
        wordings = "".join(
            f'<li><span class="school">{_esc(data["documents"][w["document"]]["organisation"])}:</span> '
            f'{inline(w["wording"]) if w.get("wording") else ""} ({ctx.cite(w["clause"])})</li>'
            for w in code.get("school_wording") or [])
        stats = _COUNTS[code["counts_as"]]
        if code.get("statistics_note"):
            stats += f". {inline(code['statistics_note'])}"
        rows.append(
            f'<tr id="{_esc("code-" + _code_anchor(code["code"]) + ("" if current else "-until-" + until))}" '
            f'data-category="{_esc(code["category"])}" data-current="{"yes" if current else "no"}">'
            f'<th scope="row"><code>{_esc(code["code"])}</code></th>'
            f'<td><p>{inline(code["meaning"])} ({ctx.cite(code["clause"])})</p>'
            f'<p class="code-facts"><span class="code-category">{_CATEGORY[code["category"]]}</span> · {stats} · '
            f'{in_force}</p></td>'
            f'<td>{"<ul>" + wordings + "</ul>" if wordings else "—"}</td></tr>')
    table = ('<div class="table-wrap"><table id="codes-table" class="codes"><thead><tr>'
             '<th scope="col">Code</th><th scope="col">National meaning, category and how it counts</th>'
             '<th scope="col">Schools\' wording</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table></div>")
    return controls + table


def _code_anchor(code: str) -> str:
    return {"/": "am-present", "\\": "pm-present", "#": "closure"}.get(code, code.lower())


# -- contacts ---------------------------------------------------------------------------------

def _tel(number: str) -> str:
    return escape.tel(number)


def _mail(address: str) -> str:
    return escape.mailto(address)


def contacts_table(ctx: Context, part: str = "all") -> str:
    """The Dorset localities and every contact the documents give, with tel:/mailto: links."""
    out = []
    contacts = ctx.data["contacts"]
    if part in ("all", "localities"):
        rows = "".join(
            f'<tr><th scope="row">{inline(row["name"])}</th><td>{_mail(row["email"])}</td>'
            f'<td>{_tel(row["phone"])}</td><td>{ctx.cite(row["clause"])}</td></tr>'
            for row in contacts["localities"])
        out.append('<div class="table-wrap"><table><thead><tr><th scope="col">Locality</th><th scope="col">E-mail</th>'
                   '<th scope="col">Telephone</th><th scope="col">Source</th></tr></thead><tbody>'
                   + rows + "</tbody></table></div>")
    if part in ("all", "others"):
        rows = []
        for row in contacts["contacts"]:
            ways = []
            if row.get("email"):
                ways.append(_mail(row["email"]))
            elif row.get("email_unprinted"):
                ways.append(f'E-mail not printed in the policy, which says “{inline(row["email_unprinted"])}”')
            if row.get("phone"):
                ways.append(_tel(row["phone"]) + (f" {inline(row['phone_note'])}" if row.get("phone_note") else ""))
            if row.get("app"):
                ways.append(inline(row["app"]))
            organisation = ctx.data["documents"][row["document"]]["organisation"]
            rows.append(f'<tr><td>{_esc(organisation)}</td><th scope="row">{inline(row["role"])}</th>'
                        f'<td>{"<br>".join(ways)}</td><td>{inline(row.get("purpose", ""))}</td>'
                        f'<td>{ctx.cite(row["clause"])}</td></tr>')
        out.append('<div class="table-wrap"><table><thead><tr><th scope="col">Organisation</th><th scope="col">Who</th>'
                   '<th scope="col">How</th><th scope="col">For</th><th scope="col">Source</th></tr></thead><tbody>'
                   + "".join(rows) + "</tbody></table></div>")
    return "\n\n".join(out)


# -- flows ------------------------------------------------------------------------------------

def flow(ctx: Context, flow_id: str) -> str:
    """One flowchart: a Mermaid diagram drawn from the flow data and its text equivalent."""
    return flow_block(ctx.data["flows"][flow_id], ctx.cite)


def flows_index(ctx: Context) -> str:
    """Every flow, each under its own heading, grouped in document order."""
    out = []
    for document in ctx.data["documents"].values():
        for item in ctx.data["flows"].values():
            if item["document"] == document["id"]:
                title = plain_text(item["title"])
                out += [f"## {markdown_heading_text(title)} ({markdown_heading_text(document['organisation'])}) "
                        f"{{#{escape.anchor(item['id'])}}}", "",
                        flow(ctx, item["id"]), ""]
    return "\n".join(out)


# -- glossary, comparison, conflicts ----------------------------------------------------------

def glossary(ctx: Context) -> str:
    """Terms and abbreviations as the documents use them, each pointing to where it is used."""
    terms = ctx.data.get("glossary", [])
    items = []
    for term in sorted(terms, key=lambda t: t["term"].lower()):
        stands = f' — {inline(term["stands_for"])}' if term.get("stands_for") else ""
        where = ", ".join(ctx.cite(c) for c in term["clauses"])
        meaning = f"<p>{inline(term['meaning'])}</p>" if term.get("meaning") else ""
        items.append(f'<dt id="term-{_esc(term["term"].lower().replace(" ", "-"))}">'
                     f'<strong>{inline(term["term"])}</strong>{stands}</dt><dd>{meaning}<p>Used in {where}.</p></dd>')
    return f'<dl class="glossary">{"".join(items)}</dl>'


def fact(ctx: Context, school: str, key: str, on: str | None = None, fmt: str = "{value}") -> str:
    """One value for a school, cited; says so when the school is silent and a national rule applies."""
    try:
        found = _facts.lookup(ctx.data, school, key, on or ctx.today)
    except _facts.FactMissing:
        return '<span class="fact missing">not stated</span>'
    shown = inline(fmt.format(value=found.value))
    note = " (national rule; the school's policy is silent)" if found.national and school else ""
    return f'<span class="fact">{shown} ({ctx.cite(found.clause)}){note}</span>'


def compare_schools(ctx: Context, rows: list) -> str:
    """A table with one column per school; each row a (label, fact key, format) and each cell cited."""
    columns = schools(ctx)
    head = "".join(f'<th scope="col">{_esc(d["organisation"])}</th>' for d in columns)
    body = []
    for label, key, *rest in rows:
        fmt = rest[0] if rest else "{value}"
        cells = "".join(f"<td>{fact(ctx, d['id'], key, fmt=fmt)}</td>" for d in columns)
        body.append(f'<tr><th scope="row">{_esc(label)}</th>{cells}</tr>')
    return (f'<div class="table-wrap"><table class="compare"><thead><tr><th scope="col">Question</th>{head}</tr>'
            f'</thead><tbody>{"".join(body)}</tbody></table></div>')


def conflicts(ctx: Context) -> str:
    """Every disagreement between documents, or with the national rules in force; both sides cited."""
    out = []
    for item in ctx.data.get("conflicts", []):
        sides = "".join(f'<li><blockquote>{inline(side["says"])}</blockquote> — {ctx.cite(side["clause"])}</li>'
                        for side in item["sides"])
        note = f"<p>{inline(item['note'])}</p>" if item.get("note") else ""
        out += [f"## {markdown_heading_text(item['topic'])} {{#{escape.anchor('conflict-' + item['id'])}}}", "",
                f'<div class="conflict"><ul class="conflict-sides">{sides}</ul>{note}</div>', ""]
    return "\n".join(out)


def cite(ctx: Context, clause_id: str, label: str | None = None) -> str:
    """A link to a clause's anchor on its document's page."""
    return ctx.cite(clause_id, label)


# -- tools (filled in by the tools pages) -----------------------------------------------------

def tools_index(ctx: Context) -> str:
    from .tool_pages import tools_index as impl

    return impl(ctx)


def tool_reference(ctx: Context, tool_id: str) -> str:
    from .tool_pages import tool_reference as impl

    return impl(ctx, tool_id)


def tool_widget(ctx: Context, tool_id: str, school: str | None = None, audience: str = "staff") -> str:
    from .tool_pages import tool_widget as impl

    return impl(ctx, tool_id, school, audience)


# -- parents' pages and the induction path (tools_py/site/parents.py, induction.py) -----------

def rule(ctx: Context, rule_id: str, school: str | None = None, audience: str = "staff") -> str:
    """One rule of policy_data/rules.yaml as a page states it, for a school (or in general), on the
    build date, with its citations; the build stops if the rule does not hold there."""
    from tools_py import rules

    statement = rules.state(ctx.data, rule_id, school=school, on=ctx.today, audience=audience)
    cited = ", ".join(ctx.cite(clause) for clause in statement.clauses)
    notes = "".join(f" {inline(note)}" for note in statement.notes)
    return f'<p class="rule">{inline(statement.text)}{notes} <span class="fact-source">({cited})</span></p>'


def nav_title(ctx: Context, doc_id: str) -> str:
    """A generated page's name in the navigation: the school's (or the document's short) name as text.
    The theme writes a navigation title as it is, so it is escaped here, where mkdocs-macros renders
    the title the navigation gives (tools_py/site/school_pages.py)."""
    document = ctx.data["documents"][doc_id]
    name = document["organisation"] if document["kind"] in ("school", "provider") else \
        document.get("short_name") or document["title"]
    return _esc(name)


def school_name(ctx: Context, school: str) -> str:
    """A school's or provider's name, as its document gives it, escaped for the Markdown heading it is put in."""
    return markdown_heading_text(ctx.data["documents"][school]["organisation"])


def parents_schools(ctx: Context) -> str:
    from .parents import parents_schools as impl

    return impl(ctx)


def school_memory(ctx: Context, school: str | None = None) -> str:
    from .parents import school_memory as impl

    return impl(ctx, school)


def parents_intro(ctx: Context, school: str) -> str:
    from .parents import parents_intro as impl

    return impl(ctx, school)


def parents_contacts(ctx: Context, school: str) -> str:
    from .parents import parents_contacts as impl

    return impl(ctx, school)


def parents_illness(ctx: Context, school: str, clauses=()) -> str:
    from .parents import parents_illness as impl

    return impl(ctx, school, clauses)


def parents_leave(ctx: Context, school: str, clauses=()) -> str:
    from .parents import parents_leave as impl

    return impl(ctx, school, clauses)


def parents_unauthorised(ctx: Context, school: str, clauses=()) -> str:
    from .parents import parents_unauthorised as impl

    return impl(ctx, school, clauses)


def parents_support(ctx: Context, school: str, clauses=()) -> str:
    from .parents import parents_support as impl

    return impl(ctx, school, clauses)


def induction_schools(ctx: Context) -> str:
    from .induction import induction_schools as impl

    return impl(ctx)


def induction_path(ctx: Context, school: str) -> str:
    from .induction import induction_path as impl

    return impl(ctx, school)
