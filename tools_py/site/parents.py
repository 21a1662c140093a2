"""The parents' pages: each school's rules in plain words, every fact drawn from policy_data/.

A page in ``docs/parents/`` is headings and plain prose that states no policy; each section is one of
these macros. A value is a fact looked up for the school on the build date (its own, else its local
authority's, else the national rule, and the page says which); a rule in the school's words is a
quoted clause with its citation; a contact comes from contacts.yaml. Where the school's document is
silent the section says so plainly and shows the national rule with its citation. Abbreviations and
register codes in a quotation are explained beside it, from the glossary and the codes list.

``quote``, ``clause_node`` and ``fact_value`` are shared with the induction path (``induction.py``).
"""

from __future__ import annotations

import html
import re

from tools_py import codes as _codes
from tools_py import facts as _facts
from tools_py import rules as _rules
from tools_py.questions import school_ids
from tools_py.school_type import coverage, kind_words

from . import escape, render
from .escape import text as _esc
from .inline import inline, plain_text
from .per_build import once_per_data

_NODES: dict[int, dict] = {}


def _org(ctx, doc_id: str) -> str:
    return ctx.data["documents"][doc_id]["organisation"]


# -- clauses ----------------------------------------------------------------------------------

def clause_node(data, clause_id: str) -> dict:
    """The section or block a clause id names, from the documents' full text."""
    key = id(data)
    if key not in _NODES:
        index: dict[str, dict] = {}

        def visit(section):
            index[section["id"]] = section
            for block in section.get("blocks") or []:
                if block.get("id"):
                    index[block["id"]] = block
            for child in section.get("sections") or []:
                visit(child)

        for document in data["documents"].values():
            for section in document.get("sections") or []:
                visit(section)
        _NODES.clear()
        _NODES[key] = index
    return _NODES[key][clause_id]


def _block_body(block) -> str:
    """A block's text, lists and table, without the anchor its document page gives it."""
    parts = []
    if block.get("text"):
        parts.append(f"<p>{inline(block['text'])}</p>")
    if block.get("list"):
        parts.append(render._list(block["list"], block.get("ordered", False)))
    if block.get("table"):
        parts.append(render._table(block["table"]))
    if block.get("after"):
        parts.append(f"<p>{inline(block['after'])}</p>")
    return "".join(parts)


def _node_body(node, top=True) -> str:
    if "blocks" not in node and "sections" not in node:
        return _block_body(node)
    parts = [] if top else [f'<p class="quote-subtitle"><strong>{inline(node["title"])}</strong></p>']
    parts += [_block_body(block) for block in node.get("blocks") or []]
    parts += [_node_body(child, top=False) for child in node.get("sections") or []]
    return "".join(parts)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in ("text", "list", "table", "header", "rows", "after", "blocks", "sections", "title"):
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def node_text(node) -> str:
    return plain_text(" ".join(_strings(node)))


# -- abbreviations and codes, explained from the data -----------------------------------------

_ACRONYM = re.compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b")
_CODE_RUN = re.compile(r"\bcodes?\s+((?:['‘\"(]?(?:[A-Z][0-9]?|#)['’\")]?(?:\s*(?:,|\bor\b|\band\b)\s*)?)+)")
_CODE = re.compile(r"(?<![A-Za-z])([A-Z][0-9]?|#)(?![A-Za-z0-9])")


@once_per_data
def abbreviations(data) -> dict[str, str]:
    """Every abbreviation the handbook can explain: the glossary's, and the documents' owners' initials."""
    known: dict[str, str] = {}
    for term in data.get("glossary", []):
        stands = term.get("stands_for")
        if not stands and term.get("meaning"):
            meaning = term["meaning"].rstrip(".")
            stands = meaning[:1].lower() + meaning[1:] if meaning[1:2].islower() else meaning
        if not stands:
            continue
        for variant in [term["term"]] + re.findall(r"\(([^)]+)\)", term["term"]):
            variant = re.sub(r"\s*\([^)]*\)", "", variant).strip()
            if len(re.findall(r"[A-Z]", variant)) >= 2 and " " not in variant:
                known.setdefault(variant, re.sub(r"\s*\([^)]*\)$", "", stands))
    for document in data["documents"].values():
        name = re.sub(r"\s*\([^)]*\)", "", document["organisation"])
        initials = "".join(word[0] for word in re.findall(r"[A-Za-z]+", name))
        if len(re.findall(r"[A-Z]", initials)) >= 2:
            known.setdefault(initials, name)
    return known


