"""Faults: a build stopped at any moment, a damaged cache, a server running as another user.

The probe's "faults" category. site/ is what readers are served: whatever signal stops a build and
whenever it comes, site/ is afterwards the whole previous site or the whole new one (never missing,
never a mixture), and the build's last words say which. ``tests/support/stopped_build.py`` runs the
real build (its staging, lock, swap and messages) with a small stand-in for MkDocs and stops it at
each step, inside the swap as well as around it.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tools_py.site import swap

from .conftest import REPO

SIGNALS = ["SIGINT", "SIGTERM", "SIGKILL"]
POINTS = ["building", "lock", "swap-start", "swap-done", "removing"]


def stopped_build(site: Path, point: str, signame: str, version: str, *options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tests.support.stopped_build", point, signame, version, str(site),
                           *options], cwd=REPO, capture_output=True, text=True, timeout=120)


def site_version(site: Path) -> str | None:
    """'v1' or 'v2' when every file of site/ is that build's and none is missing; None if site/ is gone."""
    if not site.is_dir():
        return None
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    versions = {p.read_text() for p in site.rglob("*") if p.is_file()}
    assert len(versions) == 1, f"a mixture of builds: {versions}"
    version = versions.pop()
    expected = sorted([f"page{i}/index.html" for i in range(40)] + ["index.html", f"only-in-{version}.html"])
    assert files == expected, f"not a whole site: {files[:5]} …"
    return version


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith((".site-build-", ".site-previous-")))


def write_site(site: Path, version: str):
    """A whole site of ``version``, as the stand-in build writes it."""
    for index in range(40):
        (site / f"page{index}").mkdir(parents=True)
        (site / f"page{index}" / "index.html").write_text(version)
    (site / "index.html").write_text(version)
    (site / f"only-in-{version}.html").write_text(version)


# Every step with every signal, with the exchange; the steps inside the swap also with the two renames
# used where there is no exchange (a SIGKILL between those is the fallback's documented gap, tested below).
CASES = ([(point, signame, ()) for point in POINTS for signame in SIGNALS]
         + [(point, signame, ("--no-exchange",)) for point in ("swap-start", "swap-done", "removing")
            for signame in SIGNALS if (point, signame) != ("swap-done", "SIGKILL")])


@pytest.mark.parametrize("point, signame, options", CASES,
                         ids=[f"{p}-{s}{'-two-renames' if o else ''}" for p, s, o in CASES])
def test_a_build_stopped_at_any_step_leaves_a_whole_site_and_says_which(tmp_path, point, signame, options):
    """Before: a SIGKILL between the two renames left no site/, and Ctrl-C or SIGTERM there deleted the old
    site while printing "the previous site/ was left as it was"."""
    site = tmp_path / "site"
    write_site(site, "v1")

    result = stopped_build(site, point, signame, "v2", *options)
    said = result.stderr
    assert "Traceback" not in said, said
    version = site_version(site)
    assert version in ("v1", "v2"), f"site/ is gone after a {signame} at {point}"
    if signame == "SIGKILL":
        assert result.returncode == -signal.SIGKILL
    else:
        assert result.returncode == 130, said
        if version == "v1":
            assert "Build stopped; the previous site/ was left as it was." in said
        else:  # the swap finished before the signal was let in: it must not claim the old site stayed
            assert "was left as it was" not in said and f"Built {site}" in said, said
    # Inside the swap, INT and TERM wait the microseconds it takes: the new site goes in.
    if point in ("swap-start", "swap-done", "removing") and signame != "SIGKILL":
        assert version == "v2"
    if point in ("building", "lock"):
        assert version == "v1"
    if point != "removing" and signame != "SIGKILL":
        assert leftovers(tmp_path) == [], "a stopped build removes its own folders"
    else:  # stopped too hard, or while removing: the next build removes what is left
        after = stopped_build(site, "none", "SIGINT", "v3", *options)
        assert after.returncode == 0 and site_version(site) == "v3", after.stderr
        assert leftovers(tmp_path) == [], "the next build removes what a stopped one left"


