"""The build's second core: half of the tools' check worked out in a forked copy gives the same answer.

Each check runs in a fresh Python process: a pytest-xdist worker runs threads, where two_cores.mapped
rightly works on one core only, so the fork would not be tested there."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from .conftest import REPO


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=REPO, capture_output=True, text=True,
                          timeout=120)


def test_the_results_come_back_in_order_from_two_processes():
    result = run("""
        import os
        from tools_py.compile.two_cores import can_fork, mapped
        assert can_fork()
        got = mapped(lambda n: (n * n, os.getpid()), range(40))
        assert [square for square, _ in got] == [n * n for n in range(40)], got
        assert len({pid for _, pid in got}) == 2, "one process did all the work"
        assert {pid for _, pid in got[0::2]} == {os.getpid()}
        print("ok")
    """)
    assert result.returncode == 0 and result.stdout == "ok\n", result.stderr


def test_an_item_that_fails_in_the_copy_fails_here_as_it_would_on_one_core():
    result = run("""
        from tools_py.compile.two_cores import mapped
        def work(n):
            if n == 7:  # an odd item: the copy's
                raise ValueError(f"no value for item {n}")
            return n
        try:
            mapped(work, range(20))
        except ValueError as error:
            print(error)
    """)
    assert result.returncode == 0 and result.stdout == "no value for item 7\n", (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr


def test_what_was_printed_before_is_written_once():
    """multiprocessing writes out this process's buffers before it forks; a bare os.fork would not."""
    result = run("""
        from tools_py.compile.two_cores import mapped
        print("checking", end=" ")  # still in the buffer of a piped stdout when the copy is made
        mapped(str, range(20))
        print("done")
    """)
    assert result.returncode == 0 and result.stdout == "checking done\n", (result.stdout, result.stderr)


def test_a_process_with_threads_works_on_one_core():
    result = run("""
        import os, threading
        from tools_py.compile.two_cores import mapped
        stop = threading.Event()
        threading.Thread(target=stop.wait).start()
        got = mapped(lambda n: os.getpid(), range(20))
        stop.set()
        assert set(got) == {os.getpid()}, got
        print("ok")
    """)
    assert result.returncode == 0 and result.stdout == "ok\n", result.stderr
