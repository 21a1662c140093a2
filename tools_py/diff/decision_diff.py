"""Which decisions change between two versions of the handbook: ``python -m tools_py.diff``.

An editor's pull request changes YAML; a reader sees decisions. This compares the two: every golden
case (``tests/cases/*.yaml``) and every scenario enumerated from each tool's question spec, for every
school and a few dates, is asked of both versions, and each decision whose outcome id, title, text,
fields or citations differ is listed as a Markdown table. It informs; it never fails a build.

Each side answers with its own code and its own data: a git revision's ``policy_data/``,
``tools_py/`` and ``tests/cases/`` are extracted with ``git archive`` into a temporary folder and
evaluated in a separate Python process whose ``PYTHONPATH`` and ``HANDBOOK_POLICY_DATA`` point there.
The working tree is evaluated the same way from the repository itself. A revision's answers are kept
(gzipped, in the repository's git folder, ``handbook-decision-diff/``) under the git tree ids of those
folders, this file's hash and the dates asked: the next comparison with the same base reads them
instead of asking again.

Scenarios: each side walks each tool's questions with ``tools_py.questions.form``, for every school,
on 2024-08-18, 2024-08-19, today and the latest dates a value took effect. The first question is tried
with every choice; every later one is a factor tried one at a time with all its candidates (every
choice; yes and no; for numbers, the limits and each number in the data with a matching unit; for
times, the minute before, at and after each time in the data; for session counts, a share of absence
at each percentage in the data) while the others keep a low or a high anchor. A threshold that moves
shows at its old or its new value, and each side also answers the scenarios only the other one
generated. About 12,000 asks per side, bounded at 20,000.

This module imports only the standard library at the top: the evaluating process loads this very file
by path and then imports ``tools_py`` from the side it evaluates.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gzip
import hashlib
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# What a side needs to answer: its data, its decision logic, its golden cases.
SIDE_PATHS = ("policy_data", "tools_py", "tests/cases", "docs")  # docs: the pages a tool's fallback names
# The day the 2024 regulations took effect, and the day before: many values changed between them.
FIXED_DATES = ("2024-08-18", "2024-08-19")
MAX_ASKS = 20_000          # per side, before the other side's extra scenarios
MAX_PER_CELL = 1_500       # per tool, school and date
COMPARED = ("outcome", "title", "text", "fields", "citations")
_UNIT_WORDS = {"day": "days", "days": "days", "percent": "percent", "%": "percent", "session": "sessions",
               "sessions": "sessions", "week": "weeks", "weeks": "weeks", "month": "months", "months": "months",
               "year": "years", "years": "years", "minute": "minutes", "minutes": "minutes", "hours": "hours",
               "amount": "amount", "pounds": "amount", "£": "amount"}
_BOOT = ("import importlib.util, sys\n"
         "spec = importlib.util.spec_from_file_location('handbook_decision_diff', sys.argv[1])\n"
         "module = importlib.util.module_from_spec(spec)\n"
         "spec.loader.exec_module(module)\n"
         "sys.exit(module.evaluate_main(sys.argv[2:]))\n")


# =============================================================================================
# Part 1: inside the evaluating process (one side). Imports tools_py lazily, from that side.
# =============================================================================================

def _num(value):
    """12.0 -> 12 (so a scenario's answers read, and compare, as typed)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _unit_tokens(*texts) -> set[str]:
    tokens = set()
    for text in texts:
        for word in re.split(r"[^a-z%£]+", str(text or "").lower().replace("%", " % ")):
            if word in _UNIT_WORDS:
                tokens.add(_UNIT_WORDS[word])
    return tokens


def _rule_numbers(tree) -> set:
    """Every number written in a tool's rules (thresholds a school's row states, and the like)."""
    found = set()
    if isinstance(tree, dict):
        for key, item in tree.items():
            if "decimal" not in str(key):  # how a figure is shown, not a threshold
                found |= _rule_numbers(item)
    elif isinstance(tree, list):
        for item in tree:
            found |= _rule_numbers(item)
    elif isinstance(tree, (int, float)) and not isinstance(tree, bool):
        found.add(_num(tree))
    return found


class _Enumerator:
    """Walks one tool's questions with ``tools_py.questions.form``, offering a few answers to each."""

    def __init__(self, data, tool, school, day):
        from tools_py import facts as facts_module

        self.data, self.tool, self.school, self.day = data, tool, school, day
        keys = set()
        for document in data["documents"].values():
            keys |= set(document.get("facts") or {})
        # Every value the school would be asked about on this day (its own, else LA, else national).
        self.facts = {}
        for key in sorted(keys):
            try:
                self.facts[key] = facts_module.lookup(data, school, key, day).value
            except Exception:  # noqa: BLE001 - a key with no value on this day simply offers nothing
                continue
        self.rule_numbers = _rule_numbers(tool.get("rules"))
        self.questions = {q["id"]: q for q in tool["questions"]}
        self._candidates: dict[str, list] = {}
        self._forms: dict[str, dict] = {}

    # -- candidate answers ---------------------------------------------------------------------
    # A changed threshold shows at the old or the new value itself (one side says "reached", the other
    # "not yet"), and each side offers its own values, so the values the data gives are enough.
    def numbers(self, question) -> list:
        integer = question.get("integer", True)
        low = question.get("min", 0)
        high = question.get("max", max(100, low + 100))
        wanted = _unit_tokens(question["id"].replace("_", " "), question.get("unit"))
        values = {low, high}
        for key, value in self.facts.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            if wanted and not (wanted & _unit_tokens(key.split(".")[-1].replace("_", " "))):
                continue
            values.add(value)
            if "percent" in wanted:
                values.add(100 - value)  # "attendance below 90%" is "absence above 10%"
        values |= self.rule_numbers
        out = set()
        for value in values:
            if integer and value != int(value):
                out.update({math.floor(value), math.ceil(value)})
            else:
                out.add(value)
        return sorted({_num(v) for v in out if low <= v <= high})

    def times(self) -> list:
        clocks = {v for v in self.facts.values() if isinstance(v, str) and re.fullmatch(r"\d{2}:\d{2}", v)}
        if not clocks:
            return ["09:00", "13:30"]
        out = set()
        for clock in clocks:  # the minute before, at and after each time the policy gives
            hours, minutes = map(int, clock.split(":"))
            for delta in (-1, 0, 1):
                moment = min(max(hours * 60 + minutes + delta, 0), 23 * 60 + 59)
                out.add(f"{moment // 60:02d}:{moment % 60:02d}")
        return sorted(out)

    def counts(self, entry) -> list:
        """Session counts with a share of absence at each percentage the data gives."""
        from tools_py.facts import to_date

        offered = [choice["value"] for choice in entry.get("choices") or []]
        in_force = {}
        for code in self.data["codes"]:
            if code["code"] in offered and to_date(code["from"]) <= self.day and (
                    not code.get("until") or self.day <= to_date(code["until"])):
                in_force.setdefault(code["code"], code)
        present = next((c for c, e in in_force.items() if e.get("counts_as") == "attendance"), None)
        absent = [code for category in ("authorised_absence", "unauthorised_absence")
                  for code in [next((c for c, e in in_force.items() if e.get("category") == category), None)] if code]
        if present is None or not absent:
            return [{}]
        total = 200
        percents = {0, 100} | {n for n in self.rule_numbers if 0 <= n <= 100}
        for key, value in self.facts.items():
            if "percent" in key and isinstance(value, (int, float)) and not isinstance(value, bool):
                percents.add(value)
        percents |= {100 - p for p in percents}
        out, seen = [], set()

        def add(counts):
            counts = {k: v for k, v in counts.items() if v}
            key = json.dumps(counts, sort_keys=True)
            if key not in seen:
                seen.add(key)
                out.append(counts)

        for percent in sorted(p for p in percents if 0 <= p <= 100):
            missed = round(total * percent / 100)
            for code in absent:
                add({present: total - missed, code: missed})
        return out

    def candidates(self, entry) -> list:
        if entry["id"] not in self._candidates:
            self._candidates[entry["id"]] = self._candidates_for(entry)
        return self._candidates[entry["id"]]

    def _candidates_for(self, entry) -> list:
        question = self.questions[entry["id"]]
        kind = question["type"]
        if kind == "choice":
            return [choice["value"] for choice in question["choices"]]
        if kind == "yesno":
            return [True, False]
        if kind == "number":
            return self.numbers(question)
        if kind == "time":
            return self.times()
        if kind == "counts":
            return self.counts(entry)
        return []

    # -- the walk ------------------------------------------------------------------------------
    # The tool's first question (the situation, the reason …) is always tried in full. Every later
    # question is a factor: in each walk one of them (the ``varied``-th on the path) gets every
    # candidate and the others one "anchor" answer, once with low anchors (the first choice, the
    # smallest number) and once with high ones. One factor at a time keeps the count a sum, not a
    # product. An anchored choice or yes/no takes the answer that opens the most further questions,
    # so the questions behind it are reached too.
    def _shown(self, answers):
        from tools_py.questions import form

        key = json.dumps(answers, sort_keys=True, default=str)
        if key not in self._forms:
            self._forms[key] = form(self.tool, answers, self.data, self.school, self.day.isoformat())
        return self._forms[key]

    def _anchor(self, entry, options, answers, high: bool):
        question = self.questions[entry["id"]]
        if question["type"] not in ("choice", "yesno"):
            return options[-1] if high else options[0]
        opened = [len(self._shown({**answers, entry["id"]: option})["questions"]) for option in options]
        most = max(opened)
        best = [option for option, count in zip(options, opened) if count == most]
        return best[-1] if high else best[0]

    def walk(self, varied: int, high: bool, answers=None, factor=0):
        answers = dict(answers or {})
        shown = self._shown(answers)
        pending = [q for q in shown["questions"] if "value" not in q and q["id"] not in answers]
        if shown.get("error") or not pending:
            yield answers, factor
            return
        entry = pending[0]
        root = entry["id"] == self.tool["questions"][0]["id"]
        options = list(self.candidates(entry))
        if entry.get("optional"):
            options = [""] + options  # "" is "left out" to form and to ask
        if not root and factor != varied and len(options) > 1:
            options = [self._anchor(entry, options, answers, high)]
        for option in options:
            yield from self.walk(varied, high, {**answers, entry["id"]: option}, factor + (not root))

    def scenarios(self) -> list[dict]:
        return list(_walk_all(self))


def scenarios(data, tool, school, day):
    """Answers that walk a tool's questions at one school on one day, yielded as they are found
    (simplest first: one question varied at a time), so a caller can stop early."""
    return _walk_all(_Enumerator(data, tool, school, day))


def _walk_all(walker):
    seen: set[str] = set()
    for high in (False, True):
        varied, most = 0, 1
        while varied < most:
            for answers, factors in walker.walk(varied, high):
                most = max(most, factors)
                answers = {k: v for k, v in answers.items() if v != ""}
                key = json.dumps(answers, sort_keys=True, default=str)
                if key not in seen:
                    seen.add(key)
                    yield answers
            varied += 1


def _dates(data, today: _dt.date) -> list[str]:
    """The fixed dates, today, and the latest dates on which a value took effect after the 2024 reform."""
    later = set()
    for document in data["documents"].values():
        for fact in (document.get("facts") or {}).values():
            for entry in fact if isinstance(fact, list) else []:
                later.add(str(entry.get("from")))
    for code in data["codes"]:
        later.add(str(code.get("from")))
        if code.get("until"):
            later.add(str(code["until"]))
    full = []
    for text in later:
        parts = text.split("-")
        if len(parts) == 1:
            text = f"{text}-01-01"
        elif len(parts) == 2:
            text = f"{text}-01"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) and text > FIXED_DATES[1]:
            full.append(text)
    return sorted(set(FIXED_DATES) | {today.isoformat()} | set(sorted(full)[-3:]))