def test_a_swap_the_system_refuses_leaves_the_site_and_says_so(tmp_path):
    site = tmp_path / "site"
    write_site(site, "v1")
    result = stopped_build(site, "swap-refused", "SIGINT", "v2")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-2:] == ["Build failed: site/ cannot be replaced (Permission denied).",
                                                       "The previous site/ was left as it was."]
    assert site_version(site) == "v1" and leftovers(tmp_path) == []


def test_the_fallback_puts_the_previous_site_back_after_a_kill_between_its_renames(tmp_path):
    """Where no atomic exchange exists, a SIGKILL between the two renames is the one gap: the next build
    puts the previous site back first, and says so."""
    site = tmp_path / "site"
    assert stopped_build(site, "none", "SIGINT", "v1", "--no-exchange").returncode == 0
    killed = stopped_build(site, "swap-done", "SIGKILL", "v2", "--no-exchange")
    assert killed.returncode == -signal.SIGKILL and not site.exists()
    assert swap.restore_interrupted(site) is not None and site_version(site) == "v1"
    assert stopped_build(site, "swap-done", "SIGKILL", "v2", "--no-exchange").returncode == -signal.SIGKILL
    after = stopped_build(site, "none", "SIGINT", "v3", "--no-exchange")
    assert after.returncode == 0 and site_version(site) == "v3"
    assert "A build was stopped while replacing site/; the previous site/ was put back." in after.stderr
    assert leftovers(tmp_path) == []


def test_this_system_swaps_atomically():
    """The README names the exchange used here; on Debian's kernel and glibc it is renameat2."""
    if sys.platform.startswith("linux"):
        assert swap.method() == "renameat2(RENAME_EXCHANGE)"


# -- permissions a web server needs ------------------------------------------------------------

