"""Put a finished build in site/'s place so that, at every instant, site/ is the whole old site or the
whole new one, whatever stops the build and when.

On Linux the two folders' names are exchanged by one system call, ``renameat2`` with
``RENAME_EXCHANGE`` (glibc 2.28 or later, through ctypes); on macOS by ``renamex_np`` with
``RENAME_SWAP``. The kernel does it in one step: there is no moment without a site/, and a signal,
even SIGKILL, finds either the old site or the new one. The old site is then in the staging folder,
which is removed (a build killed while removing it leaves a ``.site-build-<pid>-…`` folder that the
next build removes).

Where neither call exists, or the filesystem refuses it, two renames are used instead: site/ to a side
folder, the new build to site/. SIGINT and SIGTERM are held back while both run, so Ctrl-C or a stop
waits until the new site is in place; only a SIGKILL (or a power cut) between the two renames, a few
microseconds, leaves no site/, and then the next build, or ``restore_interrupted``, puts the previous
site back from the side folder before anything else.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h
_RENAME_SWAP = 2      # macOS sys/stdio.h

# Filesystems or kernels without an atomic exchange answer with one of these: use the two renames.
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, getattr(errno, "ENOTSUP", errno.EOPNOTSUPP)}


def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    except OSError:
        return None


_LIBC = _libc()


def _exchange_call():
    """The atomic exchange of this system, as f(old, new) -> None raising OSError; or None if there is none."""
    if _LIBC is None:
        return None
    if sys.platform.startswith("linux") and hasattr(_LIBC, "renameat2"):
        call = _LIBC.renameat2
        call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]

        def exchange(a: Path, b: Path):
            if call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
                number = ctypes.get_errno()
                raise OSError(number, os.strerror(number), str(a), None, str(b))

        return exchange
    if sys.platform == "darwin" and hasattr(_LIBC, "renamex_np"):
        call = _LIBC.renamex_np
        call.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]

        def exchange(a: Path, b: Path):
            if call(os.fsencode(a), os.fsencode(b), _RENAME_SWAP) != 0:
                number = ctypes.get_errno()
                raise OSError(number, os.strerror(number), str(a), None, str(b))

        return exchange
    return None


_EXCHANGE = _exchange_call()


def method() -> str:
    """How this system swaps (for the README and the tests)."""
    return "renameat2(RENAME_EXCHANGE)" if _EXCHANGE and sys.platform.startswith("linux") else (
        "renamex_np(RENAME_SWAP)" if _EXCHANGE else "two renames")


@contextmanager
def signals_held():
    """SIGINT and SIGTERM wait until the block ends (then arrive as usual); SIGKILL cannot be held."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, OSError, ValueError):  # no signal masks here: nothing to hold
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _side_folder(site_dir: Path) -> Path:
    return site_dir.parent / f".{site_dir.name}-previous-{os.getpid()}"


def put_in_place(staging: Path, site_dir: Path) -> Path | None:
    """Make ``staging`` the new ``site_dir``. Returns the folder now holding the previous site (to remove),
    or None when there was none. Call with signals held (``signals_held``)."""
    if not site_dir.exists() and not site_dir.is_symlink():
        os.rename(staging, site_dir)  # atomic: there was no site to lose
        return None
    if _EXCHANGE is not None:
        try:
            _EXCHANGE(staging, site_dir)
            return staging
        except OSError as error:
            if error.errno not in _UNSUPPORTED:
                raise
    side = _side_folder(site_dir)
    os.rename(site_dir, side)
    try:
        os.rename(staging, site_dir)
    except OSError:
        os.rename(side, site_dir)  # the previous site back where it was
        raise
    return side


def restore_interrupted(site_dir: Path) -> str | None:
    """If a build was killed between the two renames (no site/, a side folder of a process that no longer
    runs), put the previous site back. Returns what was done, in words, or None."""
    if site_dir.exists() or site_dir.is_symlink():
        return None
    sides = sorted(site_dir.parent.glob(f".{site_dir.name}-previous-*"), key=lambda p: p.stat().st_mtime)
    for side in reversed(sides):
        pid = side.name.rsplit("-", 1)[1]
        if pid.isdigit() and int(pid) != os.getpid() and not running(int(pid)) and side.is_dir():
            os.rename(side, site_dir)
            return f"A build was stopped while replacing {site_dir.name}/; the previous {site_dir.name}/ was put back."
    return None


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