def _golden_cases(cases_dir: Path) -> list[dict]:
    import yaml

    found = []
    for path in sorted(cases_dir.glob("*.yaml")) if cases_dir.is_dir() else []:
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for case in spec.get("cases") or []:
            found.append({"tool": spec.get("tool"), "school": str(case.get("school")), "date": str(case.get("date")),
                          "answers": case.get("answers") or {}, "source": "case"})
    return found


def scenario_key(scenario) -> str:
    answers = {k: _num(v) for k, v in (scenario["answers"] or {}).items()}
    return json.dumps([scenario["tool"], scenario["school"], scenario["date"], answers],
                      sort_keys=True, ensure_ascii=False, default=str)


def _answer(api, data, scenario) -> dict:
    from tools_py.outcome import AnswerError

    try:
        outcome = api.ask(scenario["tool"], scenario["school"], scenario["date"], scenario["answers"], data=data)
    except AnswerError as problem:
        return {"error": f"{problem.question}: {problem.message}"}
    except Exception as crash:  # noqa: BLE001 - a crash is a decision too, and must show
        return {"crash": f"{type(crash).__name__}: {crash}"}
    return {key: outcome.get(key) for key in COMPARED}


def _memoise_dates():
    """Parsing dates is most of the run time; ``to_date`` is pure, so cache it wherever it is bound."""
    import functools
    import importlib

    from tools_py import api, facts

    original = getattr(facts, "to_date", None)
    if original is None:
        return
    cached = functools.lru_cache(maxsize=4096)(original)

    def to_date(text):
        try:
            return cached(text)
        except TypeError:  # unhashable: not a date anyway; let the original say so
            return original(text)

    for name in ["tools_py.facts", "tools_py.questions", *getattr(api, "TOOL_MODULES", {}).values()]:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if getattr(module, "to_date", None) is original:
            module.to_date = to_date


