"""The 404 page, so that it works wherever the site is put and helps the reader on.

MkDocs writes the 404 page with absolute asset paths: under ``site_url``'s path when one is set
(right at any depth), else from ``/`` — wrong as soon as the site lives under a sub-path
(``https://host/handbook/``). Without ``site_url`` the page is written with paths relative to
the site's root instead, and a small script in its head (overrides/404.html) finds that root
in the address asked for — the part before the first of the site's own top folders — and sets
``<base>`` to it, so the styles, the search and the links work at any depth.
"""

from __future__ import annotations


def top_folders(files) -> list[str]:
    """The first folder of every page and asset of the site (documents, tools, assets, search…)."""
    folders = {file.url.split("/", 1)[0] for file in files if "/" in file.url}
    return sorted(folder for folder in folders if folder not in ("", ".", ".."))


def context_for_404(context, config, files):
    """Relative asset paths and the site's top folders for the 404 page when there is no site_url."""
    if config.site_url:
        return context
    context["base_url"] = "."
    context["handbook_top_folders"] = top_folders(files)
    return context
