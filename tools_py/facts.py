"""Looking up a policy value for a school, on a date, with the clause it comes from.

A school's own document is asked first. Where it is silent, the national rules are asked, and the
answer says so (``national=True``), so a tool can tell the reader "the school's policy is silent;
the national rule applies". A dated value asked for before its first date is an error, not a guess.
"""

from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass


class FactMissing(LookupError):
    """Neither the school nor the national rules give this value (on this date)."""


@dataclass(frozen=True)
class Fact:
    key: str
    value: object
    clause: str
    document: str
    national: bool
    note: str | None = None  # where no clause states the value: who recorded it and why


def to_date(text) -> _dt.date:
    """``2026``, ``2026-10`` or ``2026-10-05`` -> a date (the first day it names)."""
    if isinstance(text, _dt.date):
        return text
    return _parsed(str(text))


@functools.lru_cache(maxsize=4096)
def _parsed(text: str) -> _dt.date:
    """A written date, read once: the tools compare the same few dates millions of times in a build."""
    parts = [int(part) for part in text.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return _dt.date(*parts)


_BY_KIND: dict = {}


def _of_kind(data, kind: str) -> list[str]:
    """The ids of the documents of one kind, in their order, sorted out once per set of documents.

    Every value a tool looks up falls back on the national documents, so listing them by walking
    every document on each lookup made a handbook of many schools slow to build with their square.
    The list is kept for the same ``documents`` mapping (and its size); documents are not edited in place."""
    documents = data["documents"]
    held = _BY_KIND.get(id(documents))
    if held is None or held[0] is not documents or held[1] != len(documents):
        if len(_BY_KIND) > 8:
            _BY_KIND.clear()
        by_kind: dict[str, list[str]] = {}
        for doc_id, doc in documents.items():
            by_kind.setdefault(doc.get("kind"), []).append(doc_id)
        held = _BY_KIND[id(documents)] = (documents, len(documents), by_kind)
    return list(held[2].get(kind, ()))


def national_documents(data) -> list[str]:
    return _of_kind(data, "national")


def local_authority_documents(data, school: str | None) -> list[str]:
    """The local authority's own guidance for the school's area, if the handbook holds it."""
    if not school or school not in data["documents"]:
        return []
    area = data["documents"][school].get("local_authority")
    return [doc_id for doc_id in _of_kind(data, "local_authority")
            if area and data["documents"][doc_id].get("organisation") == area]


def _pick(entry, on: _dt.date | None):
    """The value of one fact entry in force on ``on`` (None if it had not started)."""
    if isinstance(entry, dict):
        return entry
    in_force = None
    for dated in entry:
        if on is None or to_date(dated["from"]) <= on:
            in_force = dated
    return in_force


def lookup(data, school: str | None, key: str, on=None) -> Fact:
    """The value of ``key`` for ``school`` on date ``on`` (a date or ISO text)."""
    on_date = to_date(on) if on is not None else None
    order = ([school] if school else []) + local_authority_documents(data, school) + national_documents(data)
    earliest = None
    for doc_id in order:
        facts = data["documents"].get(doc_id, {}).get("facts") or {}
        if key not in facts:
            continue
        chosen = _pick(facts[key], on_date)
        if chosen is None:
            earliest = facts[key][0]["from"]
            continue
        return Fact(key, chosen["value"], chosen.get("clause"), doc_id, doc_id != school, _unstated(chosen))
    if earliest is not None:
        raise FactMissing(f"no value for {key} before {earliest}")
    raise FactMissing(f"no document gives {key}")


def own(data, school: str, key: str, on=None) -> Fact | None:
    """The school's own value, or None where its document is silent (no national fallback)."""
    facts = data["documents"].get(school, {}).get("facts") or {}
    if key not in facts:
        return None
    chosen = _pick(facts[key], to_date(on) if on is not None else None)
    if chosen is None:
        return None
    return Fact(key, chosen["value"], chosen.get("clause"), school, False, _unstated(chosen))


def _unstated(entry) -> str | None:
    """The note of a value no clause states (``recorded_by:``): an answer that uses it must say so."""
    return entry.get("note") if not entry.get("clause") else None