def evaluate_main(argv) -> int:
    """Run inside a side's process: ``evaluate REQUEST.json RESULT.json``."""
    request = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    out = Path(argv[2])
    root = Path(request["root"]).resolve()
    import tools_py

    where = Path(tools_py.__file__).resolve()
    if root not in where.parents:
        out.write_text(json.dumps({"ok": False, "error": f"tools_py was imported from {where}, not from {root}"}))
        return 0
    from tools_py import api
    from tools_py.compile import PolicyDataInvalid, compile_policy

    try:
        data = compile_policy(root / "policy_data")
    except PolicyDataInvalid as invalid:
        out.write_text(json.dumps({"ok": False, "error": invalid.report()}), encoding="utf-8")
        return 0
    _memoise_dates()
    scenarios: dict[str, dict] = {}
    thinned = 0
    if request.get("enumerate", True):
        for case in _golden_cases(root / "tests" / "cases"):
            scenarios.setdefault(scenario_key(case), case)
        from tools_py.questions import school_ids

        today = _dt.date.fromisoformat(request["today"])
        enumerated = []
        for tool_id in api.tool_ids(data):
            tool = data["tools"][tool_id]
            for school in school_ids(data):
                for day in _dates(data, today):
                    walker = _Enumerator(data, tool, school, _dt.date.fromisoformat(day))
                    found = walker.scenarios()
                    if len(found) > MAX_PER_CELL:
                        stride = math.ceil(len(found) / MAX_PER_CELL)
                        thinned += len(found) - len(found[::stride])
                        found = found[::stride]
                    for answers in found:
                        enumerated.append({"tool": tool_id, "school": school, "date": day, "answers": answers,
                                           "source": "spec"})
        if len(enumerated) > MAX_ASKS:  # keep the run bounded: an even, repeatable sample
            stride = math.ceil(len(enumerated) / MAX_ASKS)
            thinned += len(enumerated) - len(enumerated[::stride])
            enumerated = enumerated[::stride]
        for scenario in enumerated:
            scenarios.setdefault(scenario_key(scenario), scenario)
    for scenario in request.get("extra") or []:
        scenarios.setdefault(scenario_key(scenario), scenario)
    results = [[key, scenario, _answer(api, data, scenario)] for key, scenario in scenarios.items()]
    out.write_text(json.dumps({"ok": True, "results": results, "thinned": thinned}, ensure_ascii=False,
                              default=str), encoding="utf-8")
    return 0


