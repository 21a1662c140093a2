"""Command line: ``python -m tools_py list | questions TOOL | ask TOOL --school ID --date YYYY-MM-DD name=value …``.

Outcomes are printed as JSON (``--text`` for a readable form). Errors go to stderr with a non-zero
exit code: 2 for a wrong command, 1 for an answer that cannot be right.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sys

from . import api
from .outcome import AnswerError

USAGE = ("usage: python -m tools_py list\n"
         "       python -m tools_py questions TOOL\n"
         "       python -m tools_py ask TOOL --school ID [--date YYYY-MM-DD] [--text] name=value ...")


def _readable(outcome: dict) -> str:
    lines = [outcome["title"], "", outcome["verdict"], ""]
    lines += [f"{line['label']}: {line['text']}" for line in outcome.get("lines") or []]
    if outcome.get("lines"):
        lines.append("")
    for note in outcome["notes"]:
        lines.append(f"Note: {note}")
    lines.append("Sources: " + "; ".join(f"{c['label']} [{c['clause']}]" for c in outcome["citations"]))
    return "\n".join(lines)


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
    try:
        if argv[:1] == ["list"]:
            data = api.load_data()
            for tool_id in api.tool_ids(data):
                print(f"{tool_id}\t{data['tools'][tool_id]['question']}")
            return 0
        if argv[:1] == ["questions"] and len(argv) == 2:
            print(json.dumps(api.questions(argv[1]), ensure_ascii=False, indent=2))
            return 0
        if argv[:1] == ["ask"] and len(argv) >= 2:
            tool_id, rest = argv[1], argv[2:]
            school, on, text, answers = None, _dt.date.today().isoformat(), False, {}
            index = 0
            while index < len(rest):
                item = rest[index]
                if item in ("--school", "--date"):
                    if index + 1 >= len(rest):
                        raise SystemExit(f"{item} needs a value\n{USAGE}")
                    if item == "--school":
                        school = rest[index + 1]
                    else:
                        on = rest[index + 1]
                    index += 2
                    continue
                if item == "--text":
                    text = True
                elif "=" in item:
                    name, _, value = item.partition("=")
                    answers[name] = value
                else:
                    raise SystemExit(f"'{item}' is not name=value\n{USAGE}")
                index += 1
            if school is None:
                raise SystemExit(f"--school is required\n{USAGE}")
            outcome = api.ask(tool_id, school, on, answers)
            print(_readable(outcome) if text else json.dumps(outcome, ensure_ascii=False, indent=2))
            return 0
        print(USAGE, file=sys.stderr)
        return 2
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
