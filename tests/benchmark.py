"""How much the handbook's pages weigh and how fast its tools answer, in headless Chromium on this machine.

Not a test: run ``.venv/bin/python tests/benchmark.py [--tool ID] [--runs N]``. It builds the site
into a temporary folder and serves it under a sub-path (/site/) from 127.0.0.1 with the test server
(tests/support/server.py), which sends the build's precompressed copies and caching headers as a
production server would, and counts the bytes it sends. It measures, all in one run:

- the site build (``python -m tools_py.site build``);
- bytes for a plain page (home), a diagram page (flowcharts) and a tool page (until its first answer),
  raw and as transferred (compressed), and the Pyodide bytes of the plain page (which must be 0);
- bare Pyodide boot: a generated page that only boots the site's own Pyodide in a module worker;
- cold time to first answer: a fresh browser profile opens a tool page whose address holds a complete
  set of answers (a golden case), until the outcome is on screen;
- second visit: a new tab in the same profile (the browser's cache and Cache Storage kept, where the
  first visit left its Python snapshot) opens the same address;
- warm answer: the median, over 20 changes, from a click on an answer to the redrawn form;
- the next tool page: from that warm page, a click on the site's navigation to another tool page,
  until its tool is ready (instant navigation swaps the page in and keeps the worker);
- the reader's last click: a fresh profile opens the tool page holding every answer but the last; the
  reader clicks the last one 3 s after opening the page (or as soon as it is on screen, if later);
  measured from that click to the outcome on screen;
- each time as a ratio to the bare boot measured in the same run;
- with ``--slow``, a slow phone as well (``SLOW``, set through Chromium's DevTools protocol): the page's
  CPU throttled 4x (``Emulation.setCPUThrottlingRate``) and a slow network emulated
  (``Network.emulateNetworkConditions``: 562.5 ms round trip, 1.47 Mbit/s down, 675 kbit/s up, the
  "slow 4G" that Lighthouse emulates with DevTools). A fresh profile opens the tool page twice: once
  by a shared link holding every answer (times to the first question on screen, to the tool ready and
  to the answer on screen), and once holding every answer but the first question's, which the reader
  clicks as soon as that question is on screen, before Python is ready (time to the answer on screen,
  or "lost" when the click is forgotten). Chromium 156 throttles the page's main thread only: its
  DevTools refuse CPU throttling for a worker ("only supported for pages"), so Python's boot in its
  worker runs at this machine's full speed and a real phone's would be slower still; the network
  emulation covers the worker's downloads too.

Each timed visit starts after a pause (``SETTLE_S``), so that what an earlier visit left the browser
doing (storing a snapshot, caching compiled code) is not counted against it.

Prints one Markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.conftest import load_cases  # noqa: E402
from tests.support.browser import launch  # noqa: E402
from tests.support.server import Handler, serve  # noqa: E402

PYODIDE = "assets/vendor/pyodide"  # its folder is named after its version
READER_MS = 3000  # the reader's last click, after opening the page
SETTLE_S = 1.5  # pause before each timed visit
# A slow phone: Lighthouse's mobile emulation with DevTools throttling ("slow 4G" and a 4x slower CPU).
SLOW = {"cpu_rate": 4, "latency_ms": 562.5, "down_bps": 1_474_560, "up_bps": 675_000}
SLOW_TIMEOUT_MS = 240_000

BOOT_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pyodide boot</title></head>
<body><p id="out">booting…</p>
<script type="module">
const started = performance.now();
const worker = new Worker("boot-worker.mjs", { type: "module" });
worker.onmessage = (event) => {
  window.bootMs = performance.now() - started;
  window.python = event.data;
  document.getElementById("out").textContent = "booted";
};
worker.onerror = (event) => { window.bootError = event.message || "worker error"; };
worker.postMessage(new URL("site/PYODIDE_DIR", location.href).href);
</script></body></html>
"""

BOOT_WORKER = """
self.onmessage = async (event) => {
  const indexURL = event.data;
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL, packages: [] });
  self.postMessage(pyodide.runPython("import sys; sys.version.split()[0]"));
};
"""

# The live answer in the widget (the page's worked examples, written at build time, use the same class).
ANSWER = ".tool-widget .tool-result .tool-outcome__title"
OUTCOME = f"() => document.querySelector('{ANSWER}')"
SNAPSHOT_KEPT = "async () => (await (await caches.open('handbook-python-snapshots')).keys()).length > 0"