def explained(ctx, text: str) -> list[tuple[str, str]]:
    """(abbreviation or code, meaning) for each one in ``text`` that the data can explain."""
    known = abbreviations(ctx.data)
    found: dict[str, str] = {}
    for word in _ACRONYM.findall(text):
        bare = word[:-1] if word.endswith("s") and word[:-1] in known else word
        if bare in known:
            found.setdefault(bare, known[bare])
    for run in _CODE_RUN.finditer(text):
        for code in _CODE.findall(run.group(1)):
            meaning = _codes.meaning(ctx.data, code, ctx.today)
            if meaning:
                found.setdefault(f"code {code}", f"register code for “{meaning}”")
    return list(found.items())


def explain_block(ctx, text: str) -> str:
    items = explained(ctx, text)
    if not items:
        return ""
    words = "; ".join(f"<strong>{_esc(word)}</strong> means {inline(meaning)}" for word, meaning in items)
    return f'<p class="quote-terms">In these words, {words}.</p>'


_TAG = re.compile(r"<[^>]+>")


def with_terms(ctx, fragment: str) -> str:
    """A section's HTML, followed by the meaning of each abbreviation or code in it not yet explained.

    Quotations explain their own words; this catches the rest (citation labels, values)."""
    text = html.unescape(_TAG.sub(" ", fragment))
    in_intro = {word for word, _ in _national_abbreviations(ctx)}
    missing = [(word, meaning) for word, meaning in explained(ctx, text)
               if f"{word}</strong> means" not in fragment and word not in in_intro]
    if not missing:
        return fragment
    words = "; ".join(f"<strong>{_esc(word)}</strong> means {inline(meaning)}" for word, meaning in missing)
    return f'{fragment}<p class="quote-terms">Abbreviations used above: {words}.</p>'


# -- quoting ----------------------------------------------------------------------------------

def quote(ctx, clause_id: str, explain: bool = True) -> str:
    """A clause in its document's own words, with its citation (and its abbreviations explained)."""
    node = clause_node(ctx.data, clause_id)
    terms = explain_block(ctx, node_text(node)) if explain else ""
    return (f'<figure class="policy-quote"><blockquote>{_node_body(node)}</blockquote>'
            f'<figcaption>— {ctx.cite(clause_id)}</figcaption>{terms}</figure>')


def quotes(ctx, clause_ids, explain: bool = True) -> str:
    return "".join(quote(ctx, clause_id, explain) for clause_id in clause_ids)


def fact_value(ctx, school: str, key: str, fmt: str = "{value}"):
    """(shown value with its citation, note naming where it came from) or None if nobody states it."""
    try:
        found = _facts.lookup(ctx.data, school, key, ctx.today)
    except _facts.FactMissing:
        return None
    value = found.value
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    shown = f'{inline(fmt.format(value=value))} <span class="fact-source">({ctx.cite(found.clause)})</span>'
    note = ""
    if found.document != school:
        source = ctx.data["documents"][found.document]
        kind = "guidance" if source["kind"] == "local_authority" else "national rule"
        note = f"{_esc(source['organisation'])}'s {kind}; {_esc(_org(ctx, school))}'s policy does not give it"
    return shown, note


def _national_abbreviations(ctx) -> list[tuple[str, str]]:
    """Abbreviations in the national documents' short names (cited everywhere; explained in the intro)."""
    names = " ".join(d.get("short_name", "") for d in ctx.data["documents"].values() if d["kind"] == "national")
    return explained(ctx, names)


# -- the landing page -------------------------------------------------------------------------

_KIND_WORDS = {"school": "School", "provider": "Education provider"}


