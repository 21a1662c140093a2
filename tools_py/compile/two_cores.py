"""Half of a long check worked out in a second process, on the build machine's second core.

Asking every tool every choice at every school (dependencies.tool_run_errors) is the longest part of
checking the data: about 6 s of a 150-school build, all on one core of a two-core machine while the
other waits. ``mapped`` gives the same list as ``[work(item) for item in items]``, in the same order;
a forked copy of this process works out every second item meanwhile.

It forks only where that is safe: on a system that can, and in a process with no other thread (a
thread holding a lock at the fork would leave the copy stuck on it; ``mkdocs serve`` runs threads, so
it checks on one core). If the copy fails in any way (an item raises, it is killed, its answer cannot
be read), this process works out the copy's items itself, so an error is raised here as it would be
without the copy. Ctrl-C is this process's to handle: the copy ignores it and is stopped with it.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading

# Fewer items than this are quicker worked out here than a process is started for them.
LEAST = 8


def can_fork() -> bool:
    return (hasattr(os, "fork") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def mapped(work, items, least: int = LEAST) -> list:
    """``[work(item) for item in items]``; every second item worked out in a forked copy where safe.

    ``work``'s results go back through a pipe, so they must pickle (plain data: str, dict, tuple)."""
    items = list(items)
    if len(items) < least or not can_fork():
        return [work(item) for item in items]
    theirs = items[1::2]
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def copy():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            results = [work(item) for item in theirs]
        except BaseException:  # noqa: BLE001 - the parent works these items out again and raises it there
            results = None
        send.send(results)

    process = context.Process(target=copy, daemon=True)
    process.start()
    send.close()
    try:
        mine = [work(item) for item in items[0::2]]
        try:
            got = receive.recv()
        except (EOFError, OSError):  # the copy ended without answering
            got = None
        if got is None or len(got) != len(theirs):
            got = [work(item) for item in theirs]
    finally:
        receive.close()
        if process.is_alive():
            process.terminate()
        process.join()
    merged = [None] * len(items)
    merged[0::2], merged[1::2] = mine, got
    return merged
