"""MkDocs hooks: check the data first, then add the self-hosted assets and the tools wheel.

Everything the site loads is served from the site itself: Pyodide comes from the npm package
pinned in package-lock.json, copied in at build time. Nothing is fetched elsewhere. Diagrams are
drawn at build time (tools_py/site/diagrams.py), so the reader's browser loads no diagram code.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

from tools_py.questions import school_ids
from tools_py.site import (bundle, diagrams, early_start, escape, not_found, school_pages, scroll_regions,
                           search_rank, state)
from tools_py.site.search_index import SearchIndexError, index_site
from tools_py.site.compress import precompress
from tools_py.site.vendor import LOCK, NODE_MODULES, lock_without_packages, pyodide_dir, vendor_files
from tools_py.site.wheel import WHEEL_NAME, wheel_bytes

_site: dict = {}  # this build's data, its files (for the 404 page) and the joined stylesheet and script


def on_config(config):
    data = state.policy()  # raises Abort listing every data error, before site/ is cleaned
    # Kept for the per-page hooks: asking state.policy() looks at every file in policy_data/ (to
    # notice an edit under `mkdocs serve`), which on every page grew with schools times pages.
    _site["data"], _site["schools"] = data, frozenset(school_ids(data))
    config["nav"] = school_pages.add_to_nav(config["nav"], data)  # each school's pages, from its document
    sources = [source for source, _ in vendor_files()] + [f"pyodide/{LOCK}"]
    missing = [source for source in sources if not (NODE_MODULES / source).is_file()]
    if missing:
        raise Abort(f"Missing browser assets: {', '.join(missing)}. Run 'make setup' (npm ci) first.")
    try:
        diagrams.renderer()
    except diagrams.DiagramError as missing_dot:
        raise Abort(str(missing_dot)) from None
    _site["bundles"], _site["bundled"] = bundle.use_bundles(config)  # one stylesheet and one script of ours
    return config


def on_files(files, config):
    _site["files"] = files
    for path, text in school_pages.generated(state.policy(), Path(config["docs_dir"])):
        files.append(File.generated(config, path, content=text))
    for source, target in vendor_files():
        files.append(File.generated(config, target, abs_src_path=str(NODE_MODULES / source)))
    files.append(File.generated(config, pyodide_dir() + LOCK, content=lock_without_packages()))
    for path in _site["bundled"]:  # in the joined files instead
        if files.get_file_from_path(path):
            files.remove(files.get_file_from_path(path))
    for path, text in _site["bundles"].items():
        files.append(File.generated(config, path, content=text))
    files.append(File.generated(config, f"assets/tools/{WHEEL_NAME}", content=wheel_bytes(state.policy())))
    return files


def on_post_page(output, page, config):
    return search_rank.mark(output, page)  # the page's content, with its weight, for the search index


def on_post_build(config):
    try:
        index_site(Path(config["site_dir"]))  # Pagefind's chunked index of the pages just written
    except SearchIndexError as problem:
        raise Abort(str(problem)) from None
    precompress(Path(config["site_dir"]))  # .gz and .br copies for servers that send them as they are


def on_page_markdown(markdown, page, config, files):
    search_rank.weigh(page, _site["schools"])  # the rule ranks above the pages that retell it
    return markdown


def on_page_content(html, page, config, files):
    unsafe = escape.unsafe_markup(html)  # what the data could have made a browser run: nothing, or no build
    if unsafe:
        raise Abort(f"{page.file.src_uri}: the page would carry {'; '.join(sorted(set(unsafe))[:5])}. A value from "
                    "policy_data/ reached the page without tools_py/site/escape.py; nothing was published.")
    page.meta["python_worker"] = early_start.worker_address(html)  # overrides/main.html starts it in <head>
    return scroll_regions.focusable_tables(html)  # a table that scrolls sideways is reachable by keyboard


def on_page_context(context, page, config, nav):
    context["nav"] = school_pages.shown_nav(nav, page, _site["data"])  # a council's schools: not all on every page
    return context


def on_template_context(context, template_name, config):
    if template_name == "404.html":
        context["nav"] = school_pages.shown_nav(context.get("nav"), None, _site["data"])
        return not_found.context_for_404(context, config, _site.get("files") or [])
    return context