def parents_schools(ctx) -> str:
    """The schools and providers, each linking to its page for parents; the reader's own school first.

    The school the reader chose (remembered in the browser, overrides/assets/school.js) is shown
    above the list as "Your school", with a way to forget it; the list itself stays whole."""
    items = []
    for school in school_ids(ctx.data):
        document = ctx.data["documents"][school]
        items.append(
            f'<li class="parents-school" data-school="{_esc(school)}"><a class="parents-school__link" '
            f'href="{ctx.url(f"parents/{school}/")}">'
            f'<span class="parents-school__name">{_esc(document["organisation"])}</span> '
            f'<span class="parents-school__kind">{_KIND_WORDS[document["kind"]]}</span></a></li>')
    return f'{school_memory(ctx)}<ul class="parents-schools">{"".join(items)}</ul>'


def school_memory(ctx, school: str | None = None) -> str:
    """The "your school" panel: on the index, the remembered school's page; on a school's page, a
    button to make it the reader's school (or to forget it). Drawn by overrides/assets/school.js, so
    it stays hidden without JavaScript; its status line announces what a button did."""
    if school is not None and school not in school_ids(ctx.data):
        raise ValueError(f"school_memory: '{school}' is not a school (schools: {', '.join(school_ids(ctx.data))})")
    named = (f' data-school="{_esc(school)}" data-school-name="{_esc(_org(ctx, school))}"' if school else "")
    return (f'<div class="school-memory" data-search-exclude data-pagefind-ignore{named} hidden>'
            f'<div class="school-memory__body"></div>'
            f'<p class="school-memory__said" role="status"></p></div>')


# -- one school's page ------------------------------------------------------------------------

def _in_short_leave(ctx, school: str):
    """The school's key sentence on term-time leave, in its words (else the national rule's), or None."""
    try:
        return _facts.lookup(ctx.data, school, "leave.in_short", ctx.today)
    except _facts.FactMissing:
        return None


def parents_summary(ctx, school: str) -> str:
    """The page in four lines, for a reader on a phone: illness, time off, fines, who to call."""
    items = []
    try:
        ill = _facts.lookup(ctx.data, school, "absence_reporting.how", ctx.today)
        said = f'{inline(ill.value)} <span class="fact-source">({ctx.cite(ill.clause)})</span>'
    except _facts.FactMissing:
        said = f"{_esc(_org(ctx, school))}'s policy does not say how: ask the school how and when it wants to be told."
    items.append(("illness", "If your child is ill", said))
    leave = _in_short_leave(ctx, school)
    if leave is not None:
        whose = "" if leave.document == school else f" (the national rule: {_esc(_org(ctx, school))}'s policy does not say)"
        flag = other_sides(ctx, leave.clause, short=True)
        items.append(("time-off", "Time off in term time",
                      f'“{inline(leave.value)}”{whose} <span class="fact-source">({ctx.cite(leave.clause)})</span>'
                      f'{" " + flag if flag else ""}'))
    fines = _rules.applicable(ctx.data, "fines-in-short", school=school, on=ctx.today, audience="parents")
    if fines:
        items.append(("without-permission", "Away without permission", _stated(ctx, fines[0])))
    leads = [row for row in _school_contacts(ctx, school) if row.get("lead")]  # contacts.yaml: lead
    if leads:
        lead = leads[0]
        way = (_tel(lead["phone"]) if lead.get("phone") else _mailto(lead["email"]) if lead.get("email")
               else inline(lead["app"]) if lead.get("app") else "")
        if way:
            items.append(("contact", "Who to call" if lead.get("phone") else "Who to contact",
                          f'{inline(lead["role"])}: {way}'))
    rows = "".join(f'<li><strong>{_esc(label)}</strong>: {said} <a class="parents-summary__more" href="#{anchor}">'
                   f'More<span class="tool-sr-only"> about {_esc(label.lower())}</span></a></li>'
                   for anchor, label, said in items)
    return (f'<div class="parents-summary"><p class="parents-summary__title">In short</p>'
            f'<ul class="parents-summary__items">{rows}</ul></div>')


