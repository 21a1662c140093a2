"""mkdocs-macros entry point: the functions pages call to show policy data.

A page never states a policy fact itself; it calls one of these, which read the compiled data.
"""

from __future__ import annotations

import re

from tools_py.rules import OutOfScope

from . import pages
from .state import policy, today

# A line break after each block-level closing tag: the search index reads text between tags, and
# without it the cells of a table would run together ("Chesil Localitychesillocality@…").
_BLOCK_END = re.compile(r"(</(?:td|th|tr|li|p|div|dt|dd|ul|ol|table|thead|tbody|caption|h[1-6]|details|summary|fieldset|label|legend)>)(?=<)")


def spaced(html) -> str:
    return _BLOCK_END.sub("\\1\n", html) if isinstance(html, str) else html


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
            try:
                return spaced(_function(context(), *args, **kwargs))
            except OutOfScope as problem:  # say which page states the rule, and where the rule is
                page = f"docs/{env.page.file.src_uri}" if env.page else "a page"
                raise OutOfScope(problem.rule_id, problem.source,
                                 f"{page} states it for a school, date or audience it does not cover: {problem.why}") from None

        macro.__name__ = name
        macro.__doc__ = function.__doc__
        env.macro(macro, name)
