"""A returning reader's Python starts from the memory snapshot its first visit kept, and answers the same.

The first visit to a tool page boots Pyodide, loads the tools and keeps a snapshot of that interpreter
in Cache Storage (overrides/assets/tools/worker.mjs); a new tab in the same browser restores it
instead of booting, without fetching or unpacking the tools again. The answers must be those of a normal boot, and a snapshot that cannot be restored must not
stop the tool: it boots normally and replaces it.
"""

from __future__ import annotations

import re

import pytest

from tools_py import api

pytestmark = pytest.mark.browser

ADDRESS = "tools/which_code/#which_code?school=dms&date=2026-11-23&situation=arrived_late&session=am&arrival_time=09%3A45"
OUTCOME = ".tool-widget .tool-outcome"
STORED = """async () => {
  const cache = await caches.open('handbook-python-snapshots');
  return (await cache.keys()).map((request) => request.url);
}"""


def _eventually(page, script, timeout_s=30):
    """Evaluate an async ``script`` until it gives a true value (the snapshot is stored after the answer)."""
    for _ in range(timeout_s * 4):
        value = page.evaluate(script)
        if value:
            return value
        page.wait_for_timeout(250)
    raise AssertionError(f"still false after {timeout_s} s: {script}")


def _visit(context, base):
    page = context.new_page()
    page.goto(base + ADDRESS)
    page.wait_for_selector(OUTCOME, timeout=120_000)
    return page, page.locator(OUTCOME).inner_text(), page.evaluate("window.__handbookTools.snapshot")


def _untimed(answer: str) -> str:
    """An answer's text without the time of day of its "answer given on … at HH:MM" line."""
    return re.sub(r"(answer given on [^.\n]*? at )\d{2}:\d{2}", r"\1HH:MM", answer)


def test_a_second_visit_starts_python_from_the_snapshot_and_answers_the_same(base, browser):
    expected = api.ask("which_code", "dms", "2026-11-23",
                       {"situation": "arrived_late", "session": "am", "arrival_time": "09:45"})
    context = browser.new_context()
    first, shown, how = _visit(context, base)
    assert how == "booted", how
    stored = _eventually(first, STORED)
    # kept under the versioned Pyodide folder and the tools' versioned address
    assert len(stored) == 1 and "/pyodide-" in stored[0] and ".whl%3Fv%3D" in stored[0], stored
    first.close()

    wheels = []
    context.on("request", lambda request: wheels.append(request.url) if ".whl" in request.url.split("?")[0] else None)
    second, again, how = _visit(context, base)  # a new tab, the browser's storage kept
    assert how == "restored", how
    assert wheels == [], wheels  # the snapshot holds the tools: the wheel is not even asked for
    # The same answer, word for word, but for the clock time it was given (the two visits may fall
    # either side of a minute).
    assert _untimed(again) == _untimed(shown) and expected["fields"]["code"] in again, (shown, again)
    time_box = second.locator(".tool-widget .tool-question[data-question=arrival_time] input").first
    time_box.fill("09:20")
    time_box.press("Enter")
    second.wait_for_function("() => /\\bL\\b/.test(document.querySelector('.tool-widget .tool-outcome')?.textContent || '')",
                             timeout=30_000)  # the restored Python keeps answering: 09:20 is late, L
    second.close()
    context.close()


def test_a_snapshot_that_cannot_be_restored_is_replaced_by_a_normal_boot(base, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base)
    key = page.evaluate("""async () => {
      const url = new URL(document.baseURI);
      const html = await (await fetch(new URL('tools/which_code/', url))).text();
      const page = new URL('tools/which_code/', url);
      const worker = new URL(/data-worker="([^"]+)"/.exec(html)[1].replaceAll('&amp;', '&'), page);
      const pyodide = new URL(worker.searchParams.get('pyodide'), worker);
      const wheel = new URL(worker.searchParams.get('wheel'), worker);
      const key = new URL('python-snapshot?tools=' + encodeURIComponent(wheel.href), pyodide).href;
      const cache = await caches.open('handbook-python-snapshots');
      await cache.put(key, new Response(new Uint8Array([1, 2, 3])));  // not a snapshot
      return key;
    }""")
    page.close()
    broken, shown, how = _visit(context, base)
    assert how == "booted", how  # the bad snapshot was dropped and Python booted normally
    assert "U" in shown  # 09:45 at Dorchester: after the register closed
    _eventually(broken, f"""async () => {{
      const cache = await caches.open('handbook-python-snapshots');
      const found = await cache.match({key!r});
      return Boolean(found) && (await found.arrayBuffer()).byteLength > 1000;
    }}""")  # and a real snapshot took its place
    context.close()
