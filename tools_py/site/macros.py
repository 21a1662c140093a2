"""mkdocs-macros entry point: the functions pages call to show policy data.

A page never states a policy fact itself; it calls one of these, which read the compiled data.
"""

from __future__ import annotations

from . import pages
from .state import policy, today


def define_env(env):
    data = policy()

    def base() -> str:
        url = env.page.url if env.page else ""
        depth = url.strip("/").count("/") + 1 if url.strip("/") else 0
        return "../" * depth

    def context():
        return pages.Context(data=data, base=base(), today=today())

    for name in pages.MACROS:
        function = getattr(pages, name)

        def macro(*args, _function=function, **kwargs):
            return _function(context(), *args, **kwargs)

        macro.__name__ = name
        macro.__doc__ = function.__doc__
        env.macro(macro, name)
