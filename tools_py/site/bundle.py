"""The theme's own stylesheets and scripts, joined into one file each with their content hash in its name.

mkdocs.yml lists them one by one (``extra_css``, ``extra_javascript``), as they are written and read.
A page would then ask for seven files besides Material's three, and over HTTP/1.1, which an intranet
server may still speak, a browser opens six connections to a host: a tool page's Python worker
waited behind them. Joined, a page asks for two; and as the name changes with the content, a server
may let browsers keep them for a year (README, "Serving the handbook"), so a returning reader asks
for none of them again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

# What each joined file is called in the site, before its hash: assets/handbook.<hash>.css and .js.
STEM = "assets/handbook"


def _path(entry) -> str:
    return entry if isinstance(entry, str) else entry.path  # extra_javascript may hold script objects


def _source(config, path: str) -> Path:
    for folder in config.theme.dirs:
        found = Path(folder) / path
        if found.is_file():
            return found
    found = Path(config.docs_dir) / path
    if found.is_file():
        return found
    raise FileNotFoundError(f"{path}, listed in mkdocs.yml, is in neither the theme's folders nor docs/")


def joined(config, entries, end: str = "\n") -> str:
    """The files' text one after another, each headed by where it comes from and followed by ``end``."""
    parts = []
    for entry in entries:
        path = _path(entry)
        parts.append(f"/* {path} */\n{_source(config, path).read_text(encoding='utf-8').rstrip()}{end}")
    return "\n".join(parts)


def use_bundles(config) -> tuple[dict[str, str], set[str]]:
    """Point the config's extra_css and extra_javascript at the joined files. Returns the joined files
    to write (``{site path: text}``) and the paths of the files they hold (which the site leaves out)."""
    made, held = {}, set()
    for key, suffix in (("extra_css", "css"), ("extra_javascript", "js")):
        entries = list(config[key])
        if not entries:
            continue
        held.update(_path(entry) for entry in entries)
        # Each script is a self-contained (function () { ... })(); a ";" after each keeps one from
        # running into the next.
        text = joined(config, entries, end=";\n" if suffix == "js" else "\n")
        name = f"{STEM}.{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}.{suffix}"
        made[name] = text
        config[key] = [name]
    return made, held