WARM = """async () => {
  const section = document.querySelector('.tool-widget');
  const radios = [...section.querySelector('.tool-question').querySelectorAll('input[type=radio]')].slice(0, 2);
  if (radios.length < 2) return null;
  if (radios[0].checked) radios.reverse();  // every click must change the answer
  const times = [];
  for (let i = 0; i < 20; i++) {
    const before = section.getAttribute('data-rendered');
    const started = performance.now();
    const done = new Promise((resolve) => {
      const watch = new MutationObserver(() => {
        if (section.getAttribute('data-rendered') !== before) { watch.disconnect(); resolve(); }
      });
      watch.observe(section, { attributes: true, attributeFilter: ['data-rendered'] });
      setTimeout(() => { watch.disconnect(); resolve(); }, 10000);
    });
    radios[i % 2].click();
    await done;
    times.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  return times;
}"""

# From a tool page whose Python is warm, the reader follows the site's navigation to another tool page:
# from the click until that page's tool is ready, and whether the page was swapped in (instant
# navigation, the worker kept) rather than loaded afresh.
NEXT_TOOL = """async (next) => {
  window.__sameDocument = true;
  const link = document.querySelector(`.md-nav--primary a[href$="tools/${next}/"]`);
  if (!link) return null;
  const clicked = performance.now();
  link.click();
  const ready = () => document.querySelector(`.tool-widget[data-tool="${next}"][data-state="ready"]`);
  while (!ready()) await new Promise((resolve) => requestAnimationFrame(resolve));
  return performance.now() - clicked;
}"""

# The reader clicks the last answer at READER_MS after opening the page (or when it appears, if
# later); resolves with when it was clicked and how long the outcome then took to show.
LAST_CLICK = """async ([selector, readerMs]) => {
  const shown = () => document.querySelector(selector);
  while (!shown()) await new Promise((resolve) => requestAnimationFrame(resolve));
  const questionAt = performance.now();
  if (performance.now() < readerMs) await new Promise((resolve) => setTimeout(resolve, readerMs - performance.now()));
  const clicked = performance.now();
  shown().click();
  while (!document.querySelector('ANSWER')) await new Promise((resolve) => requestAnimationFrame(resolve));
  return { questionAt, clicked, latency: performance.now() - clicked };
}""".replace("ANSWER", ANSWER)


# Recorded from the first moment of the page (an init script): when a question, the ready tool and the
# answer are first on screen, in ms since the navigation started.
MILESTONES = """(() => {
  const marks = window.__milestones = {};
  const check = () => {
    const now = performance.now();
    if (!marks.question && document.querySelector('.tool-widget .tool-question')) marks.question = now;
    if (!marks.ready && document.querySelector('.tool-widget[data-state=ready]')) marks.ready = now;
    if (!marks.answer && document.querySelector('ANSWER')) marks.answer = now;
    if (!marks.answer) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();""".replace("ANSWER", ANSWER)

# The reader clicks the first question's answer as soon as it is on screen (before Python is ready).
EARLY_CLICK = """async (selector) => {
  while (!document.querySelector(selector)) await new Promise((resolve) => setTimeout(resolve, 20));
  document.querySelector(selector).click();
  return { clicked: performance.now(), ready: Boolean(document.querySelector('.tool-widget[data-state=ready]')) };
}"""


def slow_down(context, page):
    """Throttle this page's CPU and network as a slow phone's, through Chromium's DevTools protocol."""
    devtools = context.new_cdp_session(page)
    devtools.send("Emulation.setCPUThrottlingRate", {"rate": SLOW["cpu_rate"]})
    devtools.send("Network.enable")
    devtools.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": SLOW["latency_ms"],
        "downloadThroughput": SLOW["down_bps"] / 8, "uploadThroughput": SLOW["up_bps"] / 8})
    return devtools


def first_choice(case):
    """(question id, value) of the case's first question, when it is a choice; else None."""
    from tools_py import api

    first = api.load_data()["tools"][case["tool"]]["questions"][0]
    if first["id"] not in case["answers"] or first.get("type") not in ("choice", "yesno"):
        return None
    value = case["answers"][first["id"]]
    if isinstance(value, bool):
        value = "yes" if value else "no"
    return first["id"], str(value)