def parents_intro(ctx, school: str) -> str:
    """A short summary first (for a phone), then which policy the page comes from and how current it is."""
    document = ctx.data["documents"][school]
    dated = document.get("issued") or document.get("effective") or document.get("last_review")
    when = f", dated {render.human_date(dated)}" if dated else ", which is undated"
    national = [d for d in ctx.data["documents"].values() if d["kind"] == "national"]
    national_names = " and ".join(f"<em>{_esc(d['title'])}</em>" for d in national)
    abbreviations_used = [f"<strong>{_esc(word)}</strong> means {_esc(meaning)}"
                          for word, meaning in _national_abbreviations(ctx)]
    abbreviations_note = f" ({'; '.join(abbreviations_used)})" if abbreviations_used else ""
    return with_terms(ctx, parents_summary(ctx, school)) + (
        f'<div class="parents-intro"><p>This page is for parents and carers of pupils at '
        f'{_esc(document["organisation"])}. Everything on it comes from the school\'s policy, '
        f'<a href="{ctx.url(render.document_url(school))}"><em>{_esc(document["title"])}</em></a>{when}, and '
        f'from the national rules it relies on: {national_names}{abbreviations_note}. Each rule links to the '
        f'place it comes from. Amounts and dates are those in force on {render.human_date(ctx.today.isoformat())}, '
        f'when this page was made.</p>'
        f'{render.review_notice(document, ctx.today)}</div>')


def _tel(number: str) -> str:
    return escape.tel(number, "parents-contact__phone")


def _mailto(address: str) -> str:
    return escape.mailto(address)


def _school_contacts(ctx, school: str) -> list[dict]:
    return [row for row in ctx.data["contacts"]["contacts"] if row["document"] == school]


def parents_contacts(ctx, school: str) -> str:
    """Every contact the school's policy gives, telephone first, each with what it is for."""
    rows = _school_contacts(ctx, school)
    if not rows:
        return (f'<p class="parents-silent">{_esc(_org(ctx, school))}\'s policy gives no telephone number, '
                f'e-mail address or app for contacting the school. Use the contact details the school has '
                f'given you.</p>')
    cards = []
    for row in rows:
        ways = []
        if row.get("phone"):
            note = f" {inline(row['phone_note'])}" if row.get("phone_note") else ""
            ways.append(f"<li><span class=\"parents-contact__how\">Phone</span> {_tel(row['phone'])}{note}</li>")
        if row.get("email"):
            ways.append(f'<li><span class="parents-contact__how">E-mail</span> {_mailto(row["email"])}</li>')
        elif row.get("email_unprinted"):
            ways.append(f'<li><span class="parents-contact__how">E-mail</span> not printed in the policy, which '
                        f'says “{inline(row["email_unprinted"])}”</li>')
        if row.get("app"):
            ways.append(f'<li><span class="parents-contact__how">App</span> {inline(row["app"])}</li>')
        purpose = f'<p class="parents-contact__for">{inline(row["purpose"])}</p>' if row.get("purpose") else ""
        cards.append(f'<li class="parents-contact"><p class="parents-contact__who">{inline(row["role"])}</p>'
                     f'{purpose}<ul class="parents-contact__ways">{"".join(ways)}</ul>'
                     f'<p class="parents-contact__source">Source: {ctx.cite(row["clause"])}</p></li>')
    return with_terms(ctx, f'<ul class="parents-contacts">{"".join(cards)}</ul>')


def quoted(ctx, school: str, part: str) -> list[str]:
    """The clauses the school's parents' page quotes in one of its sections (its document's
    ``parents_page:``); none where the document lists none, and the section then says the policy is silent."""
    page = ctx.data["documents"][school].get("parents_page") or {}
    return list((page.get(part) or {}).get("clauses") or [])


def _silent(ctx, school: str, what: str) -> str:
    return f'<p class="parents-silent">{_esc(_org(ctx, school))}\'s policy does not say {what}.</p>'


