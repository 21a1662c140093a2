"""How the build grows with the number of documents. Not a test:

    .venv/bin/python tests/benchmark_scale.py [--counts 25,100] [--runs 1]

Builds the real handbook (its 5 source documents and the 2 national ones), then the same handbook
with 25 and 100 generated schools added (tests/scale.py: real-sized documents, their tool rows,
induction scenarios, parents' and induction pages), each with ``mkdocs build --strict``, and prints a
Markdown table: documents, build time, time per document, search-index size and size per document,
and the growth of each step over the previous one compared with the growth in documents (about 1.0
means linear). Targets: at most 10 s for the real 5, at most 60 s for 100.

``--with-proposed-fixes`` measures the same builds with three changes proposed to the owners of
those files, applied here in memory only (nothing is edited): YAML parsed by libyaml (PyYAML's C
parser) with the same line-keeping constructors, and ``tool_pages.wheel_version`` and
``parents.abbreviations`` computed once per build instead of once per page or per paragraph.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.scale import build, generate  # noqa: E402

TARGETS = {5: 10.0, 100: 60.0}


def _patched_build(config: str, site: str) -> int:
    """In this process: apply the proposed fixes, then ``mkdocs build --strict``."""
    import yaml
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from tools_py.compile import yaml_lines
    from tools_py.site import parents, tool_pages

    class CLoader(yaml.CSafeLoader):
        pass

    CLoader.yaml_implicit_resolvers = yaml_lines._Loader.yaml_implicit_resolvers
    CLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, yaml_lines._construct_mapping)
    CLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, yaml_lines._construct_sequence)
    python_load = yaml_lines.load

    def load(text):
        try:
            return yaml.load(text, Loader=CLoader)  # noqa: S506 - a CSafeLoader subclass
        except yaml.MarkedYAMLError:
            return python_load(text)  # the same message an editor gets today

    def once_per_build(function):
        cache = {}

        def wrapper(data, *args):
            key = (id(data), *args)
            if key not in cache:
                cache[key] = function(data, *args)
            return cache[key]
        return wrapper

    yaml_lines.load = load
    tool_pages.wheel_version = once_per_build(tool_pages.wheel_version)
    parents.abbreviations = once_per_build(parents.abbreviations)
    mkdocs_build(load_config(config, site_dir=site, strict=True))
    return 0


def _run_build(config: Path, site: Path, data: Path | None, proposed: bool) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    env.pop("HANDBOOK_POLICY_DATA", None)
    if data is not None:
        env["HANDBOOK_POLICY_DATA"] = str(data)
    command = ([sys.executable, str(Path(__file__).resolve()), "--patched-build", str(config), str(site)] if proposed
               else [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)])
    started = time.perf_counter()
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise RuntimeError(f"build failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - started


def build_real(site: Path, proposed: bool = False) -> float:
    return _run_build(REPO / "mkdocs.yml", site, None, proposed)


def measure(counts: list[int], runs: int, proposed: bool = False) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="handbook-scale-") as temp:
        temp = Path(temp)
        times = [build_real(temp / f"real-{run}", proposed) for run in range(runs)]
        rows.append({"schools": 5, "documents": 7, "seconds": min(times),
                     "index": (temp / "real-0" / "search" / "search_index.json").stat().st_size})
        for count in counts:
            root = temp / f"gen-{count}"
            root.mkdir()
            generate(root, count)
            times = [_run_build(root / "mkdocs.yml", root / f"site-{run}", root / "policy_data", proposed)
                     if proposed else build(root, root / f"site-{run}") for run in range(runs)]
            rows.append({"schools": 5 + count, "documents": 7 + count, "seconds": min(times),
                         "index": (root / "site-0" / "search" / "search_index.json").stat().st_size})
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| school documents | all documents | build (s) | per document (s) | search index (MB) | per document (KB) "
             "| build growth ÷ document growth |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    previous = None
    for row in rows:
        growth = "—"
        if previous:
            growth = f"{(row['seconds'] / previous['seconds']) / (row['documents'] / previous['documents']):.2f}"
        lines.append(f"| {row['schools']} | {row['documents']} | {row['seconds']:.1f} | {row['seconds'] / row['documents']:.2f} "
                     f"| {row['index'] / 1e6:.2f} | {row['index'] / 1e3 / row['documents']:.0f} | {growth} |")
        previous = row
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", default="20,95", help="generated schools to add (default 20,95: 25 and 100 schools)")
    parser.add_argument("--runs", type=int, default=1, help="builds per size; the fastest is reported")
    parser.add_argument("--with-proposed-fixes", action="store_true",
                        help="measure with the three proposed speed-ups applied in memory (see above)")
    parser.add_argument("--patched-build", nargs=2, metavar=("CONFIG", "SITE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.patched_build:
        return _patched_build(*args.patched_build)
    rows = measure([int(n) for n in args.counts.split(",") if n], args.runs, args.with_proposed_fixes)
    if args.with_proposed_fixes:
        print("With the proposed fixes applied in memory (nothing edited):\n")
    print(table(rows))
    # Extra cost per added document, from the smallest to the largest build.
    first, last = rows[0], rows[-1]
    marginal = (last["seconds"] - first["seconds"]) / (last["documents"] - first["documents"])
    print(f"\nEach added school costs about {marginal:.2f} s of build time and "
          f"{(last['index'] - first['index']) / 1e3 / (last['documents'] - first['documents']):.0f} KB of search index.")
    verdicts = []
    for row in rows:
        target = TARGETS.get(row["schools"])
        if target:
            verdicts.append(f"{row['schools']} schools: {row['seconds']:.1f} s (target ≤ {target:.0f} s) "
                            f"{'met' if row['seconds'] <= target else 'NOT met'}")
    print("\n".join(verdicts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
