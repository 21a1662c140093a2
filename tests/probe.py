"""Classify how a checkout of the handbook answers hostile or mistaken input (a measurement, not a test).

``python tests/probe.py [--checkout DIR] [--only CATEGORY] [--no-build]`` runs each case of the probe's six
categories against the code in DIR (default: this repository) and sorts what happened into:

- clear: refused (or done) with a message naming the file and line, or the thing typed, and why;
- unclear-but-safe: nothing lost and nothing unsafe, but the message does not say what to fix;
- traceback: a Python traceback;
- silently wrong: accepted, and a reader gets a wrong answer or a message claims what did not happen;
- unsafe: a script could run, the site is lost, or the command hangs.

The cases are the ones the tests in tests/test_editor_mistakes.py, test_hostile_*.py, test_faults.py
and test_offline.py check one by one, run here the same way against any version, so that a version
before a change can be compared with the one after it (issue 19's before/after counts). Data cases that
``make check`` accepts are then built (``--no-build`` skips that, counting them as silently wrong).
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
TODAY = {"HANDBOOK_TODAY": "2026-11-23"}

# -- editor mistakes: (name, file, old, new) ------------------------------------------------------------
EDITOR = [
    ("register closes before taken", "documents/dms.yaml", '  registers.am.closes:\n    value: "09:30"',
     '  registers.am.closes:\n    value: "09:05"'),
    ("afternoon before morning", "documents/dms.yaml", '  registers.pm.taken:\n    value: "14:15"',
     '  registers.pm.taken:\n    value: "09:15"'),
    ("threshold -1", "documents/dms.yaml", "  la_notify.sickness_school_days:\n    value: 15",
     "  la_notify.sickness_school_days:\n    value: -1"),
    ("threshold 1e309 (infinity)", "documents/dms.yaml", "  la_notify.sickness_school_days:\n    value: 15",
     "  la_notify.sickness_school_days:\n    value: 1.0e+309"),
    ("days 10^30", "documents/dms.yaml", "  la_notify.sickness_school_days:\n    value: 15",
     "  la_notify.sickness_school_days:\n    value: 1000000000000000000000000000000"),
    ("days 15.5", "documents/dms.yaml", "  la_notify.sickness_school_days:\n    value: 15",
     "  la_notify.sickness_school_days:\n    value: 15.5"),
    ("reduced penalty above full", "documents/wt2024.yaml", "    - from: 2024-08-19\n      value: 80\n",
     "    - from: 2024-08-19\n      value: 800\n"),
    ("question max -1", "tools/attendance.yaml", "    max: 140\n", "    max: -1\n"),
    ("question min above max", "tools/attendance.yaml", "    min: 0\n    max: 140\n", "    min: 10\n    max: 5\n"),
    ("decimals 100000000", "tools/attendance.yaml", "    decimals: 1\n", "    decimals: 100000000\n"),
    ("decimals not a number", "tools/attendance.yaml", "    decimals: 1\n", "    decimals: two\n"),
    ("threshold not a number", "tools/attendance.yaml", "          attendance_below: 90\n",
     "          attendance_below: ninety\n"),
    ("percent 150 in a rule", "tools/attendance.yaml", "          attendance_below: 90\n",
     "          attendance_below: 150\n"),
    ("stated reduced above full", "tools/penalty_notice.yaml", "reduced: 60", "reduced: 600"),
    ("{code:x>30000000}", "tools/which_code.yaml", '    verdict: "Code {code} means the pupil is {category_label}."',
     '    verdict: "Code {code:x>30000000} means the pupil is {category_label}."'),
    ("{code:d}", "tools/which_code.yaml", '    verdict: "Code {code} means the pupil is {category_label}."',
     '    verdict: "Code {code:d} means the pupil is {category_label}."'),
    ("{code!r}", "tools/which_code.yaml", '    verdict: "Code {code} means the pupil is {category_label}."',
     '    verdict: "Code {code!r} means the pupil is {category_label}."'),
    ("unknown blank {topik}", "conflicts.yaml", "Documents disagree on this ({topic})",
     "Documents disagree on this ({topik})"),
    ("duplicate conflict id", "conflicts.yaml", "  - id: regulations-cited\n", "  - id: penalty-amounts\n"),
    ("duplicate glossary term", "glossary.yaml", "  - term: ACRF\n", "  - term: ace\n"),
    ("conflict names an unknown tool", "conflicts.yaml",
     "      - {tool: penalty_notice, clause: dc-penalty-warning-amounts}",
     "      - {tool: penalty_notices, clause: dc-penalty-warning-amounts}"),
    ("conflict names an unknown answer", "conflicts.yaml", "answers: {reason: family_event}",
     "answers: {reason: family_events}"),
    ("unquoted # as a code", "tools/which_code.yaml", '    planned_closure: "#"\n', "    planned_closure: #\n"),
    ("phone with a letter", "contacts.yaml", '    phone: "01305 265651"', '    phone: "01305 26565l"'),
    ("e-mail with two @", "contacts.yaml", "    email: admin@sevenoaksschool.org",
     "    email: admin@sevenoaks@school.org"),
    ("clause id with a newline", "documents/dms.yaml", "      - id: dms-4.4\n", '      - id: "dms-4.4\\n"\n'),
    ("locality phone with a newline", "contacts.yaml", 'phone: "01258474036"', 'phone: "01258474036\\n"'),
    ("fallback to a missing page", "tools/which_code.yaml", "fallback: reference/codes/\n",
     "fallback: reference/cods/\n"),
    ("!!binary", "documents/dms.yaml", "  leave.request_notice:\n    value: ", "  leave.request_notice:\n    value: !!binary aGVsbG8= #"),
    ("!!timestamp", "documents/dms.yaml", "  leave.request_notice:\n    value: ",
     "  leave.request_notice:\n    value: !!timestamp 2027-02-01 #"),
    ("!!set", "documents/dms.yaml", "  leave.request_notice:\n    value: ", "  leave.request_notice:\n    value: !!set {a, b} #"),
    ("situation row renamed", "tools/notify_la.yaml", "    forces_stopped:\n", "    forces_stoped:\n"),
    ("rule naming an unknown reason", "tools/leave_request.yaml", "reasons: [", "reasons: [holidays, "),
    ("threshold fact misspelt", "tools/notify_la.yaml",
     "      threshold_fact: la_notify.continuous_unauthorised_school_days\n",
     "      threshold_fact: la_notify.continuous_unauthorised_schooldays\n"),
    ("school_states fact misspelt", "tools/leave_request.yaml",
     "school_states: leave.exeat_early_departure_not_typically_granted",
     "school_states: leave.exeat_early_departure_not_typicaly_granted"),
    ("a label the tool needs deleted", "tools/which_code.yaml", "    present: present\n", ""),
    ("400-character flow label", "flows/dc-attendance.yaml", "    label: ", "    label: " + "word " * 80 + "x"),
]
# Whole files: (name, file, bytes or a function of the folder).
FILES = [
    ("empty file", "documents/dms.yaml", b""),
    ("binary file", "documents/dms.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
    ("Latin-1 file", "documents/dms.yaml", "id: dms\ntitle: Caf\u00e9\n".encode("latin-1")),
    ("editor lock file", "documents/.#dms.yaml", "link:root@host.1234:1700000000"),
    ("dangling symlink", "documents/old.yaml", "link:nowhere.yaml"),
    ("folder named .yaml", "flows/drafts.yaml", "folder"),
    ("dms.yml beside dms.yaml", "documents/dms.yml", "copy:documents/dms.yaml"),
    ("1 MB flow label", "flows/dc-attendance.yaml", "label:" + "word " * 200_000),
    ("string alias bomb", "glossary.yaml", "append:bomb0: &b0 '" + "x" * 9000 + "'\n" + "".join(
        f"bomb{n}: &b{n} [{', '.join([f'*b{n - 1}'] * 9)}]\n" for n in range(1, 6))),
    ("value alias bomb", "glossary.yaml", "append:bomb0: &b0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"bomb{n}: &b{n} [{', '.join([f'*b{n - 1}'] * 9)}]\n" for n in range(1, 9))),
]

# -- hostile command line: (name, argv, env) ---------------------------------------------------------
COMMANDS = [
    ("closed pipe: questions", ["tools_py", "questions", "leave_request"], {}, "pipe"),
    ("closed pipe: ask", ["tools_py", "ask", "which_code", "--school", "dms", "--date", "2026-11-23",
                          "situation=on_time", "session=am"], {}, "pipe"),
    ("closed pipe: check", ["tools_py.compile", "check"], {}, "pipe"),
    ("serve --port 99999", ["tools_py.site", "serve", "--port", "99999"], {}, "port"),
    ("serve --port 0", ["tools_py.site", "serve", "--port", "0"], {}, "port"),
    ("HANDBOOK_TODAY=2026-13-45 check", ["tools_py.compile", "check"], {"HANDBOOK_TODAY": "2026-13-45"}, "HANDBOOK_TODAY"),
    ("HANDBOOK_TODAY=tomorrow list", ["tools_py", "list"], {"HANDBOOK_TODAY": "tomorrow"}, "HANDBOOK_TODAY"),
    ("HANDBOOK_TODAY=tomorrow build", ["tools_py.site", "build", "--site", "TMP/site"], {"HANDBOOK_TODAY": "tomorrow"},
     "HANDBOOK_TODAY"),
    ("build --site a folder of other files", ["tools_py.site", "build", "--site", "TMP/papers"], {}, "papers"),
    ("build --site a file", ["tools_py.site", "build", "--site", "TMP/notes.txt"], {}, "is a file"),
    ("non-UTF-8 answer", ["tools_py", "ask", "which_code", "--school", "dms", "--date", "2026-11-23",
                          b"situation=on_t\xefme", "session=am"], {}, "situation"),
    ("unknown tool", ["tools_py", "questions", "which_kode"], {}, "no tool"),
    ("--school without a value", ["tools_py", "ask", "which_code", "--school"], {}, "--school"),
    ("json to a full disk", ["tools_py.compile", "json", "/dev/full"], {}, "No space left"),
    ("no policy data folder", ["tools_py.compile", "check"], {"HANDBOOK_POLICY_DATA": "/no/such/folder"},
     "no policy data folder"),
    ("date 2026-02-30", ["tools_py", "ask", "which_code", "--school", "dms", "--date", "2026-02-30",
                         "situation=on_time", "session=am"], {}, "not a real date"),
]


def copy_data(checkout: Path, into: Path) -> Path:
    data = into / "policy_data"
    shutil.copytree(checkout / "policy_data", data)
    return data


def run(checkout, args, env=None, timeout=120, cwd=None):
    try:
        result = subprocess.run([PY, "-m", *args], cwd=cwd or checkout, capture_output=True, timeout=timeout,
                                env={**os.environ, **TODAY, **(env or {})})
        return result.returncode, (result.stderr + result.stdout).decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return None, "timed out"


def classify_check(code, said, file, build=None) -> str:
    if code is None:
        return "unsafe"
    if "Traceback" in said:
        return "traceback"
    if code != 0:
        shown = said.strip().splitlines()
        if shown and re.match(r"policy_data/[^:]+:\d+: ", shown[0]) and file.split("/")[-1].split(".")[0] in shown[0]:
            return "clear"
        return "unclear-but-safe"
    return build() if build else "silently wrong"


def probe_editor(checkout: Path, build_accepted: bool, only: str | None = None) -> list:
    results = []
    for name, file, old, new in EDITOR:
        if only and only not in name:
            continue
        with tempfile.TemporaryDirectory() as folder:
            data = copy_data(checkout, Path(folder))
            path = data / file
            text = path.read_text(encoding="utf-8")
            if old not in text:
                results.append((name, "n/a"))
                continue
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
            code, said = run(checkout, ["tools_py.compile", "check"], {"HANDBOOK_POLICY_DATA": str(data)})
            results.append((name, classify_check(code, said, file, (lambda: built(checkout, data, Path(folder)))
                                                 if build_accepted else None)))
    for name, file, content in FILES:
        if only and only not in name:
            continue
        with tempfile.TemporaryDirectory() as folder:
            data = copy_data(checkout, Path(folder))
            path = data / file
            expect_pass = name == "editor lock file"
            if isinstance(content, bytes):
                path.write_bytes(content)
            elif content.startswith("link:"):
                path.symlink_to(content[5:])
            elif content == "folder":
                path.mkdir()
            elif content.startswith("copy:"):
                shutil.copy(data / content[5:], path)
            elif content.startswith("label:"):  # the first node's label, a megabyte long
                text = path.read_text(encoding="utf-8")
                at = text.index("    label: ")
                path.write_text(text[:at] + "    label: " + content[6:] + text[text.index("\n", at):], encoding="utf-8")
            elif content.startswith("append:"):
                path.write_text(path.read_text(encoding="utf-8") + content[7:], encoding="utf-8")
            code, said = run(checkout, ["tools_py.compile", "check"], {"HANDBOOK_POLICY_DATA": str(data)}, timeout=60)
            if expect_pass and code == 0:
                results.append((name, "clear" if "skipped" in said else "unclear-but-safe"))
            elif name in ("empty file", "binary file", "Latin-1 file") and code == 1 and "Traceback" not in said:
                lines = said.strip().splitlines()
                results.append((name, "clear" if len(lines) <= 3 else "unclear-but-safe"))
            else:
                results.append((name, classify_check(code, said, file)))
    return results


def built(checkout: Path, data: Path, folder: Path) -> str:
    """A mistake make check accepted: does the build fail (traceback), refuse it, or publish it?"""
    code, said = run(checkout, ["tools_py.site", "build", "--site", str(folder / "site")],
                     {"HANDBOOK_POLICY_DATA": str(data)}, timeout=900)
    if code is None:
        return "unsafe"
    if "Traceback" in said or "Error_" in said or "Error:" in said and "Macro Rendering" in said:
        return "traceback"
    return "silently wrong" if code == 0 else "unclear-but-safe"


def probe_commands(checkout: Path) -> list:
    results = []
    for name, args, env, expected in COMMANDS:
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / "papers").mkdir()
            (Path(folder) / "papers" / "minutes.txt").write_text("keep me")
            (Path(folder) / "notes.txt").write_text("keep me")
            args = [a.replace("TMP", folder) if isinstance(a, str) else a for a in args]
            if expected == "pipe":
                process = subprocess.Popen([PY, "-m", *args], cwd=checkout, stdout=subprocess.PIPE,
                                           stderr=subprocess.PIPE, env={**os.environ, **TODAY, **env})
                process.stdout.close()
                said = process.stderr.read().decode("utf-8", "replace")
                process.wait(timeout=120)
                results.append((name, "traceback" if "Traceback" in said else "clear"))
                continue
            args = [a if isinstance(a, str) else a for a in args]
            serving = args[:2] == ["tools_py.site", "serve"]  # builds first, then binds: minutes under load
            try:
                result = subprocess.run([PY.encode(), b"-m", *[a.encode() if isinstance(a, str) else a for a in args]],
                                        cwd=checkout, capture_output=True, timeout=600 if serving else 120,
                                        env={**os.environ, **TODAY, **env})
                code, said = result.returncode, (result.stderr + result.stdout).decode("utf-8", "replace")
            except subprocess.TimeoutExpired:
                code, said = None, "timed out"
            kept = (Path(folder) / "papers" / "minutes.txt").exists() and (Path(folder) / "notes.txt").exists()
            if code is None and serving:
                results.append((name, "silently wrong"))  # serving on some port, not the one asked for
            elif code is None or not kept:
                results.append((name, "unsafe"))
            elif "Traceback" in said:
                results.append((name, "traceback"))
            elif code == 0:
                results.append((name, "silently wrong"))
            else:
                results.append((name, "clear" if expected in said else "unclear-but-safe"))
    return results


# -- faults: a build stopped at each step of putting the site in place ----------------------------------
_OLD_STOPPER = r'''
import os, signal, sys, time, pathlib
import mkdocs.commands.build, mkdocs.config, tools_py.compile
import tools_py.site.__main__ as site
point, signame, version, site_dir = sys.argv[1:5]
def stop():
    os.kill(os.getpid(), getattr(signal, signame)); time.sleep(0.2)
def fake(config):
    out = pathlib.Path(config["site_dir"])
    for i in range(40):
        (out / f"page{i}").mkdir(); (out / f"page{i}" / "index.html").write_text(version)
    (out / "index.html").write_text(version)
    if point == "building": stop()
mkdocs.commands.build.build = fake
mkdocs.config.load_config = lambda path, site_dir, strict: {"site_dir": site_dir}
tools_py.compile.compile_policy = lambda *a, **k: {}
real_rename = pathlib.Path.rename
calls = []
def rename(self, target):
    result = real_rename(self, target); calls.append(self)
    if point == "swap-done" and len(calls) == 1: stop()
    return result
pathlib.Path.rename = rename
if point == "swap-start":
    real_swap = site._swap_in
    def swap_in(a, b):
        stop(); return real_swap(a, b)
    site._swap_in = swap_in
sys.exit(site.main(["build", "--site", site_dir]))
'''


def probe_faults(checkout: Path) -> list:
    results = []
    new_style = (checkout / "tests" / "support" / "stopped_build.py").is_file()
    for point in ("building", "swap-start", "swap-done", "removing"):
        for signame in ("SIGINT", "SIGTERM", "SIGKILL"):
            if point == "removing" and not new_style:
                continue  # the old swap removed the previous site inside its two renames' finally
            with tempfile.TemporaryDirectory() as folder:
                site = Path(folder) / "site"
                site.mkdir()
                for i in range(40):
                    (site / f"page{i}").mkdir()
                    (site / f"page{i}" / "index.html").write_text("v1")
                (site / "index.html").write_text("v1")
                if new_style:
                    args = [PY, "-m", "tests.support.stopped_build", point, signame, "v2", str(site)]
                else:
                    args = [PY, "-c", _OLD_STOPPER, point, signame, "v2", str(site)]
                result = subprocess.run(args, cwd=checkout, capture_output=True, text=True, timeout=120)
                versions = {p.read_text() for p in site.rglob("index.html")} if site.is_dir() else set()
                whole = site.is_dir() and len(list(site.rglob("index.html"))) == 41 and len(versions) == 1
                said = result.stderr
                if not whole:
                    verdict = "unsafe"
                elif "Traceback" in said:
                    verdict = "traceback"
                elif versions == {"v2"} and "was left as it was" in said:
                    verdict = "silently wrong"  # claims the old site stayed
                else:
                    verdict = "clear"
                results.append((f"stopped at {point} by {signame}", verdict))
    results += probe_caches(checkout)
    return results


_CACHE_PROBE = r'''
import sys, gzip, hashlib, pathlib, tempfile
sys.path.insert(0, ".")
from tools_py.site import diagrams, compress
damage = sys.argv[1]
root = pathlib.Path(tempfile.mkdtemp())
diagrams.CACHE = root / "diagrams"; compress.CACHE = root / "compressed"
flow = {"id": "f", "title": "T", "nodes": [{"id": "a", "label": "Phone the parent", "kind": "start"}], "edges": []}
if damage.startswith("diagram"):
    source = diagrams.dot_source(flow); good = diagrams._draw(source)
    entry = next(p for p in (root / "diagrams").iterdir())
    stored = entry.read_bytes()
    entry.write_bytes({"diagram word": stored.replace(b"Phone", b"Email"),
                       "diagram script": stored.replace(b"</svg>", b"<script>alert(1)</script></svg>"),
                       "diagram cut short": stored[: len(stored) // 2]}[damage])
    again = diagrams.svg(flow)
    print("UNSAFE" if "<script" in again else "WRONG" if "Email" in again else "OK")
else:
    data = b"<p>" + b"The register closes at 09:30. " * 100 + b"</p>"
    compress._cached(data, ".gz")
    entry = next((root / "compressed").iterdir())
    entry.write_bytes({"gz stale": gzip.compress(data.replace(b"09:30", b"09:15")),
                       "gz cut short": entry.read_bytes()[:40]}[damage])
    print("OK" if gzip.decompress(compress._cached(data, ".gz")) == data else "WRONG")
'''


def probe_caches(checkout: Path) -> list:
    results = []
    for damage in ("diagram word", "diagram script", "diagram cut short", "gz stale", "gz cut short"):
        result = subprocess.run([PY, "-c", _CACHE_PROBE, damage], cwd=checkout, capture_output=True, text=True,
                                timeout=120)
        said = result.stdout.strip() + result.stderr
        verdict = ("traceback" if "Traceback" in said else "unsafe" if said.startswith("UNSAFE") else
                   "silently wrong" if said.startswith("WRONG") else "clear")
        results.append((f"cache: {damage}", verdict))
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", type=Path, default=REPO)
    parser.add_argument("--only", choices=["editor", "commands", "faults"], default=None)
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--cases", default=None, help="only the cases whose name holds this text")
    args = parser.parse_args(argv)
    checkout = args.checkout.resolve()
    started = time.monotonic()
    categories = {
        "editor mistakes": lambda: probe_editor(checkout, not args.no_build, args.cases),
        "hostile command line": lambda: probe_commands(checkout),
        "faults": lambda: probe_faults(checkout),
    }
    names = {"editor": "editor mistakes", "commands": "hostile command line", "faults": "faults"}
    for category, probe in categories.items():
        if args.only and names[args.only] != category:
            continue
        results = probe()
        counts = collections.Counter(verdict for _name, verdict in results)
        print(f"\n## {category}: {len(results)} cases: " + ", ".join(f"{counts[k]} {k}" for k in (
            "clear", "unclear-but-safe", "traceback", "silently wrong", "unsafe", "n/a") if counts[k]))
        for name, verdict in results:
            print(f"  {verdict:17} {name}")
    print(f"\n({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
