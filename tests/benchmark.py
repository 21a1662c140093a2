"""How fast the handbook builds and its tools answer, in headless Chromium on this machine.

Not a test: run ``.venv/bin/python tests/benchmark.py [--tool ID] [--runs N]``. It builds the site
into a temporary folder, serves it under a sub-path (/site/) from 127.0.0.1 with a server that counts
the bytes it sends, and measures:

- the site build (``python -m tools_py.site build``);
- bare Pyodide boot: a generated page that only boots the site's own Pyodide in a module worker;
- cold time-to-first-answer: a fresh browser opens a tool page whose address holds a complete set of
  answers (a golden case), until the outcome is on screen;
- the ratio of the two (how much the tools add to Pyodide itself);
- warm answer time: the median, over 20 changes, from a click on an answer to the redrawn form;
- the next tool page, opened from the site's navigation, until its tool is ready;
- bytes sent for a tool page (until its first answer) and for a plain page, and the Pyodide bytes of
  the plain page (which must be 0).

Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.conftest import load_cases  # noqa: E402
from tests.support.browser import launch  # noqa: E402
from tests.support.server import TYPES  # noqa: E402

PYODIDE = "assets/vendor/pyodide/"

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
worker.postMessage(new URL("site/assets/vendor/pyodide/", location.href).href);
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


class _Counting(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}
    sent: dict = {}
    lock = threading.Lock()

    def copyfile(self, source, outputfile):
        total = 0
        while True:
            chunk = source.read(64 * 1024)
            if not chunk:
                break
            outputfile.write(chunk)
            total += len(chunk)
        with self.lock:
            path = urllib.parse.urlsplit(self.path).path
            self.sent[path] = self.sent.get(path, 0) + total

    def log_message(self, *args):
        pass


@contextmanager
def counting_server(directory: Path):
    handler = functools.partial(_Counting, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def counted():
    """Bytes the server sends inside the block: {path: bytes}."""
    with _Counting.lock:
        _Counting.sent.clear()
    found: dict = {}
    try:
        yield found
    finally:
        with _Counting.lock:
            found.update(_Counting.sent)


def fragment(case) -> str:
    from tools_py import api

    tool = api.load_data()["tools"][case["tool"]]
    pairs = [("school", case["school"]), ("date", case["date"])]
    for question in tool["questions"]:
        if question["id"] in case["answers"]:
            value = case["answers"][question["id"]]
            if isinstance(value, bool):
                value = "yes" if value else "no"
            elif isinstance(value, dict):
                value = ",".join(f"{code}:{count}" for code, count in value.items())
            pairs.append((question["id"], str(value)))
    return f"#{case['tool']}?" + urllib.parse.urlencode(pairs, safe=":,")


def kib(count: int) -> str:
    return f"{count / 1024:,.0f} KiB"


def main(argv=None) -> int:
    from playwright.sync_api import sync_playwright

    from tools_py import api
    from tools_py.site.__main__ import build

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tool", default=None, help="tool to measure (default: the first)")
    parser.add_argument("--runs", type=int, default=3, help="cold runs to take the median of")
    args = parser.parse_args(argv)

    tool_id = args.tool or api.tool_ids()[0]
    case = next(c for c in load_cases() if c["tool"] == tool_id and "error" not in c["expect"])
    rows = []
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as folder:
        root = Path(folder)
        started = time.perf_counter()
        if build(root / "site") != 0:
            print("the site did not build", file=sys.stderr)
            return 1
        rows.append(("Site build (mkdocs --strict, with data check and wheel)", f"{time.perf_counter() - started:.1f} s"))
        (root / "boot.html").write_text(BOOT_PAGE, encoding="utf-8")
        (root / "boot-worker.mjs").write_text(BOOT_WORKER, encoding="utf-8")

        with counting_server(root) as base, sync_playwright() as playwright:
            browser = launch(playwright)

            def fresh():
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                return context, context.new_page()

            boots, colds = [], []
            for run in range(args.runs):
                print(f"run {run + 1} of {args.runs}…", file=sys.stderr)
                context, page = fresh()
                page.goto(base + "boot.html")
                page.wait_for_function("() => window.bootMs || window.bootError", timeout=120_000)
                error = page.evaluate("window.bootError")
                if error:
                    print(f"bare Pyodide failed to boot: {error}", file=sys.stderr)
                    return 1
                boots.append(page.evaluate("window.bootMs"))
                context.close()

                context, page = fresh()
                with counted() as tool_bytes:
                    page.goto(base + f"site/tools/{tool_id}/" + fragment(case))
                    page.wait_for_function("() => document.querySelector('.tool-outcome__title')", polling="raf",
                                           timeout=120_000)
                    colds.append(page.evaluate("performance.now()"))
                    page.wait_for_load_state("networkidle")
                warm_page = (context, page)
                if len(colds) < args.runs:
                    context.close()

            context, page = warm_page
            warm = page.evaluate("""async () => {
              const section = document.querySelector('.tool-widget');
              const radios = [...section.querySelector('.tool-question').querySelectorAll('input[type=radio]')]
                .slice(0, 2);
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
            }""")
            # The next tool page by the site's navigation: instant navigation keeps the worker warm.
            other = next(t for t in api.tool_ids() if t != tool_id)
            page.evaluate("() => { window.sameDocument = true; }")
            started = time.perf_counter()
            page.locator(f'.md-sidebar--primary a[href$="{other}/"]').first.click()
            page.wait_for_selector(f'.tool-widget[data-tool="{other}"][data-state=ready]', timeout=120_000)
            next_page = (time.perf_counter() - started) * 1000, page.evaluate("() => window.sameDocument === true")
            context.close()

            context, page = fresh()
            with counted() as plain_bytes:
                page.goto(base + "site/")
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(500)
            context.close()
            browser.close()

    boot = statistics.median(boots)
    cold = statistics.median(colds)
    rows += [
        (f"Bare Pyodide boot in a module worker (median of {args.runs})", f"{boot:,.0f} ms"),
        (f"Cold time to first answer, {tool_id} page opened with answers in its address (median of {args.runs})",
         f"{cold:,.0f} ms"),
        ("Cold first answer ÷ bare boot", f"{cold / boot:.2f}"),
        ("Warm answer, click to redrawn form (median of 20)",
         f"{statistics.median(warm):.1f} ms" if warm else "n/a (first question is not a choice)"),
        (f"Next tool page ({other}) by the navigation, click to ready"
         + (", page swapped in" if next_page[1] else ", page loaded afresh"), f"{next_page[0]:,.0f} ms"),
        ("Bytes sent for the tool page (until its first answer)", kib(sum(tool_bytes.values()))),
        ("… of which Pyodide and the tools wheel",
         kib(sum(v for k, v in tool_bytes.items() if PYODIDE in k or k.endswith(".whl")))),
        ("Bytes sent for a plain page (home)", kib(sum(plain_bytes.values()))),
        ("Pyodide bytes on the plain page (must be 0)",
         str(sum(v for k, v in plain_bytes.items() if PYODIDE in k or k.endswith(".whl") or "worker.mjs" in k))),
    ]
    print(f"\nBenchmark on {time.strftime('%Y-%m-%d')}, headless Chromium, served from 127.0.0.1 (no network)\n")
    print("| Measure | Value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    plain_pyodide = sum(v for k, v in plain_bytes.items() if PYODIDE in k or k.endswith(".whl"))
    return 1 if plain_pyodide else 0


if __name__ == "__main__":
    sys.exit(main())