# =============================================================================================
# Part 2: the comparing process. Extracts each side, runs it, compares, prints Markdown.
# =============================================================================================

class DiffError(Exception):
    """A side could not be prepared (unknown revision, not a git repository)."""


def _git(repo: Path, *args, binary=False):
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, timeout=60)
    if result.returncode != 0:
        raise DiffError(f"git {' '.join(args)}: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout if binary else result.stdout.decode().strip()


def _git_root(repo: Path):
    try:
        return _git(repo, "rev-parse", "--show-toplevel")
    except (DiffError, OSError):
        return None


class Side:
    """One version: the working tree (``rev=None``) or a git revision extracted into a temporary folder."""

    def __init__(self, repo: Path, rev: str | None):
        self.repo, self.rev = repo, rev
        self.label = rev or "working tree"
        self._temp = None
        self._inputs = None
        if rev is None:
            self.root = repo
            return
        try:
            commit = _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
        except DiffError:
            if not (Path(repo) / ".git").exists() and _git_root(repo) is None:
                raise DiffError(f"{repo} is not a git repository") from None
            raise DiffError(f"'{rev}' is not a branch, tag or commit of {repo}") from None
        present = [path for path in SIDE_PATHS
                   if _git(repo, "ls-tree", "-d", "--name-only", commit, path)]
        if "policy_data" not in present or "tools_py" not in present:
            raise DiffError(f"{rev} has no policy_data/ or tools_py/")
        self._inputs = _git(repo, "ls-tree", commit, "--", *present)  # what it answers with, by content hash
        self._temp = Path(tempfile.mkdtemp(prefix="handbook-diff-"))
        self.root = self._temp / "tree"
        self.root.mkdir()
        archive = _git(repo, "archive", "--format=tar", commit, "--", *present, binary=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(self.root, filter="data")
        self.label = commit[:10] if commit.startswith(rev) else f"{rev} ({commit[:10]})"

    def evaluate(self, today: str, extra=(), enumerate_all=True) -> dict:
        """Every scenario's answer on this side (a revision's, kept from an earlier run when it can be)."""
        saved = self._saved(today) if enumerate_all and not extra else None
        if saved is not None:
            kept = _read_saved(saved)
            if kept is not None:
                return kept
        result = self._evaluate(today, extra, enumerate_all)
        if saved is not None and result.get("ok"):
            _write_saved(saved, result)
        return result

    def _saved(self, today: str) -> Path | None:
        """Where a revision's answers are kept, in the repository's git folder: the same data, logic and
        cases (their git tree ids), asked by the same version of this file on the same dates, answer
        the same, so comparing another branch or edit with the same base evaluates the base once."""
        if self._inputs is None:
            return None
        try:
            where = Path(_git(self.repo, "rev-parse", "--git-path", SAVED_FOLDER))
        except (DiffError, OSError):
            return None
        key = hashlib.sha256(json.dumps([self._inputs, _EVALUATOR, sys.version, today,
                                         os.environ.get("HANDBOOK_TODAY") or _dt.date.today().isoformat()])
                             .encode("utf-8")).hexdigest()
        return (where if where.is_absolute() else Path(self.repo) / where) / f"{key[:32]}.json.gz"

    def _evaluate(self, today: str, extra, enumerate_all) -> dict:
        work = Path(tempfile.mkdtemp(prefix="handbook-diff-run-"))
        try:
            request, result = work / "request.json", work / "result.json"
            request.write_text(json.dumps({"root": str(self.root), "today": today, "extra": list(extra),
                                           "enumerate": enumerate_all}, default=str), encoding="utf-8")
            env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
            env.update({"PYTHONPATH": str(self.root), "HANDBOOK_POLICY_DATA": str(self.root / "policy_data"),
                        "PYTHONDONTWRITEBYTECODE": "1"})
            run = subprocess.run([sys.executable, "-c", _BOOT, str(Path(__file__).resolve()), "evaluate",
                                  str(request), str(result)],
                                 cwd=self.root, env=env, capture_output=True, text=True, timeout=600)
            if run.returncode != 0 or not result.exists():
                tail = (run.stderr or run.stdout).strip().splitlines()[-12:]
                return {"ok": False, "error": "\n".join(tail) or f"exit status {run.returncode}"}
            return json.loads(result.read_text(encoding="utf-8"))
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def close(self):
        if self._temp is not None:
            shutil.rmtree(self._temp, ignore_errors=True)


SAVED_FOLDER = "handbook-decision-diff"  # inside the repository's git folder: never committed or cleaned
SAVED_KEPT = 6  # the most recent revisions' answers kept
_EVALUATOR = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()  # the evaluating code is this file


def _read_saved(path: Path) -> dict | None:
    """A revision's saved answers, or None when there are none or they cannot be read whole (gzip's
    checksum finds an entry cut short or changed; it is then evaluated again and replaced)."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            kept = json.load(stream)
    except FileNotFoundError:
        return None
    except (OSError, EOFError, ValueError, zlib.error) as problem:
        print(f"note: the saved answers {path.name} cannot be read ({type(problem).__name__}); "
              f"they are worked out again.", file=sys.stderr)
        return None
    if not isinstance(kept, dict) or kept.get("ok") is not True or not isinstance(kept.get("results"), list):
        print(f"note: the saved answers {path.name} are not whole; they are worked out again.", file=sys.stderr)
        return None
    return kept


def _write_saved(path: Path, result: dict):
    """Save a revision's answers (whole or not at all), keeping the most recent few. Failing to save
    only means the next run works them out again."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with gzip.open(partial, "wt", encoding="utf-8", compresslevel=1) as stream:
                json.dump(result, stream, ensure_ascii=False, default=str)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        entries = sorted(path.parent.glob("*.json.gz"), key=lambda entry: entry.stat().st_mtime, reverse=True)
        for old in entries[SAVED_KEPT:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _changed_parts(before: dict, after: dict) -> list[str]:
    if set(before) != set(after) or "error" in before or "crash" in before:
        return [] if before == after else ["answer"]
    parts = []
    for key in COMPARED:
        if before.get(key) == after.get(key):
            continue
        if key == "fields" and isinstance(before.get(key), dict) and isinstance(after.get(key), dict):
            names = sorted(set(before[key]) | set(after[key]))
            parts += [f"fields.{name}" for name in names if before[key].get(name) != after[key].get(name)]
        else:
            parts.append(key)
    return parts


def compare(before: dict, after: dict) -> list[dict]:
    """Decisions (keyed alike in both) whose outcome, title, text, fields or citations differ."""
    rows = []
    for key in sorted(set(before) & set(after)):
        scenario, old = before[key]
        _, new = after[key]
        parts = _changed_parts(old, new)
        if parts:
            rows.append({"scenario": scenario, "before": old, "after": new, "changed": parts})
    rows.sort(key=lambda row: (row["scenario"]["tool"], row["scenario"]["school"], row["scenario"]["date"],
                               scenario_key(row["scenario"])))
    return rows


def _cell(text) -> str:
    text = " ".join(str(text).split())
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace("`", "'")


def _text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def _span(old, new):
    """The differing middle of two texts, widened to whole words: (start, end-from-the-right)."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1

    def word(text, index):
        return 0 <= index < len(text) and (text[index].isalnum() or text[index] == ":")

    # Whole words (and times): «10» → «12» and «09:30» → «09:25», not 1«0» → «2».
    while start > 0 and word(old, start - 1) and (word(old, start) or word(new, start)):
        start -= 1
    while end > 0 and word(old, len(old) - end) and (word(old, len(old) - end - 1) or word(new, len(new) - end - 1)):
        end -= 1
    return start, end


def core(old, new) -> tuple[str, str]:
    """Only what was removed and what came instead (how rows that change alike are grouped)."""
    old, new = _text(old), _text(new)
    start, end = _span(old, new)
    return old[start:len(old) - end], new[start:len(new) - end]


def delta(old, new, context=30, most=90) -> str:
    """What differs between two values, with a little context: ``…after «10» → «12» school days…``."""
    old, new = _text(old), _text(new)
    start, end = _span(old, new)
    gone, came = old[start:len(old) - end], new[start:len(new) - end]
    if len(gone) > most:
        gone = gone[:most] + "…"
    if len(came) > most:
        came = came[:most] + "…"
    before = ("…" if start > context else "") + old[max(0, start - context):start]
    after = old[len(old) - end:len(old) - end + context] + ("…" if end > context else "")
    return f"{before}«{gone}» → «{came}»{after}"


def _shown_outcome(result: dict) -> str:
    if "error" in result:
        return f"error — {result['error']}"
    if "crash" in result:
        return f"crash — {result['crash']}"
    return f"{result['outcome']}: {result['title']}"


def _clauses(result: dict) -> list[str]:
    return [c.get("clause") for c in result.get("citations") or []]


def _what_changed(row) -> str:
    old, new = row["before"], row["after"]
    if "outcome" in row["changed"]:  # a different answer: say so, and name what else differs
        others = [part for part in row["changed"] if part != "outcome"]
        cited = [p for p in _what_changed({**row, "changed": ["citations"]}).split("; ") if p] if "citations" in others else []
        return "; ".join([f"outcome {old.get('outcome')} → {new.get('outcome')}"]
                         + ([f"also {', '.join(p for p in others if p != 'citations')}"] if others else []) + cited)
    out = []
    for part in row["changed"]:
        if part == "answer":
            out.append("the answer")
        elif part == "outcome":
            out.append(f"outcome {old.get('outcome')} → {new.get('outcome')}")
        elif part in ("title", "text"):
            out.append(f"{part}: {delta(old.get(part), new.get(part))}")
        elif part.startswith("fields."):
            name = part.split(".", 1)[1]
            out.append(f"{part}: {delta(old.get('fields', {}).get(name), new.get('fields', {}).get(name))}")
        elif part == "citations":
            gone = [c for c in _clauses(old) if c not in _clauses(new)]
            came = [c for c in _clauses(new) if c not in _clauses(old)]
            shown = " ".join([f"+{c}" for c in came] + [f"−{c}" for c in gone]) or "order or labels"
            out.append(f"citations: {shown}")
    return "; ".join(out)


def _answers_text(answers: dict) -> str:
    def shown(value):
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, dict):
            return ",".join(f"{k}:{v}" for k, v in value.items()) or "none"
        return str(_num(value))

    return ", ".join(f"{key}={shown(value)}" for key, value in answers.items()) or "—"


def _change_key(row) -> tuple:
    """What a change is, without what varies from one scenario to the next (the answers themselves)."""
    old, new = row["before"], row["after"]
    answers = sorted({str(_num(v)) for v in row["scenario"]["answers"].values()
                      if isinstance(v, (str, int, float)) and not isinstance(v, bool) and len(str(_num(v))) > 1},
                     key=len, reverse=True)

    def masked(pair):
        out = []
        for text in pair:
            for value in answers:
                text = text.replace(value, "‹answer›")
            out.append(text)
        return tuple(out)

    parts = []
    for part in row["changed"]:
        if part.startswith("fields."):
            name = part.split(".", 1)[1]
            parts.append((part, masked(core(old.get("fields", {}).get(name), new.get("fields", {}).get(name)))))
        elif part in ("title", "text"):
            parts.append((part, masked(core(old.get(part), new.get(part)))))
        elif part == "citations":
            parts.append((part, tuple(_clauses(old)), tuple(_clauses(new))))
        else:
            parts.append((part, old.get("error") or old.get("crash"), new.get("error") or new.get("crash")))
    return (old.get("outcome"), new.get("outcome"), tuple(parts))


def group(rows: list[dict]) -> list[dict]:
    """Rows that change in the same way at the same school (same before, after and difference) as one."""
    groups: dict[tuple, dict] = {}
    for row in rows:
        scenario = row["scenario"]
        key = (scenario["tool"], scenario["school"], _change_key(row))
        if key not in groups:
            groups[key] = {**row, "dates": [], "answers": []}
        if scenario["date"] not in groups[key]["dates"]:
            groups[key]["dates"].append(scenario["date"])
        shown = _answers_text(scenario["answers"])
        if shown not in groups[key]["answers"]:
            groups[key]["answers"].append(shown)
    return list(groups.values())


def markdown(rows: list[dict], asked: int, base_label: str, head_label: str, max_rows: int = 0,
             every: bool = False, examples: int = 4) -> str:
    if not rows:
        return f"No decision changes. ({asked} decisions asked of {base_label} and {head_label}.)"
    tools: dict[str, int] = {}
    for row in rows:
        tools[row["scenario"]["tool"]] = tools.get(row["scenario"]["tool"], 0) + 1
    shown = [{**row, "dates": [row["scenario"]["date"]], "answers": [_answers_text(row["scenario"]["answers"])]}
             for row in rows] if every else group(rows)
    lines = [f"**{len(rows)} decision{'s' if len(rows) != 1 else ''} change** between {base_label} and {head_label} "
             f"({asked} decisions asked; " + ", ".join(f"{tool}: {count}" for tool, count in sorted(tools.items()))
             + ")." + ("" if every else f" Decisions that change in the same way at the same school share a row "
                                        f"({len(shown)} rows); `--every` gives one row per decision."),
             "",
             "| tool | school | date | answers | before | after | what changed | clause(s) |",
             "|---|---|---|---|---|---|---|---|"]
    limited = shown if not max_rows else shown[:max_rows]
    for row in limited:
        answers = row["answers"]
        answer_text = "; ".join(answers[:examples])
        if len(answers) > examples:
            answer_text += f"; and {len(answers) - examples} more"
        after_clauses, before_clauses = _clauses(row["after"]), _clauses(row["before"])
        clauses = ", ".join(after_clauses) or "—"
        if before_clauses != after_clauses:
            clauses += f" (before: {', '.join(before_clauses) or '—'})"
        lines.append("| " + " | ".join(_cell(item) for item in (
            row["scenario"]["tool"], row["scenario"]["school"], ", ".join(sorted(row["dates"])), answer_text,
            _shown_outcome(row["before"]), _shown_outcome(row["after"]), _what_changed(row), clauses)) + " |")
    if len(limited) < len(shown):
        lines += ["", f"… and {len(shown) - len(limited)} more rows (run `python -m tools_py.compile diff` for all)."]
    return "\n".join(lines)


def run_diff(repo: Path, base: str | None, head: str | None, today: str | None = None,
             max_rows: int = 0, every: bool = False) -> tuple[str, list[dict]]:
    """The Markdown report and the changed rows, comparing ``base`` with ``head`` (None: the working tree)."""
    today = today or os.environ.get("HANDBOOK_TODAY") or _dt.date.today().isoformat()
    if base is not None and not _decision_inputs_differ(repo, base, head):
        return (f"No decision changes. ({', '.join(p + '/' for p in SIDE_PATHS)} are the same in "
                f"{base} and {head or 'the working tree'}.)", [])
    sides = []
    try:
        sides = [Side(repo, base), Side(repo, head)]
        with ThreadPoolExecutor(max_workers=2) as pool:
            first = list(pool.map(lambda side: side.evaluate(today), sides))
        for side, result in zip(sides, first):
            if not result.get("ok"):
                return (f"The decision diff could not evaluate {side.label}:\n\n```\n{result.get('error')}\n```", [])
        tables = [{key: (scenario, answer) for key, scenario, answer in result["results"]} for result in first]
        # Ask each side the scenarios only the other one enumerated (a new choice, a moved threshold).
        extras = [[tables[1][key][0] for key in tables[1].keys() - tables[0].keys()],
                  [tables[0][key][0] for key in tables[0].keys() - tables[1].keys()]]
        jobs = [(side, extra) for side, extra in zip(sides, extras) if extra]
        with ThreadPoolExecutor(max_workers=2) as pool:
            second = list(pool.map(lambda job: job[0].evaluate(today, job[1], enumerate_all=False), jobs))
        for (side, _), result in zip(jobs, second):
            if not result.get("ok"):
                return (f"The decision diff could not evaluate {side.label}:\n\n```\n{result.get('error')}\n```", [])
            tables[sides.index(side)].update({key: (scenario, answer) for key, scenario, answer in result["results"]})
        rows = compare(tables[0], tables[1])
        report = markdown(rows, len(set(tables[0]) & set(tables[1])), sides[0].label, sides[1].label, max_rows,
                          every)
        thinned = [result.get("thinned") for result in first if result.get("thinned")]
        if thinned:
            report += f"\n\n(Scenarios were sampled to stay under {MAX_ASKS} asks per side.)"
        return report, rows
    finally:
        for side in sides:
            side.close()


def _decision_inputs_differ(repo: Path, base: str, head: str | None) -> bool:
    """Whether anything a decision depends on (data, logic, golden cases) differs; when unsure, True."""
    try:
        if head is None:
            untracked = _git(repo, "ls-files", "--others", "--exclude-standard", "--", *SIDE_PATHS)
            if untracked:
                return True
            revisions = [base]
        else:
            revisions = [base, head]
        result = subprocess.run(["git", "-C", str(repo), "diff", "--quiet", *revisions, "--", *SIDE_PATHS],
                                capture_output=True, timeout=60)
        return result.returncode != 0
    except (DiffError, OSError, subprocess.SubprocessError):
        return True


def ci_revisions(repo: Path) -> str | None:
    """The base for "what does this branch change": its merge-base with main; on main, HEAD~1.

    None (say nothing) outside a git repository or when there is no other revision to compare with.
    """
    try:
        head = _git(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
        branch = _git(repo, "rev-parse", "--abbrev-ref", "HEAD")
    except DiffError:
        return None
    for main in ("main", "origin/main"):
        try:
            main_commit = _git(repo, "rev-parse", "--verify", "--quiet", f"{main}^{{commit}}")
        except DiffError:
            continue
        on_main = branch == "main" or (branch == "HEAD" and main_commit == head)
        if not on_main:
            try:
                return _git(repo, "merge-base", "HEAD", main)
            except DiffError:
                return None
        break
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", "HEAD~1^{commit}")
    except DiffError:
        return None


def main(argv, prog: str = "python -m tools_py.diff") -> int:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="List every decision whose outcome changes between two versions (default: main and the "
                    "working tree). Always exits 0: it informs, it does not gate.")
    parser.add_argument("base", nargs="?", default="main", help="a git revision (default: main)")
    parser.add_argument("head", nargs="?", default=None, help="a git revision (default: the working tree)")
    parser.add_argument("--repo", type=Path, default=REPO, help="the repository (default: this one)")
    parser.add_argument("--max-rows", type=int, default=0, help="show at most this many rows (0: all)")
    parser.add_argument("--every", action="store_true",
                        help="one row per decision (by default, decisions that change alike share a row)")
    parser.add_argument("--today", default=None, help="the date used as 'today' (default: HANDBOOK_TODAY or today)")
    parser.add_argument("--ci", action="store_true",
                        help="compare the merge-base with main (or HEAD~1 on main) with the working tree; "
                             "say nothing when there is no other revision")
    args = parser.parse_args(argv)
    today = args.today or os.environ.get("HANDBOOK_TODAY")
    if today is not None:
        from tools_py.outcome import AnswerError
        from tools_py.questions import parse_date

        try:
            parse_date(today)
        except AnswerError as problem:
            parser.error(f"--today (or HANDBOOK_TODAY): {problem.message}")
    base = args.base
    if args.ci:
        base = ci_revisions(args.repo)
        if base is None:
            return 0
        print(f"Decision diff: {base[:10]} → working tree")
    try:
        report, _ = run_diff(args.repo, base, args.head, args.today, args.max_rows, args.every)
    except DiffError as problem:
        print(f"The decision diff could not run: {problem}")
        return 0
    print(report)
    return 0
