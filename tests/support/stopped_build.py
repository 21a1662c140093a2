"""``python -m tests.support.stopped_build POINT SIGNAL VERSION SITE_DIR [--no-exchange]``: a build that stops itself.

The real ``tools_py.site`` build (its checks of --site, its staging folder, its lock, its swap, its
messages), with two things replaced so that it takes a fraction of a second: the data check, and
MkDocs, which here writes a small site whose every file says VERSION. At POINT the process sends
itself SIGNAL (SIGINT, SIGTERM or SIGKILL), so the tests can stop a build at each step of putting a
new site in place, inside the swap as well as around it:

- ``building``: while MkDocs writes the staging folder;
- ``lock``: while waiting for the swap lock;
- ``swap-start``: inside the swap, before the folders change names;
- ``swap-done``: inside the swap, right after the system call that exchanged them (or, with
  ``--no-exchange``, between the two renames that replace it where there is no exchange);
- ``removing``: while the previous site is being removed;
- ``swap-refused``: the system refuses to rename the folders (SIGNAL unused);
- ``none``: not stopped.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path


def main(argv) -> int:
    point, signame, version, site_dir = argv[:4]
    no_exchange = "--no-exchange" in argv

    import mkdocs.commands.build
    import mkdocs.config

    import tools_py.compile
    import tools_py.site.__main__ as site
    from tools_py.site import swap

    def stop():
        os.kill(os.getpid(), getattr(signal, signame))
        time.sleep(0.2)  # a held signal waits; a SIGKILL never comes back

    def fake_build(config):
        out = Path(config["site_dir"])
        for index in range(40):
            (out / f"page{index}").mkdir()
            (out / f"page{index}" / "index.html").write_text(version)
        (out / "index.html").write_text(version)
        (out / f"only-in-{version}.html").write_text(version)
        if point == "building":
            stop()

    mkdocs.commands.build.build = fake_build
    mkdocs.config.load_config = lambda path, site_dir, strict: {"site_dir": site_dir}
    tools_py.compile.compile_policy = lambda notes=None: {}

    if no_exchange:
        swap._EXCHANGE = None
    real_put, real_exchange, real_rename = swap.put_in_place, swap._EXCHANGE, os.rename
    real_lock, real_rmtree = site._swap_lock, site.shutil.rmtree

    def put_in_place(staging, site_dir):
        if point == "swap-start":
            stop()
        if point == "swap-refused":  # the system refuses the rename (a read-only or full filesystem)
            raise PermissionError(13, "Permission denied", str(site_dir))
        return real_put(staging, site_dir)

    def exchange(a, b):
        real_exchange(a, b)
        if point == "swap-done":
            stop()

    renames = []

    def rename(a, b, **kwargs):
        real_rename(a, b, **kwargs)
        renames.append(a)
        if point == "swap-done" and no_exchange and len(renames) == 1:
            stop()

    def lock(site_dir):
        if point == "lock":
            stop()
        return real_lock(site_dir)

    def rmtree(path, *args, **kwargs):
        if point == "removing" and ("-build-" in str(path) or "-previous-" in str(path)):
            stop()
        return real_rmtree(path, *args, **kwargs)

    swap.put_in_place = put_in_place
    if real_exchange is not None:
        swap._EXCHANGE = exchange
    swap.os.rename = rename
    site._swap_lock = lock
    site.shutil.rmtree = rmtree
    return site.main(["build", "--site", site_dir])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
