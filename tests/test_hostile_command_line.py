"""The command lines answer anything typed, or anything in their surroundings, with a sentence: a closed
pipe (``… | head``), a port out of range, a bad ``HANDBOOK_TODAY``, a ``--site`` that is not a site,
bytes that are not UTF-8. Never a traceback, and nothing lost.

The probe's "hostile command line" category; ``test_bad_input.py`` has the first cases of each command.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import REPO


def run(*args, env=None, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def said(result) -> str:
    return (result.stderr + result.stdout).strip()


@pytest.mark.parametrize("args", [
    ["tools_py", "questions", "leave_request"],
    ["tools_py", "ask", "which_code", "--school", "dms", "--date", "2026-11-23", "situation=on_time", "session=am"],
    ["tools_py", "list"],
    ["tools_py.compile", "check"],
], ids=["questions", "ask", "list", "check"])
def test_a_closed_pipe_stops_the_command_quietly(args):
    """``python -m tools_py questions leave_request | head`` used to end in a BrokenPipeError traceback."""
    process = subprocess.Popen([sys.executable, "-m", *args], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "HANDBOOK_TODAY": "2026-11-23"})
    process.stdout.close()  # the reader is gone before the command writes a byte
    error = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, error
    assert error == "", error


@pytest.mark.parametrize("port", ["99999", "0", "-1", "80x"])
def test_a_port_out_of_range(port):
    """``serve --port 99999`` went on to a socket error traceback."""
    result = run("tools_py.site", "serve", "--port", port)
    assert result.returncode == 2 and "Traceback" not in said(result)
    assert said(result).splitlines()[0] == f"--port: '{port}' is not a port number (1 to 65535)"


@pytest.mark.parametrize("command", [["tools_py.compile", "check"], ["tools_py.site", "build", "--site", "SITE"],
                                     ["tools_py", "list"]], ids=["check", "build", "list"])
@pytest.mark.parametrize("today, message", [
    ("2026-13-45", "HANDBOOK_TODAY: '2026-13-45' is not a real date"),
    ("tomorrow", "HANDBOOK_TODAY: 'tomorrow' is not a date written YYYY-MM-DD (e.g. 2026-11-23)"),
    ("20261123", "HANDBOOK_TODAY: '20261123' is not a date written YYYY-MM-DD (e.g. 2026-11-23)"),
])
def test_a_bad_handbook_today(tmp_path, command, today, message):
    """A mistyped HANDBOOK_TODAY was a ValueError traceback from deep in the induction check."""
    command = [str(tmp_path / "site") if part == "SITE" else part for part in command]
    result = run(*command, env={"HANDBOOK_TODAY": today})
    assert "Traceback" not in said(result), said(result)
    assert result.returncode == 2 and said(result) == f"error: {message}", said(result)
    assert not (tmp_path / "site").exists()


def test_site_that_is_not_a_built_site_is_never_replaced(tmp_path):
    """``build --site ~`` would have swapped a home folder away; a folder of other files is refused untouched."""
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "minutes.txt").write_text("keep me")
    result = run("tools_py.site", "build", "--site", str(folder), env={"HANDBOOK_TODAY": "2026-11-23"})
    assert result.returncode == 2 and "Traceback" not in said(result)
    assert said(result) == (f"--site: {folder} holds files but no built site (no index.html); a build would replace "
                            "them all, so it stops. Give an empty or new folder, or a previous build's.")
    assert [p.name for p in folder.iterdir()] == ["minutes.txt"] and (folder / "minutes.txt").read_text() == "keep me"


@pytest.mark.parametrize("where, message", [
    ("/", "--site: / is not a folder a build may replace; give the folder the site goes in"),
    ("REPO", "--site: REPO is not a folder a build may replace; give the folder the site goes in"),
    ("FILE", "--site: FILE is a file, not a folder; a build replaces a folder"),
    ("MISSING/site", "--site: MISSING does not exist"),
])
def test_site_that_can_never_be_a_site(tmp_path, where, message):
    names = {"REPO": str(REPO), "FILE": str(tmp_path / "notes.txt"), "MISSING": str(tmp_path / "missing")}
    (tmp_path / "notes.txt").write_text("keep me")
    for name, value in names.items():
        where, message = where.replace(name, value), message.replace(name, value)
    result = run("tools_py.site", "build", "--site", where, env={"HANDBOOK_TODAY": "2026-11-23"})
    assert result.returncode == 2 and said(result) == message, said(result)
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_bytes_that_are_not_utf8_in_an_answer():
    """An answer typed in another encoding is named back, not a UnicodeEncodeError."""
    result = subprocess.run([sys.executable.encode(), b"-m", b"tools_py", b"ask", b"which_code", b"--school", b"dms",
                             b"--date", b"2026-11-23", b"situation=on_t\xefme", b"session=am"], cwd=REPO,
                            capture_output=True, timeout=120)
    error = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1 and "Traceback" not in error
    assert error.startswith("error: situation: 'on_t") and "is not one of the choices" in error


@pytest.mark.parametrize("args, code, message", [
    (["tools_py", "questions", "which_kode"], 1, "error: tool: no tool 'which_kode' (tools: which_code, notify_la, "
     "leave_request, attendance, penalty_notice, removal_from_roll, evidence_lateness)"),
    (["tools_py", "ask", "which_code", "situation=on_time"], 2, "error: --school is required"),
    (["tools_py", "ask", "which_code", "--school"], 2, "error: --school needs a value"),
    (["tools_py.compile", "check", "everything"], 2, "usage: python -m tools_py.compile [check | json FILE | diff "
     "[BASE] [HEAD]]"),
    (["tools_py.compile", "json", "/dev/full"], 1, "/dev/full: cannot write the compiled data: No space left on device"),
])
def test_other_command_line_slips(args, code, message):
    result = run(*args, env={"HANDBOOK_TODAY": "2026-11-23"})
    assert result.returncode == code and "Traceback" not in said(result), said(result)
    assert said(result).splitlines()[0] == message


def test_no_policy_data_folder():
    result = run("tools_py.compile", "check", env={"HANDBOOK_POLICY_DATA": "/no/such/folder"})
    assert result.returncode == 1 and "Traceback" not in said(result)
    assert said(result).splitlines()[0] == "/no/such/folder:1: there is no policy data folder here"


def test_a_fault_in_the_code_is_one_sentence_not_a_traceback():
    """The last line of defence: a fault in the handbook's own code is named in one line, with how to see more."""
    from tools_py.__main__ import guarded

    def broken(argv):
        raise KeyError("situations")

    import io
    from contextlib import redirect_stderr

    captured = io.StringIO()
    with redirect_stderr(captured):
        assert guarded(broken, []) == 70
    assert captured.getvalue() == ("internal error: KeyError: 'situations'\n(this is a fault in the handbook's code, "
                                   "not in what you typed; run again with HANDBOOK_DEBUG=1 to see where, and report it)\n")