def slow_visits(browser, base, tool_url, case, early_case) -> dict:
    """One slow phone's visits: a shared link with every answer, and a click before Python is ready."""
    found = {}
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.add_init_script(MILESTONES)
    page = context.new_page()
    slow_down(context, page)
    page.goto(base + tool_url + fragment(case), wait_until="commit")
    try:
        page.wait_for_function("() => window.__milestones && window.__milestones.answer", timeout=SLOW_TIMEOUT_MS)
    except Exception:
        pass
    found["link"] = page.evaluate("window.__milestones")
    context.close()
    if early_case:
        qid, value = first_choice(early_case)
        selector = f".tool-widget .tool-question[data-question='{qid}'] input[type=radio][value='{value}']"
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        context.add_init_script(MILESTONES)
        page = context.new_page()
        slow_down(context, page)
        page.goto(base + tool_url + fragment(early_case, leave_out={qid}), wait_until="commit")
        click = page.evaluate(EARLY_CLICK, selector)
        try:
            page.wait_for_function("() => window.__milestones.answer", timeout=SLOW_TIMEOUT_MS)
        except Exception:
            pass
        found["early"] = {**page.evaluate("window.__milestones"), **click}
        context.close()
    return found


@contextmanager
def counted():
    """Bytes the server sends inside the block: (sent {path: bytes}, raw {path: bytes})."""
    with Handler.lock:
        Handler.sent.clear()
        Handler.raw.clear()
    sent, raw = {}, {}
    try:
        yield sent, raw
    finally:
        with Handler.lock:
            sent.update(Handler.sent)
            raw.update(Handler.raw)


def fragment(case, leave_out=()) -> str:
    from tools_py import api

    tool = api.load_data()["tools"][case["tool"]]
    pairs = [("school", case["school"]), ("date", case["date"])]
    for question in tool["questions"]:
        if question["id"] in case["answers"] and question["id"] not in leave_out:
            value = case["answers"][question["id"]]
            if isinstance(value, bool):
                value = "yes" if value else "no"
            elif isinstance(value, dict):
                value = ",".join(f"{code}:{count}" for code, count in value.items())
            pairs.append((question["id"], str(value)))
    return f"#{case['tool']}?" + urllib.parse.urlencode(pairs, safe=":,")


def last_choice(case):
    """(question id, value) of the case's last answer in question order, when it is a choice; else None."""
    from tools_py import api

    questions = [q for q in api.load_data()["tools"][case["tool"]]["questions"] if q["id"] in case["answers"]]
    if not questions or questions[-1].get("type") not in ("choice", "yesno"):
        return None
    value = case["answers"][questions[-1]["id"]]
    if isinstance(value, bool):
        value = "yes" if value else "no"
    return questions[-1]["id"], str(value)


def kib(count: int) -> str:
    return f"{count / 1024:,.0f} KiB"


def ms(value: float) -> str:
    return f"{value:,.0f} ms"


