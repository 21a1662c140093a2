"""Values worked out from the compiled data once per build, not once per page or per paragraph.

A page macro receives the whole compiled data; a value derived from all of it (a fingerprint of
the data, every abbreviation the documents' owners give) is the same on every page of one build.
Worked out per page, its cost grows with the number of schools times the number of pages, and a
council's 150 schools made it a large part of the build.
"""

from __future__ import annotations

import functools


def once_per_data(function):
    """``function(data, *args)``, kept for the data object it was last given.

    A build compiles the data once; ``mkdocs serve`` compiles a new object after each change, which
    empties the memory. Arguments after ``data`` must be hashable; the result is shared, so callers
    must not change it.
    """
    memory: dict = {"data": None, "results": {}}

    @functools.wraps(function)
    def remembered(data, *args):
        if memory["data"] is not data:
            memory["data"], memory["results"] = data, {}
        if args not in memory["results"]:
            memory["results"][args] = function(data, *args)
        return memory["results"][args]

    return remembered
