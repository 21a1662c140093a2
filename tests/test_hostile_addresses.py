"""Hostile addresses: what a page writes into ``href``/``src``, and what a reader's address brings in.

The probe's "hostile addresses" category. Every address a page writes goes through
``tools_py/site/escape.py``, which writes only a page of this site, an anchor, or an https, mailto
or tel address; the build reads each page back and stops on anything a browser would run. A tool's
answers come from the address's fragment (``#which_code?school=…``): whatever it holds (``__proto__``,
markup, quotes, a megabyte, the wrong types) is answered with a message, in Python and in the browser.
"""

from __future__ import annotations

import html.parser
import json

import pytest

from tools_py import api
from tools_py.site import escape

# -- what escape.py writes --------------------------------------------------------------------------


@pytest.mark.parametrize("address", [
    "javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
    "file:///etc/passwd", "//evil.example/", 'reference/codes/" onmouseover="alert(1)', "reference/codes/'x",
    "reference/ codes/", "https://example.org/\"onmouseover=\"alert(1)", "<script>", "reference\\codes",
])
def test_an_address_that_could_run_or_leave_its_attribute_is_refused(address):
    with pytest.raises(escape.UnsafeAddress):
        escape.href(address, "../../")


@pytest.mark.parametrize("address, base, written", [
    ("reference/codes/", "../../", "../../reference/codes/"),
    ("documents/wt2024/#wt2024-illness", "../", "../documents/wt2024/#wt2024-illness"),
    ("#dms-4.4", "../../", "#dms-4.4"),
    ("https://www.gov.uk/x?a=1&b=2", "", "https://www.gov.uk/x?a=1&amp;b=2"),
    ("mailto:attendance@dms.wessex.ac", "", "mailto:attendance@dms.wessex.ac"),
    ("tel:01305265651", "", "tel:01305265651"),
])
def test_an_address_of_the_site_or_a_reader_link_is_written_escaped(address, base, written):
    assert escape.href(address, base) == written


def test_text_can_never_leave_its_element_or_attribute():
    hostile = '" onmouseover="alert(1)" \' <script>&'
    assert escape.text(hostile) == "&quot; onmouseover=&quot;alert(1)&quot; &#x27; &lt;script&gt;&amp;"
    assert escape.text(escape.text(hostile)) == escape.text(hostile), "escaped once, never twice"
    assert escape.attributes({"title": hostile, "hidden": None}) == (
        ' title="&quot; onmouseover=&quot;alert(1)&quot; &#x27; &lt;script&gt;&amp;"')


@pytest.mark.parametrize("value", ["dms-4.4\n", "a b", 'x" onclick="y', "", "-x", "x}"])
def test_an_id_for_an_anchor_is_only_an_id(value):
    with pytest.raises(escape.UnsafeAddress):
        escape.anchor(value)


@pytest.mark.parametrize("number, problem", [("01305 26565l", "not a telephone number"), ("999; drop", "not a telephone")])
def test_a_tel_link_only_for_a_number(number, problem):
    with pytest.raises(escape.UnsafeAddress, match=problem):
        escape.tel(number)
    assert escape.tel("01305 265651") == '<a href="tel:01305265651">01305 265651</a>'


@pytest.mark.parametrize("markup, found", [
    ('<a href="javascript:alert(1)">x</a>', "an address that runs in the browser"),
    ('<a href=" java\tscript:alert(1)">x</a>', "an address that runs in the browser"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "an address that runs in the browser"),
    ('<img src="data:image/svg+xml,<svg onload=alert(1)>">', "an address that runs in the browser"),
    ('<p title="x" onmouseover="alert(1)">x</p>', "an event handler"),
    ("<svg><script>alert(1)</script></svg>", "a <script> element"),
    ('<iframe src="https://example.org/"></iframe>', "a <iframe> element"),
])
def test_the_build_reads_each_page_back_and_names_what_would_run(markup, found):
    """The second line of defence (hooks.py stops the build): catches what escaping would have missed."""
    assert any(found in item for item in escape.unsafe_markup(markup)), escape.unsafe_markup(markup)
    assert escape.unsafe_markup('<a href="../documents/dms/#dms-4.4" title="a &quot;quote&quot;">x</a>') == []