def _own_words(ctx, clauses, lead: str) -> str:
    if not clauses:
        return ""
    return f'<p class="parents-lead">{lead}</p>{quotes(ctx, clauses)}'


def _national_rule(ctx, clauses, lead: str = "The national rule:") -> str:
    return f'<div class="parents-national"><p class="parents-lead">{lead}</p>{quotes(ctx, clauses)}</div>'


_REPORTING = {"how": "How and by when to tell the school"}


def parents_illness(ctx, school: str, clauses=None) -> str:
    """How and by when to report illness (the school's absence_reporting facts), then its own words."""
    clauses = quoted(ctx, school, "illness") if clauses is None else clauses
    own = ctx.data["documents"][school].get("facts") or {}
    keys = [key for key in own if key.startswith("absence_reporting.")]
    out = []
    for key in keys:
        found = _facts.own(ctx.data, school, key, ctx.today)
        if found is None:
            continue
        label = _REPORTING.get(key.split(".", 1)[1], key.split(".", 1)[1].replace("_", " ").capitalize())
        out.append(f'<div class="parents-key-fact"><p class="parents-key-fact__label">{_esc(label)}</p>'
                   f'<p class="parents-key-fact__value">{inline(found.value)}</p>'
                   f'<p class="parents-key-fact__source">Source: {ctx.cite(found.clause)}</p></div>')
    if not out:
        out.append(_silent(ctx, school, "how or by when to tell the school that your child is ill"))
        try:
            found = _facts.lookup(ctx.data, school, "absence_reporting.how", ctx.today)
            source = ctx.data["documents"][found.document]
            lead = (f"{_esc(source['organisation'])}'s guidance:" if source["kind"] == "local_authority"
                    else "The national rule:")
            out.append(_national_rule(ctx, [found.clause], lead))
        except _facts.FactMissing:
            out.append('<p class="parents-silent">The national rules in this handbook do not set this either: '
                       'ask the school how and when it wants to be told.</p>')
    out.append(_own_words(ctx, list(clauses), "What the policy says:"))
    return with_terms(ctx, "".join(out))


def _decider(ctx, school: str) -> str:
    found = _facts.own(ctx.data, school, "leave.decided_by", ctx.today)
    if found is not None:
        return f'<p>{inline(found.value)} <span class="fact-source">({ctx.cite(found.clause)})</span></p>'
    rows = ctx.data["tools"]["leave_request"]["rules"]["national_decider"]
    row = next((r for r in rows if _facts.to_date(r["from"]) <= ctx.today), None)
    out = _silent(ctx, school, "who decides")
    if row is not None:
        out += _national_rule(ctx, [row["clause"]])
    return out


def _asking(ctx, school: str) -> str:
    found = _facts.own(ctx.data, school, "leave.request_notice", ctx.today)
    if found is not None:
        return f'<p>{inline(found.value)} <span class="fact-source">({ctx.cite(found.clause)})</span></p>'
    national = _facts.lookup(ctx.data, school, "leave.only_exceptional", ctx.today)
    return _silent(ctx, school, "how or when to ask") + _national_rule(ctx, [national.clause])


def parents_leave(ctx, school: str, clauses=None) -> str:
    """Term-time leave: the national rule, who decides, how and when to ask, and the school's own words."""
    clauses = quoted(ctx, school, "leave") if clauses is None else clauses
    rule = _facts.lookup(ctx.data, school, "leave.only_exceptional", ctx.today)
    key = _in_short_leave(ctx, school)
    out = []
    if key is not None and key.document == school:
        out.append(f'<figure class="policy-quote parents-key"><p class="parents-lead">In short, in the school\'s words:</p>'
                   f'<blockquote><p>{inline(key.value)}</p></blockquote>'
                   f'<figcaption>— {ctx.cite(key.clause)}</figcaption>{other_sides(ctx, key.clause)}</figure>')
    elif key is not None:
        out.append(_silent(ctx, school, "in its own words when it agrees to time off in term time; "
                                       "the national rule below applies"))
    out += [f'<div class="parents-national"><p class="parents-lead">The national rule for every school in England:</p>'
           f'{quote(ctx, rule.clause)}</div>',
           f'<h3 id="{school}-leave-who">Who decides</h3>', _decider(ctx, school),
           f'<h3 id="{school}-leave-how">How and when to ask</h3>', _asking(ctx, school)]
    if clauses:
        out += [f'<h3 id="{school}-leave-rules">The school\'s rules in its own words</h3>', quotes(ctx, list(clauses))]
    else:
        out += [f'<h3 id="{school}-leave-rules">The school\'s own rules</h3>',
                _silent(ctx, school, "anything more about time off in term time: the national rule above applies")]
    return with_terms(ctx, "".join(out))


