"""Command line: ``python -m tools_py list | questions TOOL [--school ID] | ask TOOL --school ID … name=value …``.

``questions`` says in words what a tool asks (for one school with ``--school``: only what that
school asks); ``--json`` gives the question spec as data. Outcomes are printed as JSON (``--text`` for
a readable form). Errors go to stderr with a non-zero exit code: 2 for a wrong command, 1 for an
answer that cannot be right; every missing answer is named at once.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sys
from pathlib import Path

from . import api
from .describe import questions_in_words
from .outcome import AnswerError
from .questions import form, parse_date, reject_unknown, school_ids

USAGE = ("usage: python -m tools_py list\n"
         "       python -m tools_py questions TOOL [--school ID] [--date YYYY-MM-DD] [--json]\n"
         "       python -m tools_py ask TOOL --school ID [--date YYYY-MM-DD] [--text] name=value ...\n"
         "Quote an answer holding a \\ (the code for a late arrival before the register closed):\n"
         "       python -m tools_py ask attendance --school dms 'sessions=/:120,\\:118,I:6' ...")


class MissingAnswers(AnswerError):
    """Every question that applies and has no answer yet, named at once."""

    def __init__(self, questions: list[dict]):
        super().__init__(questions[0]["id"], "needs an answer")
        self.questions = questions

    def lines(self) -> list[str]:
        count = len(self.questions)
        head = f"error: {count} answer{'s' if count != 1 else ''} missing (answers to these may bring more questions):"
        said = [head]
        for question in self.questions:
            choices = ""
            if question["type"] == "choice":
                choices = f" ({', '.join(c['value'] for c in question['choices'])})"
            elif question["type"] == "yesno":
                choices = " (yes, no)"
            said.append(f"  {question['id']}: {question['text']}{choices}")
        return said


def _options(rest: list[str], names: tuple[str, ...], flags: tuple[str, ...]) -> tuple[dict, list[str]]:
    """``--name value`` options and ``--flag`` switches, and what is left (in order)."""
    found, left, index = {}, [], 0
    while index < len(rest):
        item = rest[index]
        if item in names:
            if index + 1 >= len(rest):
                raise SystemExit(f"{item} needs a value\n{USAGE}")
            found[item[2:]] = rest[index + 1]
            index += 2
            continue
        if item in flags:
            found[item[2:]] = True
        else:
            left.append(item)
        index += 1
    return found, left


def _check_complete(tool_id: str, school: str, on: str, answers: dict) -> None:
    """Name every missing answer at once (``ask`` would stop at the first)."""
    data = api.load_data()
    tool = data["tools"].get(tool_id)
    if tool is None or school not in data["documents"]:
        return  # api.ask names the wrong tool or school
    day = parse_date(on).isoformat()
    reject_unknown(tool, answers)
    shown = form(tool, answers, data, school, day)
    if shown["error"]:
        return  # api.ask reports the answer that cannot be right
    missing = [q for q in shown["questions"] if "value" not in q and not q.get("optional")]
    if missing:
        raise MissingAnswers(missing)


def _readable(outcome: dict) -> str:
    lines = [outcome["title"], "", outcome["verdict"], ""]
    lines += [f"{line['label']}: {line['text']}" for line in outcome.get("lines") or []]
    if outcome.get("lines"):
        lines.append("")
    for note in outcome["notes"]:
        lines.append(f"Note: {note}")
    lines.append("Sources: " + "; ".join(f"{c['label']} [{c['clause']}]" for c in outcome["citations"]))
    return "\n".join(lines)


def _use_the_yaml_in_a_checkout() -> None:
    """Without a packaged policy.json (a source checkout), the build-time half compiles policy_data/."""
    if not (Path(api.__file__).with_name("policy.json")).is_file():
        import tools_py.compile  # noqa: F401 - makes the YAML api's data source


def guarded(command, argv) -> int:
    """Run one command line's ``command(argv)``, answering what goes wrong outside its own logic in words.

    ``… | head`` closes the pipe after ten lines: the rest is not wanted, so the command stops quietly
    (the traceback of a BrokenPipeError said nothing useful). Ctrl-C stops it with one line. Anything
    else is a fault in the handbook's own code: one line naming it, and the traceback only with
    HANDBOOK_DEBUG=1, for the person who will fix it."""
    try:
        code = command(argv)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except KeyboardInterrupt:
        print("Stopped (Ctrl-C).", file=sys.stderr)
        return 130
    except Exception as fault:  # noqa: BLE001 - the last line of defence: a sentence, not a traceback
        if os.environ.get("HANDBOOK_DEBUG"):
            raise
        print(f"internal error: {type(fault).__name__}: {fault}\n(this is a fault in the handbook's code, not in "
              "what you typed; run again with HANDBOOK_DEBUG=1 to see where, and report it)", file=sys.stderr)
        return 70


def _quiet_stdout():
    """After a closed pipe, Python's own flush at exit would fail again; point stdout at nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv=None) -> int:
    return guarded(_main, list(sys.argv[1:] if argv is None else argv))