class _Addresses(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found += [value for name, value in attrs if name in ("href", "src", "action") and value]


def test_every_address_the_site_writes_is_one_escape_accepts(built_site):
    """Theme and handbook alike: every href and src of every page is a page of the site, an anchor, or an
    https, http, mailto or tel address."""
    wrong = []
    for page in built_site.rglob("*.html"):
        reader = _Addresses()
        reader.feed(page.read_text(encoding="utf-8"))
        wrong += [f"{page.relative_to(built_site)}: {value}" for value in reader.found
                  if escape.address_problem(value)]
    assert not wrong, wrong[:20]


# -- what an address brings in: the tool's answers from its fragment --------------------------------

HOSTILE_REQUESTS = [
    {"tool": "__proto__"},
    {"tool": "which_code", "school": "__proto__"},
    {"tool": "which_code", "school": "constructor"},
    {"tool": "which_code", "school": "dms", "date": "javascript:alert(1)"},
    {"tool": "which_code", "school": "dms", "date": ["2026-11-23"]},
    {"tool": "which_code", "school": "dms", "answers": {"__proto__": "x"}},
    {"tool": "which_code", "school": "dms", "answers": {"constructor": {"prototype": 1}}},
    {"tool": "which_code", "school": "dms", "answers": {"situation": '"><img src=x onerror=alert(1)>'}},
    {"tool": "which_code", "school": "dms", "answers": {"situation": {"nested": ["x"]}}},
    {"tool": "which_code", "school": "dms", "answers": {"situation": None, "session": True}},
    {"tool": "which_code", "school": "dms", "answers": {"situation": "x" * 1_000_000}},
    {"tool": "which_code", "school": "dms", "answers": {"situation": "arrived_late", "session": "am",
                                                        "arrival_time": "99:99"}},
    {"tool": "which_code", "school": "dms", "answers": "situation=on_time"},
    {"tool": "attendance", "school": "dms", "answers": {"period": "year_so_far", "sessions": {"/": {"x": 1}}}},
    {"tool": "attendance", "school": "dms", "answers": {"period": "year_so_far", "sessions": "/:" + "9" * 5000}},
    {"tool": "which_code", "school": "dms", "audience": "__proto__", "answers": {"situation": "on_time",
                                                                                "session": "am"}},
]


@pytest.mark.parametrize("request_", HOSTILE_REQUESTS, ids=range(len(HOSTILE_REQUESTS)))
def test_whatever_the_fragment_holds_the_tool_answers_with_a_form_or_a_message(request_):
    """The worker's ``handle``: never an exception, always JSON the widget can show."""
    reply = json.loads(api.handle_json(json.dumps({"op": "form", "date": "2026-11-23", **request_})))
    assert reply["ok"] in (True, False)
    if not reply["ok"]:
        assert reply["error"]["question"] and reply["error"]["message"]
    else:
        assert reply["form"]["questions"]


@pytest.mark.browser
@pytest.mark.parametrize("fragment", [
    "#which_code?__proto__[polluted]=1&constructor[prototype][x]=1&school=dms&date=2026-11-23",
    "#which_code?school=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&date=2026-11-23",
    "#which_code?school=dms&date=javascript:alert(1)",
    "#which_code?school=dms&date=2026-11-23&situation=%3Cscript%3Ealert(1)%3C/script%3E",
    "#which_code?school=dms&date=2026-11-23&situation=" + "x" * 5000,
    "#which_code?school=dms&school=sev&date=2026-11-23&date=1999-01-01",
])
def test_a_hostile_fragment_runs_nothing_and_the_tool_still_starts(base, browser, fragment):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base + "tools/which_code/" + fragment)
    page.wait_for_selector('.tool-widget[data-tool="which_code"][data-state=ready]', timeout=90_000)
    page.wait_for_timeout(500)
    polluted = page.evaluate("() => ({}).polluted !== undefined || ({}).x !== undefined")
    images = page.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length")
    context.close()
    assert not dialogs and not errors and not polluted and images == 0, (dialogs, errors, polluted, images)