def _national(ctx, key):
    """A national fact in force on the build date (no school, no local authority)."""
    return _facts.lookup(ctx.data, None, key, ctx.today)


def _reason_words(tool, reasons) -> str:
    choices = {c["value"]: c for q in tool["questions"] if q["id"] == "reason" for c in q["choices"]}
    return "; ".join(plain_text(choices[r].get("parents") or choices[r]["label"]).lower() for r in reasons if r in choices)


def parents_unauthorised(ctx, school: str, clauses=None) -> str:
    """Absence without permission: the school's own words, then the fines in force on the build date."""
    clauses = quoted(ctx, school, "unauthorised") if clauses is None else clauses
    tool = ctx.data["tools"]["leave_request"]
    rows = (tool["rules"].get("if_refused") or {}).get(school) or []
    out = []
    if rows or clauses:
        out.append('<p class="parents-lead">What the school says happens:</p><ul class="parents-points">')
        for row in rows:
            when = f' <span class="parents-when">(For {_esc(_reason_words(tool, row["reasons"]))}.)</span>' if row.get("reasons") else ""
            parts = [(row["text"], [row["clause"], *(row.get("also") or [])])] if row.get("text") else []
            for rule_id in row.get("states") or []:  # a row that states a rule of policy_data/rules.yaml
                statement = _rules.state(ctx.data, rule_id, school=school, on=ctx.today, audience="parents")
                parts.append((statement.text, list(statement.clauses)))
            for text, cited_clauses in parts:
                cited = ", ".join(ctx.cite(c) for c in cited_clauses)
                out.append(f'<li>{inline(text)}{when} <span class="fact-source">({cited})</span></li>')
        out.append("</ul>")
        out.append(quotes(ctx, list(clauses)))
    else:
        out.append(_silent(ctx, school, "what happens if your child is away without permission; the national rules below apply"))

    said = _rules.applicable(ctx.data, "absence-without-permission", school=school, on=ctx.today, audience="parents")
    out.append(f'<h3 id="{school}-fines">Fines (penalty notices)</h3>'
               f'<p class="parents-lead">The national rules in force on {render.human_date(ctx.today.isoformat())}:</p>'
               '<ul class="parents-points">')
    out += [f"<li>{_stated(ctx, statement)}</li>" for statement in said]
    out += [f"<li>{_stated(ctx, statement)}</li>" for statement in _told_to_the_council(ctx, school)]
    out.append("</ul>")
    out.append(_disagreements(ctx, school, [clause for statement in said for clause in statement.clauses]))
    return with_terms(ctx, "".join(out))


def _told_to_the_council(ctx, school) -> list:
    """When the school must tell the council of absence without permission: the rules "Must I tell the
    local authority?" states once the absence reaches the number of days it counts, in parents' words."""
    from tools_py.notify_la import rules_for_unauthorised_days

    try:
        days = _facts.lookup(ctx.data, school, "la_notify.continuous_unauthorised_school_days", ctx.today).value
    except _facts.FactMissing:
        return []
    return [_rules.state(ctx.data, rule_id, school=school, on=ctx.today, audience="parents")
            for rule_id in rules_for_unauthorised_days(ctx.data, school, ctx.today, days)]


def _stated(ctx, statement) -> str:
    """A rule as a parents' page states it, with the clauses it rests on."""
    cited = ", ".join(ctx.cite(clause) for clause in statement.clauses)
    return f'{inline(statement.text)} <span class="fact-source">({cited})</span>'