def test_the_built_site_is_readable_by_a_server_running_as_another_user(built_site):
    """nginx runs as www-data: every folder 0755 and every file 0644 (before, site/ was 0700: 403 everywhere)."""
    wrong = []
    for path in [built_site, *built_site.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        wanted = 0o755 if path.is_dir() else 0o644
        if not path.is_symlink() and mode != wanted:
            wrong.append(f"{path.relative_to(built_site)}: {oct(mode)}")
    assert not wrong, wrong[:20]


@pytest.mark.skipif(os.geteuid() != 0, reason="serving as another user needs root to switch user")
def test_a_server_running_as_nobody_serves_every_page(built_site, tmp_path):
    """The README's nginx setup, as far as files go: a server process of another user reads every page."""
    import shutil
    import urllib.request

    served = Path("/tmp") / f"handbook-served-{os.getpid()}"  # /tmp is open to all; pytest's tmp_path is not
    shutil.rmtree(served, ignore_errors=True)
    shutil.copytree(built_site, served / "site", copy_function=shutil.copy2)
    served.chmod(0o755)
    # A Python the user nobody may run (the project's own may sit in root's home, closed to others).
    python = next((candidate for candidate in ("/usr/bin/python3", sys.executable)
                   if subprocess.run([candidate, "-c", "pass"], user="nobody", cwd="/", capture_output=True).returncode == 0),
                  None)
    assert python, "no Python that the user nobody may run"
    try:
        server = subprocess.Popen([python, "-u", "-m", "http.server", "--bind", "127.0.0.1", "0",
                                   "--directory", str(served / "site")], user="nobody", cwd="/",
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            line = server.stdout.readline()
            port = int(line.split("port ")[1].split()[0])
            pages = sorted(p.relative_to(served / "site").as_posix() for p in (served / "site").rglob("*.html"))
            for page in pages:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/{page}", timeout=30) as response:
                    assert response.status == 200, page
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        shutil.rmtree(served, ignore_errors=True)
    assert len(pages) > 20


# -- what is read back from .cache/ ---------------------------------------------------------------

FLOW = {"id": "f", "title": "A flow", "nodes": [
    {"id": "a", "label": "Phone the parent", "kind": "start"},
    {"id": "b", "label": "Record the absence", "kind": "outcome"}], "edges": [{"from": "a", "to": "b"}]}


@pytest.fixture
def diagram_cache(tmp_path, monkeypatch):
    from tools_py.site import diagrams

    monkeypatch.setattr(diagrams, "CACHE", tmp_path / "diagrams")
    return tmp_path / "diagrams"


def _only_entry(folder: Path) -> Path:
    entries = [p for p in folder.iterdir() if not p.name.endswith(".tmp")]
    assert len(entries) == 1, entries
    return entries[0]


@pytest.mark.parametrize("damage", ["a changed word", "a script", "cut short", "empty", "not text"])
def test_a_damaged_diagram_in_the_cache_is_drawn_again_never_published(diagram_cache, capsys, damage):
    """Before: the cached SVG was published as it stood (a changed word, a <script>), and one cut short
    broke every later build."""
    from tools_py.site import diagrams

    source = diagrams.dot_source(FLOW)
    drawn = diagrams._draw(source)
    entry = _only_entry(diagram_cache)
    stored = entry.read_bytes()
    entry.write_bytes({"a changed word": stored.replace(b"Phone", b"Email"),
                       "a script": stored.replace(b"</svg>", b"<script>alert(1)</script></svg>"),
                       "cut short": stored[: len(stored) // 2],
                       "empty": b"",
                       "not text": stored[:70] + b"\xff\xfe" + stored[70:]}[damage])
    again = diagrams._draw(source)
    assert again == drawn and "Phone" in again and "<script" not in again
    warning = capsys.readouterr().err
    assert warning.startswith("warning: ") and "it is made again and not used as it was." in warning, warning
    assert entry.read_bytes() == stored, "the damaged entry is replaced by a good one"
    assert diagrams._draw(source) == drawn and capsys.readouterr().err == ""


def test_a_cache_that_cannot_be_written_only_slows_the_build(tmp_path, monkeypatch, capsys):
    from tools_py.site import compress, diagrams

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setattr(diagrams, "CACHE", blocker / "diagrams")
    monkeypatch.setattr(compress, "CACHE", blocker / "compressed")
    assert "<svg" in diagrams._draw(diagrams.dot_source(FLOW))
    data = b"<p>" + b"attendance " * 500 + b"</p>"
    import gzip

    assert gzip.decompress(compress._cached(data, ".gz")) == data
    said = capsys.readouterr().err
    assert said.count("the build goes on without it.") == 2, said


@pytest.mark.parametrize("suffix", [".gz", ".br"])
@pytest.mark.parametrize("damage", ["stale", "cut short", "garbage"])
def test_a_stale_or_damaged_compressed_copy_is_never_served(tmp_path, monkeypatch, capsys, suffix, damage):
    """Before: a cached .gz or .br of an older page was written beside the new page, so a browser that
    accepts compression read the old page; a cut-short entry broke the build."""
    from tools_py.site import compress

    monkeypatch.setattr(compress, "CACHE", tmp_path / "compressed")
    site = tmp_path / "site"
    site.mkdir()
    page = site / "index.html"
    page.write_text("<p>" + "The register closes at 09:30. " * 100 + "</p>")
    compress.precompress(site)
    (site / f"index.html{suffix}").unlink()
    for other in site.glob("index.html.*"):
        other.unlink()
    entry = next((tmp_path / "compressed").glob(f"*{suffix}"))
    good = entry.read_bytes()
    older = compress.ENCODINGS[suffix](b"<p>" + b"The register closes at 09:15. " * 100 + b"</p>")
    entry.write_bytes({"stale": older, "cut short": good[: len(good) // 2], "garbage": b"\x00" * 64}[damage])
    compress.precompress(site)
    decompress = {".gz": __import__("gzip").decompress, ".br": __import__("brotli").decompress}[suffix]
    assert decompress((site / f"index.html{suffix}").read_bytes()) == page.read_bytes()
    assert "it is made again and not used as it was." in capsys.readouterr().err
    assert entry.read_bytes() == good
