"""``python -m tools_py.compile check`` prints every data error; ``json FILE`` writes the compiled data;
``diff [BASE] [HEAD]`` is kept as another name for ``python -m tools_py.diff`` (tools_py/diff/decision_diff.py),
the editors' tool that lists every decision whose outcome changes between two versions."""

from __future__ import annotations

import json
import sys

from . import PolicyDataInvalid, compile_policy
from .dependencies import BadBuildDate


def _main(argv) -> int:
    command = argv[0] if argv else "check"
    if command == "diff":  # kept for old scripts and habits: the diff is python -m tools_py.diff
        from tools_py.diff.decision_diff import main as diff_main

        return diff_main(argv[1:], prog="python -m tools_py.compile diff")
    if command not in ("check", "json") or (command == "json" and len(argv) != 2) or (command == "check" and argv[1:]):
        print("usage: python -m tools_py.compile [check | json FILE | diff [BASE] [HEAD]]", file=sys.stderr)
        return 2
    notes: list[str] = []
    try:
        data = compile_policy(notes=notes)
    except PolicyDataInvalid as invalid:
        print("\n".join(notes + [invalid.report()]), file=sys.stderr)
        return 1
    except BadBuildDate as bad:
        print(f"error: {bad}", file=sys.stderr)
        return 2
    if notes:
        print("\n".join(notes), file=sys.stderr)
    if command == "check":
        print(f"policy_data is valid: {len(data['documents'])} documents, {len(data['clauses'])} clauses, "
              f"{len(data['codes'])} codes, {len(data['flows'])} flows, {len(data['tools'])} tools.")
        return 0
    try:
        with open(argv[1], "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1)
    except OSError as error:
        print(f"{argv[1]}: cannot write the compiled data: {error.strerror}", file=sys.stderr)
        return 1
    return 0


def main(argv=None) -> int:
    from tools_py.__main__ import guarded

    return guarded(_main, list(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())
