"""How the build and the search grow with the number of schools. Not a test:

    .venv/bin/python tests/benchmark_scale.py [--counts 25,100,150] [--runs 1] [--no-browser]

Builds the real handbook (its 4 schools, the local authority's guidance and the 2 national
documents), then the same handbook grown to 25, 100 and 150 schools with generated ones
(tests/scale.py: real-sized documents, one file a school, as an editor adds one; their pages, nav
and tool answers come from the build), each with ``mkdocs build --strict`` in a process of its own, and prints a Markdown table:
schools, build time (wall clock, and the CPU time of the build's processes, which varies less when
the machine is shared), time per school, the growth of the build over the previous row against the
growth in schools (about 1.0 means linear), and the search bytes a plain page loads before the
reader searches (measured in headless Chromium, tests/benchmark_search.py; ``--no-browser`` skips it).
Targets: the real handbook not slower than before, 150 schools in at most 60 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.scale import TEMPLATES, generate  # noqa: E402

REAL_SCHOOLS = len(TEMPLATES)  # the real handbook's schools and providers: dms, sev, dss, ote
TARGETS = {150: 60.0}


def _build(config: Path, site: Path, data: Path | None) -> tuple[float, float]:
    """``mkdocs build --strict`` in a fresh process; (wall seconds, CPU seconds of it and its children)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    env.pop("HANDBOOK_POLICY_DATA", None)
    if data is not None:
        env["HANDBOOK_POLICY_DATA"] = str(data)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=3600)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"build failed:\n{result.stderr[-3000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _search_bytes(site: Path) -> int | None:
    from tests.benchmark_search import measure_page_search_bytes

    return measure_page_search_bytes(site)[0]


def measure(counts: list[int], runs: int, browser: bool = True) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="handbook-scale-") as temp:
        temp = Path(temp)
        sizes = [(REAL_SCHOOLS, None)] + [(count, count - REAL_SCHOOLS) for count in counts if count > REAL_SCHOOLS]
        for schools, generated in sizes:
            root = temp / f"schools-{schools}"
            root.mkdir()
            if generated is None:
                config, data = REPO / "mkdocs.yml", None
            else:
                generate(root, generated)
                config, data = root / "mkdocs.yml", root / "policy_data"
            builds = [_build(config, root / f"site-{run}", data) for run in range(runs)]
            wall, cpu = min(builds)
            rows.append({"schools": schools, "seconds": wall, "cpu": cpu,
                         "search": _search_bytes(root / "site-0") if browser else None})
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| schools | build (s) | build CPU (s) | per school (s) | build growth ÷ school growth "
             "| search bytes a page loads before searching (KiB, raw) |",
             "|---:|---:|---:|---:|---:|---:|"]
    previous = None
    for row in rows:
        growth = "—"
        if previous:
            growth = f"{(row['seconds'] / previous['seconds']) / (row['schools'] / previous['schools']):.2f}"
        search = "—" if row["search"] is None else f"{row['search'] / 1024:,.0f}"
        lines.append(f"| {row['schools']} | {row['seconds']:.1f} | {row['cpu']:.1f} | {row['seconds'] / row['schools']:.2f} "
                     f"| {growth} | {search} |")
        previous = row
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", default="25,100,150", help="schools in the grown handbooks (default 25,100,150)")
    parser.add_argument("--runs", type=int, default=1, help="builds per size; the fastest is reported")
    parser.add_argument("--no-browser", action="store_true", help="do not measure the search bytes in Chromium")
    args = parser.parse_args(argv)
    rows = measure([int(n) for n in args.counts.split(",") if n], args.runs, not args.no_browser)
    print(table(rows))
    first, last = rows[0], rows[-1]
    if last["schools"] > first["schools"]:
        marginal = (last["seconds"] - first["seconds"]) / (last["schools"] - first["schools"])
        print(f"\nEach added school costs about {marginal:.2f} s of build time "
              f"({(last['cpu'] - first['cpu']) / (last['schools'] - first['schools']):.2f} s of CPU).")
    for row in rows:
        target = TARGETS.get(row["schools"])
        if target:
            print(f"{row['schools']} schools: {row['seconds']:.1f} s (target ≤ {target:.0f} s) "
                  f"{'met' if row['seconds'] <= target else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