def _main(argv) -> int:
    _use_the_yaml_in_a_checkout()
    try:
        if argv[:1] == ["list"]:
            data = api.load_data()
            for tool_id in api.tool_ids(data):
                print(f"{tool_id}\t{data['tools'][tool_id]['question']}")
            return 0
        if argv[:1] == ["questions"] and len(argv) >= 2:
            options, left = _options(argv[2:], ("--school", "--date"), ("--json",))
            if left:
                raise SystemExit(f"'{left[0]}' is not an option of questions\n{USAGE}")
            spec = api.questions(argv[1])
            if options.get("json"):
                print(json.dumps(spec, ensure_ascii=False, indent=2))
                return 0
            data = api.load_data()
            school = options.get("school")
            if school is not None and school not in school_ids(data):
                raise AnswerError("school", f"'{school}' is not a school in the handbook (schools: {', '.join(school_ids(data))})")
            on = parse_date(options.get("date", _dt.date.today().isoformat())).isoformat()
            print(questions_in_words(data["tools"][argv[1]], data, school, on), end="")
            return 0
        if argv[:1] == ["ask"] and len(argv) >= 2:
            tool_id = argv[1]
            options, left = _options(argv[2:], ("--school", "--date"), ("--text",))
            answers = {}
            for item in left:
                if "=" not in item:
                    raise SystemExit(f"'{item}' is not name=value\n{USAGE}")
                name, _, value = item.partition("=")
                answers[name] = value
            school, on, text = options.get("school"), options.get("date", _dt.date.today().isoformat()), options.get("text")
            if school is None:
                raise SystemExit(f"--school is required\n{USAGE}")
            _check_complete(tool_id, school, on, answers)
            outcome = api.ask(tool_id, school, on, answers)
            print(_readable(outcome) if text else json.dumps(outcome, ensure_ascii=False, indent=2))
            return 0
        print(USAGE, file=sys.stderr)
        return 2
    except MissingAnswers as problem:
        print("\n".join(problem.lines()), file=sys.stderr)
        return 1
    except AnswerError as problem:
        print(f"error: {problem.question}: {problem.message}", file=sys.stderr)
        return 1
    except Exception as problem:  # the data itself is wrong (a source checkout compiles it first)
        from tools_py.compile import PolicyDataInvalid
        from tools_py.compile.dependencies import BadBuildDate

        if isinstance(problem, BadBuildDate):
            print(f"error: {problem}", file=sys.stderr)
            return 2
        if not isinstance(problem, PolicyDataInvalid):
            raise
        print(problem.report(), file=sys.stderr)
        return 1
    except SystemExit as stop:
        if isinstance(stop.code, str):
            print(f"error: {stop.code}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