def _disagreements(ctx, school: str, national_clauses) -> str:
    """Conflicts between a national value shown and the school's (or its local authority's) documents."""
    mine = {school, *_facts.local_authority_documents(ctx.data, school)}
    out = []
    for conflict in ctx.data.get("conflicts", []):
        sides = conflict["sides"]
        clauses = {side["clause"] for side in sides}
        if not clauses & set(national_clauses):
            continue
        local = [side for side in sides if ctx.data["clauses"][side["clause"]]["document"] in mine]
        for side in local:
            document = ctx.data["clauses"][side["clause"]]["document"]
            out.append(f'<li>{_esc(_org(ctx, document))} says: “{inline(side["says"])}” ({ctx.cite(side["clause"])})</li>')
    if not out:
        return ""
    return (f'<div class="parents-conflict"><p class="parents-lead">Other documents give these amounts:</p>'
            f'<ul class="parents-points">{"".join(out)}</ul><p>The amounts above are the ones the national rules '
            f'set on {render.human_date(ctx.today.isoformat())}. <a href="{ctx.url("reference/conflicts/")}#conflict-'
            f'{_esc(conflict_id(ctx, national_clauses))}">Why the documents differ</a>.</p></div>')


def other_sides(ctx, clause_id: str, short: bool = False) -> str:
    """Where a clause shown is one side of a conflict: what the other sides say, and the link to both.

    A page that quotes one side of a disagreement (a school's policy that says two things, or a
    document against the national rule) shows the other beside it; it never picks one silently."""
    out = []
    for conflict in ctx.data.get("conflicts", []):
        if clause_id not in {side["clause"] for side in conflict["sides"]}:
            continue
        link = (f'<a href="{ctx.url("reference/conflicts/")}#conflict-{_esc(conflict["id"])}">'
                f'{_esc(conflict["topic"])}</a>')
        others = [side for side in conflict["sides"] if side["clause"] != clause_id]
        if short:
            out.append(f'<span class="parents-conflict-flag">The documents disagree on this: {link}.</span>')
            continue
        said = "; ".join(f'“{inline(side["says"])}” ({ctx.cite(side["clause"])})' for side in others)
        out.append(f'<p class="parents-conflict">But also: {said}. The handbook shows both ({link}).</p>')
    return " ".join(out)


def conflict_id(ctx, national_clauses) -> str:
    for conflict in ctx.data.get("conflicts", []):
        if {side["clause"] for side in conflict["sides"]} & set(national_clauses):
            return conflict["id"]
    return ""


_SUPPORT_FACTS = [
    ("absence.persistent_percent", "Persistent absence", "missing {value}% or more of school sessions"),
    ("absence.severe_percent", "Severe absence", "missing {value}% or more of school sessions"),
    ("attendance.initial_concern_below_percent", "First concern", "attendance below {value}%"),
]


def parents_support(ctx, school: str, clauses=None) -> str:
    """When attendance falls: the thresholds (school, local authority or national), then the school's support."""
    clauses = quoted(ctx, school, "support") if clauses is None else clauses
    items = []
    for key, label, fmt in _SUPPORT_FACTS:
        found = fact_value(ctx, school, key, fmt)
        if found is None:
            continue
        shown, note = found
        items.append(f'<li><strong>{_esc(label)}</strong>: {shown}{f" — {note}" if note else ""}</li>')
    out = []
    if items:
        out.append(f'<p class="parents-lead">How the school and the rules describe falling attendance:</p>'
                   f'<ul class="parents-points">{"".join(items)}</ul>')
    if clauses:
        out.append(f'<p class="parents-lead">The support the school describes:</p>{quotes(ctx, list(clauses))}')
    else:
        out.append(_silent(ctx, school, "what support it offers when attendance falls"))
        national = [_facts.lookup(ctx.data, None, key, ctx.today).clause
                    for key in ("absence.persistent_percent", "absence.severe_percent")]
        out.append(_national_rule(ctx, national, "The national guidance every school follows:"))
    return with_terms(ctx, "".join(out))