def main(argv=None) -> int:
    from playwright.sync_api import sync_playwright

    from tools_py import api
    from tools_py.site.__main__ import build
    from tools_py.site.vendor import pyodide_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tool", default=None, help="tool to measure (default: the first)")
    parser.add_argument("--runs", type=int, default=3, help="runs to take the median of")
    parser.add_argument("--slow", action="store_true", help="also measure a slow phone (CPU 4x, slow 4G)")
    parser.add_argument("--slow-only", action="store_true", help="measure the slow phone only")
    args = parser.parse_args(argv)

    tool_id = args.tool or api.tool_ids()[0]
    cases = [c for c in load_cases() if c["tool"] == tool_id and "error" not in c["expect"]]
    case = cases[0]
    clicking = next((c for c in cases if last_choice(c)), None)
    early = next((c for c in cases if first_choice(c) and len(c["answers"]) > 1), None)
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as folder:
        root = Path(folder)
        started = time.perf_counter()
        if build(root / "site") != 0:
            print("the site did not build", file=sys.stderr)
            return 1
        build_s = time.perf_counter() - started
        (root / "boot.html").write_text(BOOT_PAGE.replace("PYODIDE_DIR", pyodide_dir()), encoding="utf-8")
        (root / "boot-worker.mjs").write_text(BOOT_WORKER, encoding="utf-8")
        tool_url = f"site/tools/{tool_id}/"

        with serve(root) as base, sync_playwright() as playwright:
            browser = launch(playwright)

            def fresh():
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                return context, context.new_page()

            def settle():
                """Let the browser finish what earlier visits left running (storing snapshots, caching
                compiled code) before a timed visit, so that each timing is of that visit alone."""
                time.sleep(SETTLE_S)

            slows = []
            if args.slow or args.slow_only:
                for run in range(args.runs):
                    print(f"slow phone, run {run + 1} of {args.runs}…", file=sys.stderr)
                    settle()
                    slows.append(slow_visits(browser, base, tool_url, case, early))
            if args.slow_only:
                browser.close()
                print_slow(slows, args.runs, tool_id)
                return 0

            weights = {}
            for name, path in (("plain page (home)", "site/"), ("diagram page (flowcharts)", "site/reference/flows/")):
                context, page = fresh()
                with counted() as (sent, raw):
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(500)
                weights[name] = (sent, raw)
                context.close()

            boots, colds, seconds, clicks, restored = [], [], [], [], []
            for run in range(args.runs):
                print(f"run {run + 1} of {args.runs}…", file=sys.stderr)
                context, page = fresh()
                settle()
                page.goto(base + "boot.html")
                page.wait_for_function("() => window.bootMs || window.bootError", timeout=120_000)
                error = page.evaluate("window.bootError")
                if error:
                    print(f"bare Pyodide failed to boot: {error}", file=sys.stderr)
                    return 1
                boots.append(page.evaluate("window.bootMs"))
                context.close()

                context, page = fresh()
                settle()
                with counted() as (sent, raw):
                    page.goto(base + tool_url + fragment(case))
                    page.wait_for_function(OUTCOME, polling="raf", timeout=120_000)
                    colds.append(page.evaluate("performance.now()"))
                    page.wait_for_load_state("networkidle")
                weights["tool page (until its first answer)"] = (sent, raw)
                for _ in range(40):  # the reader reads the answer while the worker keeps its snapshot
                    if page.evaluate(SNAPSHOT_KEPT):
                        break
                    page.wait_for_timeout(250)
                page.close()
                again = context.new_page()  # a new tab, the browser's cache kept
                settle()
                with counted() as (sent, raw):
                    again.goto(base + tool_url + fragment(case))
                    again.wait_for_function(OUTCOME, polling="raf", timeout=120_000)
                    seconds.append(again.evaluate("performance.now()"))
                    restored.append(again.evaluate("window.__handbookTools.snapshot") == "restored")
                    again.wait_for_load_state("networkidle")
                weights["tool page on a second visit (until its first answer)"] = (sent, raw)
                warm_page = (context, again)
                if run < args.runs - 1:
                    context.close()

                if clicking:
                    qid, value = last_choice(clicking)
                    selector = f".tool-widget .tool-question[data-question='{qid}'] input[type=radio][value='{value}']"
                    reader, page = fresh()
                    settle()
                    page.goto(base + tool_url + fragment(clicking, leave_out={qid}))
                    clicks.append(page.evaluate(LAST_CLICK, [selector, READER_MS]))
                    reader.close()

            context, page = warm_page
            warm = page.evaluate(WARM)
            next_tool = next((t for t in api.tool_ids() if t != tool_id), None)
            try:
                swap_ms = page.evaluate(NEXT_TOOL, next_tool) if next_tool else None
                swapped = bool(swap_ms is not None and page.evaluate("window.__sameDocument === true"))
            except Exception as reloaded:  # the page was loaded afresh while the script waited
                print(f"next tool page not measured: {reloaded}", file=sys.stderr)
                swap_ms, swapped = None, False
            context.close()
            browser.close()

    for name, values in (("bare boot", boots), ("cold first answer", colds), ("second visit", seconds)):
        print(f"{name}, each run: " + ", ".join(f"{v:,.0f}" for v in values) + " ms", file=sys.stderr)
    ratios = [c / b for c, b in zip(colds, boots)]
    boot = statistics.median(boots)
    cold = statistics.median(colds)
    second = statistics.median(seconds)
    rows = [("Site build (mkdocs --strict, with data check, diagrams, wheel and compression)", f"{build_s:.1f} s", "")]
    for name, (sent, raw) in weights.items():
        rows.append((f"Bytes for a {name}: raw / transferred", f"{kib(sum(raw.values()))} / {kib(sum(sent.values()))}", ""))
    plain_sent = weights["plain page (home)"][0]
    plain_pyodide = sum(v for k, v in plain_sent.items() if PYODIDE in k or k.endswith(".whl") or "worker.mjs" in k)
    tool_sent = weights["tool page (until its first answer)"][0]
    rows += [
        ("… of the tool page, Pyodide and the tools wheel (transferred)",
         kib(sum(v for k, v in tool_sent.items() if PYODIDE in k or k.endswith(".whl"))), ""),
        ("Pyodide bytes on the plain page (must be 0)", str(plain_pyodide), ""),
        (f"Bare Pyodide boot in a module worker (median of {args.runs})", ms(boot), "1.00"),
        (f"Cold first answer: {tool_id} page, answers in its address, new browser profile", ms(cold), f"{cold / boot:.2f}"),
        ("… cold ÷ bare boot run by run (lowest / median / highest)",
         " / ".join(f"{r:.2f}" for r in (min(ratios), statistics.median(ratios), max(ratios))), ""),
        (f"Second visit: the same address in a new tab, the browser's cache kept (Python restored from its "
         f"snapshot in {sum(restored)} of {len(restored)})", ms(second), f"{second / boot:.2f}"),
        ("Warm answer: click to redrawn form (median of 20)",
         f"{statistics.median(warm):.1f} ms" if warm else "n/a (first question is not a choice)",
         f"{statistics.median(warm) / boot:.3f}" if warm else ""),
    ]
    if swap_ms is not None:
        rows.append((f"Next tool page ({next_tool}) by the site's navigation from a warm tool page: click to its tool "
                     f"ready ({'page swapped in, Python kept' if swapped else 'page loaded afresh'})", ms(swap_ms),
                     f"{swap_ms / boot:.3f}"))
    if clicks:
        latency = statistics.median(c["latency"] for c in clicks)
        clicked = statistics.median(c["clicked"] for c in clicks)
        shown = statistics.median(c["questionAt"] for c in clicks)
        rows += [(f"Reader's last click at {READER_MS / 1000:.0f} s (new profile): click to outcome on screen",
                  ms(latency), f"{latency / boot:.3f}"),
                 ("… the last question was on screen at / clicked at (after opening the page)",
                  f"{ms(shown)} / {ms(clicked)}", "")]
    if slows:
        print_slow(slows, args.runs, tool_id)
    print(f"\nBenchmark on {time.strftime('%Y-%m-%d')}, headless Chromium, served from 127.0.0.1 (no network), "
          f"medians of {args.runs} runs\n")
    print("| Measure | Value | ÷ bare boot |\n|---|---|---|")
    for name, value, ratio in rows:
        print(f"| {name} | {value} | {ratio} |")
    return 1 if plain_pyodide else 0


