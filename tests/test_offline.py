"""Offline: the handbook is built, served and used with no host but its own.

The probe's "offline" category. Building needs no network (everything is installed from the package
registries first); the built site loads nothing from another host (tests/test_site.py and
test_browser_widgets.py check every page's requests); and a tool page, once loaded, keeps answering
with the network gone, since Python, the tools and the data are all in the reader's browser.
"""

from __future__ import annotations

import re
import socket

import pytest

from . import conftest

# Hosts a theme or a library would reach for by default (fonts, CDNs, analytics): none may be named.
_CDN = re.compile(r"fonts\.googleapis\.com|fonts\.gstatic\.com|cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|"
                  r"googletagmanager\.com|google-analytics\.com|cdn\.plot\.ly", re.I)


def test_the_build_reaches_no_other_host(built_site):
    """The session's own build (and everything else run in this process) asked for no other host: the
    guard in conftest.py refuses and records any attempt."""
    assert (built_site / "index.html").is_file()
    probe = socket.socket()
    with pytest.raises(OSError):  # the guard is in place: a connection elsewhere is refused and recorded
        probe.connect(("192.0.2.1", 80))  # TEST-NET-1: never a real host
    probe.close()
    assert conftest.OUTSIDE_ATTEMPTS == ["192.0.2.1:80"], conftest.OUTSIDE_ATTEMPTS
    conftest.OUTSIDE_ATTEMPTS.clear()


def test_no_built_file_names_a_font_or_script_host(built_site):
    """Not in a page, a stylesheet, a diagram or a data file: no web font service, CDN or analytics host.

    (Scripts are left out: Material's bundle and Pyodide name CDNs for features this site does not use,
    such as Mermaid or a Pyodide without a local index; the browser tests check what is really asked.)"""
    found = []
    for path in built_site.rglob("*"):
        if path.suffix in (".html", ".css", ".json", ".xml", ".svg", ".webmanifest") and path.is_file():
            for match in _CDN.finditer(path.read_text(encoding="utf-8", errors="replace")):
                found.append(f"{path.relative_to(built_site)}: {match.group(0)}")
    assert not found, found[:20]


@pytest.mark.browser
def test_a_tool_keeps_answering_with_the_network_gone(base, browser):
    """A reader loads the tool page, the connection drops (a train, a school's flaky Wi-Fi): every answer
    still comes, from the Python already in the page."""
    context = browser.new_context(locale="en-GB")
    outside = []
    context.on("request", lambda request: None if request.url.startswith(base) or request.url.startswith("data:")
               else outside.append(request.url))
    page = context.new_page()
    page.goto(f"{base}tools/which_code/")
    page.wait_for_selector('.tool-widget[data-tool="which_code"][data-state=ready]', timeout=90_000)
    context.set_offline(True)
    tool = page.locator('.tool-widget[data-tool="which_code"]')
    tool.locator("select[name=school]").select_option("dms")
    tool.locator("input[name=date]").fill("2026-11-23")
    tool.locator('.tool-question[data-question="situation"] label:has(input[value="arrived_late"])').click()
    tool.locator('.tool-question[data-question="session"] label:has(input[value="am"])').click()
    tool.locator('.tool-question[data-question="arrival_time"] input').fill("09:45")
    tool.locator("button.tool-submit").click()
    page.wait_for_selector('.tool-widget[data-tool="which_code"] .tool-outcome__title', timeout=30_000)
    assert "Record U" in tool.locator(".tool-outcome__title").text_content()
    context.close()
    assert not outside, outside
