"""How much search downloads and how fast it answers on a slow phone. Not a test:

    .venv/bin/python tests/benchmark_search.py [--site DIR] [--runs 3] [--fresh] [--query "penalty notice" …]

Without ``--site`` it builds the handbook first. Each run opens a plain page (the glossary) in a
fresh headless Chromium tab with the slow-device profile below, waits until the page and its search
worker are idle, then types each query key by key into Material's search box as a person would
(120 ms between keys) and times, inside the page, from the query's last key to the moment the
results for the whole query are on screen (each result link carries the words it was found for:
Material's ``?h=``), and to the last change of that list within 3 s: the search worker lists the
pages first, by title, when their sections' texts are still downloading, and again with those texts
(overrides/assets/search/worker.js). ``--fresh`` types each query on a page of its own, so that no
query finds index chunks or texts an earlier one loaded. It prints, per query, the median and the
slowest of the runs to the first results, the medians to the first result's excerpt (Pagefind's
marked words in the first result) and to every section's text, the section texts (Pagefind's
fragments) downloaded while the query was typed, and the bytes under ``search/`` that the page
loaded before the first key and for the query (raw, as the browser holds them once decoded, and as
sent).

The slow-device profile, set through Chromium's DevTools protocol on the page and on its search
worker: the CPU slowed 4x (``Emulation.setCPUThrottlingRate``) and Lighthouse's mobile network,
150 ms round trip, 1.6 Mbit/s down and 750 kbit/s up (``Network.emulateNetworkConditions``).
``--slow-line`` slows only the network (a fast computer on a slow line: its search runs before
the next key, so every text typed asks for its sections' texts); ``--fast`` measures without either.
``measure_page_search_bytes(site)`` is what
tests/benchmark_scale.py reports for each number of schools.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.support.browser import launch  # noqa: E402
from tests.support.server import serve  # noqa: E402

PAGE = "reference/glossary/"
QUERIES = ("penalty notice", "child missing education", "9.30", "C2")
KEY_DELAY_MS = 120
SLOW_NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
CPU_SLOWDOWN = 4
PROFILES = {"phone": "CPU 4x slower, 150 ms round trip, 1.6 Mbit/s",
            "line": "this machine's CPU, 150 ms round trip, 1.6 Mbit/s", "none": "none (this machine as it is)"}

_TIMER = """([query, settle]) => { window.__searchDone = new Promise((resolve) => {
  const box = document.querySelector('input.md-search__input');
  const list = document.querySelector('.md-search-result__list');
  const started = { key: 0 }, shown = [], excerpt = [];
  box.addEventListener('keyup', () => { started.key = performance.now(); });
  const settled = () => { observer.disconnect();
    resolve({ first: shown[0], excerpt: excerpt[0] === undefined ? null : excerpt[0], last: shown[shown.length - 1] }); };
  const done = () => {
    const link = document.querySelector('.md-search-result__link');
    if (link && new URL(link.href).searchParams.get('h') === query) {
      if (!shown.length) setTimeout(settled, settle);
      shown.push(performance.now() - started.key);
      const item = document.querySelector('.md-search-result__item');
      if (!excerpt.length && item && item.querySelector('mark')) excerpt.push(shown[shown.length - 1]);
    }
  };
  const observer = new MutationObserver(done);
  observer.observe(list, { childList: true, subtree: true });
}); }"""
SETTLE_MS = 3000  # after the first results, how long the list is watched for the sections' texts


def _slow(context, page, profile: str) -> None:
    """The profile on the page and on every worker it starts (the search runs in one)."""
    if profile == "none":
        return
    cpu = CPU_SLOWDOWN if profile == "phone" else 1
    session = context.new_cdp_session(page)
    session.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", SLOW_NETWORK)
    # A worker is a target of its own: attach to each as it starts, slow it the same way, let it run.
    session.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False})

    def attached(event):
        commands = [("Emulation.setCPUThrottlingRate", {"rate": cpu}), ("Network.enable", {}),
                    ("Network.emulateNetworkConditions", SLOW_NETWORK), ("Runtime.runIfWaitingForDebugger", {})]
        for number, (method, params) in enumerate(commands, start=1):
            session.send("Target.sendMessageToTarget", {
                "sessionId": event["sessionId"],
                "message": json.dumps({"id": number, "method": method, "params": params})})

    session.on("Target.attachedToTarget", attached)


def _search_bytes(responses, paths=None) -> tuple[int, int]:
    raw = sent = 0
    for response in responses:
        if "/search/" not in urlsplit(response.url).path or (paths is not None and response.url not in paths):
            continue
        try:
            raw += len(response.body())
            sent += response.request.sizes()["responseBodySize"]
        except Exception:  # noqa: BLE001 - a response without a body (a redirect) counts nothing
            continue
    return raw, sent


def one_run(browser, base: str, queries, profile: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    _slow(context, page, profile)
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(base + PAGE)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)
    before = _search_bytes(list(responses))
    seen = len(responses)
    out = {"before": before, "queries": {}}
    for query in queries:
        page.locator("label.md-search__icon, .md-search__input").first.click()
        box = page.locator("input.md-search__input")
        box.fill("")
        page.wait_for_timeout(300)
        page.evaluate(_TIMER, [query, SETTLE_MS])  # starts watching; the promise is kept on the page
        box.press_sequentially(query, delay=KEY_DELAY_MS)
        took = page.evaluate("() => window.__searchDone")
        fresh = responses[seen:]
        seen = len(responses)
        texts = sum(1 for response in fresh if "/search/pagefind/fragment/" in urlsplit(response.url).path)
        out["queries"][query] = {"ms": took["first"], "excerpt": took["excerpt"], "complete": took["last"],
                                 "bytes": _search_bytes(fresh), "texts": texts}
        page.keyboard.press("Escape")
    context.close()
    return out


def measure(site: Path, queries=QUERIES, runs: int = 3, profile: str = "phone", fresh: bool = False) -> list[dict]:
    """Each run types the queries one after another on one page (later queries find some of the index
    already loaded by earlier ones), or with ``fresh``, each on a page of its own (a reader who comes
    to the handbook and searches once: nothing of the index is loaded yet but its table of contents)."""
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            if not fresh:
                return [one_run(browser, base, queries, profile) for _ in range(runs)]
            results = []
            for _ in range(runs):
                alone = [one_run(browser, base, (query,), profile) for query in queries]
                results.append({"before": alone[0]["before"] if alone else (0, 0),
                                "queries": {query: run["queries"][query] for query, run in zip(queries, alone)}})
            return results
        finally:
            browser.close()


def measure_page_search_bytes(site: Path) -> tuple[int, int]:
    """Raw and sent bytes under search/ that a plain page loads before the reader searches (no slowing)."""
    return measure(site, queries=(), runs=1, profile="none")[0]["before"]


def report(results: list[dict], profile: str, fresh: bool = False) -> str:
    lines = [f"Profile: {PROFILES[profile]}; "
             f"{len(results)} runs; page {PAGE}; "
             f"{'each query on a fresh page' if fresh else 'the queries one after another on one page'}",
             f"Search bytes a page loads before the reader searches: {results[0]['before'][0] / 1024:.0f} KiB raw, "
             f"{results[0]['before'][1] / 1024:.0f} KiB sent", "",
             "| query | last key to results, median (ms) | slowest (ms) | to the first result's excerpt, median (ms) "
             "| to every section's text, median (ms) | section texts downloaded | search bytes for the query: raw / sent (KiB) |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for query in results[0]["queries"]:
        times = [run["queries"][query]["ms"] for run in results]
        excerpts = [run["queries"][query]["excerpt"] for run in results if run["queries"][query]["excerpt"] is not None]
        complete = [run["queries"][query]["complete"] for run in results]
        raw, sent = results[0]["queries"][query]["bytes"]
        excerpt = f"{statistics.median(excerpts):.0f}" if len(excerpts) == len(results) else "not drawn in every run"
        lines.append(f"| {query} | {statistics.median(times):.0f} | {max(times):.0f} | {excerpt} "
                     f"| {statistics.median(complete):.0f} | {results[0]['queries'][query]['texts']} "
                     f"| {raw / 1024:.0f} / {sent / 1024:.0f} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the handbook now)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--query", action="append", help="a query to time (default: a few typical ones)")
    parser.add_argument("--fast", action="store_true", help="no slow-device profile")
    parser.add_argument("--slow-line", action="store_true", help="only the network slowed")
    parser.add_argument("--fresh", action="store_true", help="each query on a page of its own")
    args = parser.parse_args(argv)
    queries = tuple(args.query or QUERIES)
    profile = "none" if args.fast else "line" if args.slow_line else "phone"
    if args.site:
        print(report(measure(args.site, queries, args.runs, profile, args.fresh), profile, args.fresh))
        return 0
    from tools_py.site.__main__ import build

    with tempfile.TemporaryDirectory(prefix="handbook-search-") as temp:
        site = Path(temp) / "site"
        if build(site) != 0:
            return 1
        print(report(measure(site, queries, args.runs, profile, args.fresh), profile, args.fresh))
    return 0


if __name__ == "__main__":
    sys.exit(main())