def print_slow(slows, runs, tool_id):
    """The slow phone's table: medians, and every run's figures (to stderr)."""
    def median_of(kind, mark):
        values = [run[kind].get(mark) for run in slows if run.get(kind)]
        got = [v for v in values if v is not None]
        if not got:
            return "lost" if values else "n/a"
        lost = len(values) - len(got)
        return ms(statistics.median(got)) + (f" ({lost} of {len(values)} lost)" if lost else "")

    for index, run in enumerate(slows, 1):
        print(f"slow run {index}: {run}", file=sys.stderr)
    print(f"\nSlow phone on {time.strftime('%Y-%m-%d')}: page CPU throttled {SLOW['cpu_rate']}x, "
          f"{SLOW['latency_ms']} ms round trip, {SLOW['down_bps'] / 1e6:.2f} Mbit/s down, medians of {runs} runs "
          f"({tool_id}, 390 px, new profile; times from the start of the navigation)\n")
    print("| Measure | Value |\n|---|---|")
    print(f"| Shared link with every answer: first question on screen | {median_of('link', 'question')} |")
    print(f"| … tool ready (Python booted, the tools loaded) | {median_of('link', 'ready')} |")
    print(f"| … the answer on screen | {median_of('link', 'answer')} |")
    if any(run.get("early") for run in slows):
        print(f"| Reader's first click as soon as the question is on screen: clicked at | {median_of('early', 'clicked')} |")
        print(f"| … the answer on screen (\"lost\": the click was forgotten) | {median_of('early', 'answer')} |")


if __name__ == "__main__":
    sys.exit(main())
