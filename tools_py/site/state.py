"""The compiled policy data for one build, checked once and shared by macros and hooks.

Invalid data stops MkDocs with every error listed, before the old site/ is touched: MkDocs cleans
site/ only after ``on_config`` and ``on_pre_build``, where this is first called.
"""

from __future__ import annotations

import datetime as _dt

from mkdocs.exceptions import Abort

from tools_py.compile import POLICY_DATA, PolicyDataInvalid, compile_policy
from tools_py.compile.dependencies import BadBuildDate, build_date

_cache: dict = {}


def _fingerprint():
    stamps = []
    for path in sorted(POLICY_DATA.rglob("*")):
        if path.is_dir():
            continue
        try:
            stat = path.stat()
        except OSError:  # a link to nowhere (an editor's lock file), or a file deleted while listed
            stamps.append((str(path), None, None))
            continue
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
        except BadBuildDate as bad:
            _cache.clear()
            raise Abort(str(bad)) from None
        _cache["key"] = key
    return _cache["data"]


def today() -> _dt.date:
    """The build date; HANDBOOK_TODAY=YYYY-MM-DD fixes it (for tests and reproducible builds)."""
    try:
        return build_date()
    except BadBuildDate as bad:
        raise Abort(str(bad)) from None
