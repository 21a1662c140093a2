"""The compiled policy data for one build, checked once and shared by macros and hooks.

Invalid data stops MkDocs with every error listed, before the old site/ is touched: MkDocs cleans
site/ only after ``on_config`` and ``on_pre_build``, where this is first called.
"""

from __future__ import annotations

import datetime as _dt
import os

from mkdocs.exceptions import Abort

from tools_py.compile import POLICY_DATA, PolicyDataInvalid, compile_policy

_cache: dict = {}


def _fingerprint():
    stamps = []
    for path in sorted(POLICY_DATA.rglob("*")):
        if path.is_file():
            stat = path.stat()
            stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


def policy() -> dict:
    """Compiled data, recompiled when any file in policy_data/ changed (for ``mkdocs serve``)."""
    key = _fingerprint()
    if _cache.get("key") != key:
        try:
            _cache["data"] = compile_policy(POLICY_DATA)
        except PolicyDataInvalid as invalid:
            _cache.clear()
            raise Abort("\n" + invalid.report()) from None
        _cache["key"] = key
    return _cache["data"]


def today() -> _dt.date:
    """The build date; HANDBOOK_TODAY=YYYY-MM-DD fixes it (for tests and reproducible builds)."""
    fixed = os.environ.get("HANDBOOK_TODAY")
    return _dt.date.fromisoformat(fixed) if fixed else _dt.date.today()
