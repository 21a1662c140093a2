"""Command line: ``python -m tools_py list | questions TOOL | ask TOOL --school ID --date YYYY-MM-DD name=value …``.

Outcomes are printed as JSON (``--text`` for a readable form). Errors go to stderr with a non-zero
exit code: 2 for a wrong command, 1 for an answer that cannot be right.
"""

from __future__ import annotations

import datetime as _dt
import json
import sys
from pathlib import Path

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


def _use_the_yaml_in_a_checkout() -> None:
    """Without a packaged policy.json (a source checkout), the build-time half compiles policy_data/."""
    if not (Path(api.__file__).with_name("policy.json")).is_file():
        import tools_py.compile  # noqa: F401 - makes the YAML api's data source


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _use_the_yaml_in_a_checkout()
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
