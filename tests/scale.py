"""Generate many schools' policies, to see how the handbook grows. A test fixture: never shipped.

``generate(root, n)`` writes into ``root`` a copy of policy_data/ plus a ``mkdocs.yml`` that reads the
repository's docs/, with ``n`` generated school documents added. Each generated school takes a real school's document as
its template (Dorchester, Sevenoaks, Dorset Studio, On Track in turn): the same sections, numbered
clauses, lists and tables, with the clause ids renamed (``dms-5.1`` becomes ``gen007-5.1``) and every
sentence replaced by one drawn from the real documents, plus 0–4 extra sections (numbered clauses,
lists, a table now and then), so sizes run from about 40 to about 140 clauses. Its facts are the
template's facts, cited to its own clauses.

A school is one file: ``policy_data/documents/<id>.yaml``. Nothing else is written for a
generated school (no tool rows, induction scenarios, pages or nav lines): its pages and navigation
come from tools_py/site/school_pages.py, and every tool answers for it from the national rules where
its policy is silent, exactly as for a school an editor adds. ``build(root, site)`` builds that tree
with ``mkdocs build --strict``.

    python -m tests.scale 100 /tmp/scale      # generate, then build into /tmp/scale/site
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]

from tools_py.compile import yaml_lines

TEMPLATES = ("dms", "sev", "dss", "ote")
TOWNS = ["Ashcombe", "Bramley", "Castleford", "Dunmere", "Eastwick", "Fairholt", "Greyhaven", "Hollins",
         "Ivybridge", "Juniper Hill", "Kingsmead", "Lowther", "Marshfield", "Northam", "Oakridge", "Pennington"]
KINDS = ["Primary School", "Academy", "High School", "Middle School", "Community College", "Learning Centre"]


def _load(path: Path):
    return yaml_lines.plain(yaml_lines.load(path.read_text(encoding="utf-8")))


def _dump(path: Path, tree):
    path.write_text(yaml.safe_dump(tree, sort_keys=False, allow_unicode=True, width=4096), encoding="utf-8")


def _corpus(data_dir: Path) -> list[str]:
    """Every sentence of every real document's text, lists and tables."""
    sentences = []

    def text_of(item):
        if isinstance(item, str):
            sentences.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", item) if len(s.strip()) > 20)
        elif isinstance(item, dict):
            for key in ("text", "after"):
                if item.get(key):
                    text_of(item[key])
            for entry in item.get("list") or []:
                text_of(entry)
            for child in item.get("blocks") or []:
                text_of(child)
            for child in item.get("sections") or []:
                text_of(child)

    for path in sorted((data_dir / "documents").glob("*.yaml")):
        for section in _load(path).get("sections") or []:
            text_of(section)
    return sentences


class _Writer:
    """One generated document from one template, with a seeded random source."""

    def __init__(self, template: str, doc_id: str, sentences: list[str], rng: random.Random):
        self.template, self.doc_id, self.sentences, self.rng = template, doc_id, sentences, rng

    def rename(self, value):
        """Clause ids and the template's id, renamed for the generated school, anywhere in a tree."""
        if isinstance(value, dict):
            return {key: self.rename(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.rename(item) for item in value]
        if isinstance(value, str):
            if value == self.template:
                return self.doc_id
            if value.startswith(f"{self.template}-"):
                return self.doc_id + value[len(self.template):]
        return value

    def sentence(self, count=1) -> str:
        return " ".join(self.rng.choice(self.sentences) for _ in range(count))

    def phrase(self) -> str:
        words = self.rng.choice(self.sentences).split()
        start = self.rng.randrange(max(1, len(words) - 3))
        return " ".join(words[start:start + self.rng.randint(1, 4)]).strip(".,;:")

    def list_items(self, items):
        out = []
        for item in items:
            if isinstance(item, dict):
                entry = {"text": self.sentence()}
                if item.get("list"):
                    entry["list"] = self.list_items(item["list"])
                if "ordered" in item:
                    entry["ordered"] = item["ordered"]
                out.append(entry)
            else:
                out.append(self.sentence())
        return out

    def block(self, block):
        out = {}
        for key in ("id", "number"):
            if key in block:
                out[key] = self.rename(block[key])
        if block.get("text"):
            out["text"] = self.sentence(self.rng.randint(1, 3))
        if block.get("list"):
            out["list"] = self.list_items(block["list"])
            if "ordered" in block:
                out["ordered"] = block["ordered"]
        if block.get("table"):
            out["table"] = {"header": [self.phrase() or "Column" for _ in block["table"]["header"]],
                            "rows": [[self.phrase() or "–" for _ in row] for row in block["table"]["rows"]]}
        if block.get("after"):
            out["after"] = self.sentence()
        return out

    def section(self, section):
        out = {"id": self.rename(section["id"])}
        if section.get("number"):
            out["number"] = section["number"]
        out["title"] = section["title"]  # headings are short and shared by most policies
        if section.get("blocks"):
            out["blocks"] = [self.block(block) for block in section["blocks"]]
        if section.get("sections"):
            out["sections"] = [self.section(child) for child in section["sections"]]
        return out

    def extra_section(self, number: int, table: bool = False):
        """A section the template lacks: numbered clauses, a list, sometimes a table."""
        blocks = []
        for index in range(1, self.rng.randint(3, 7)):
            block = {"id": f"{self.doc_id}-x{number}.{index}", "number": f"{number}.{index}", "text": self.sentence(2)}
            if self.rng.random() < 0.3:
                block["list"] = [self.sentence() for _ in range(self.rng.randint(2, 6))]
            blocks.append(block)
        if table or self.rng.random() < 0.5:
            width = self.rng.randint(2, 4)
            blocks.append({"table": {"header": [self.phrase() or "Column" for _ in range(width)],
                                     "rows": [[self.phrase() or "–" for _ in range(width)]
                                              for _ in range(self.rng.randint(3, 8))]}})
        return {"id": f"{self.doc_id}-x{number}", "number": str(number),
                "title": self.phrase().capitalize() or "Further procedures", "blocks": blocks}

    def document(self, template_doc: dict, organisation: str) -> dict:
        out = {"id": self.doc_id, "title": template_doc["title"], "kind": template_doc["kind"],
               "organisation": organisation}
        for key in ("trust", "local_authority", "approved_by", "issued", "effective", "last_review", "review_due",
                    "version"):
            if template_doc.get(key):
                out[key] = template_doc[key]
        out["sections"] = [self.section(section) for section in template_doc["sections"]]
        extra = self.rng.randint(0, 4)
        needs_table = not any(_has_table(s) for s in out["sections"])
        out["sections"] += [self.extra_section(90 + index, table=needs_table and index == 0)
                            for index in range(max(extra, int(needs_table)))]
        if template_doc.get("facts"):
            out["facts"] = self.rename(template_doc["facts"])
        return out


def _has_table(section) -> bool:
    return any(b.get("table") for b in section.get("blocks") or []) or any(
        _has_table(child) for child in section.get("sections") or [])


def generate(root: Path, n: int, seed: int = 2024) -> list[str]:
    """Write policy_data/ (the real documents plus ``n`` generated schools, one file each) and mkdocs.yml."""
    root = Path(root)
    shutil.rmtree(root / "policy_data", ignore_errors=True)
    shutil.copytree(REPO / "policy_data", root / "policy_data")
    data = root / "policy_data"
    rng = random.Random(seed)
    sentences = _corpus(data)
    templates = {t: _load(data / "documents" / f"{t}.yaml") for t in TEMPLATES if (data / "documents" / f"{t}.yaml").exists()}
    made = []
    for index in range(1, n + 1):
        template = list(templates)[(index - 1) % len(templates)]
        doc_id = f"gen{index:03d}"
        writer = _Writer(template, doc_id, sentences, random.Random(rng.random()))
        name = f"{rng.choice(TOWNS)} {rng.choice(KINDS)} {index:03d}"
        _dump(data / "documents" / f"{doc_id}.yaml", writer.document(templates[template], name))
        made.append(doc_id)

    # The same configuration, with its relative paths made absolute; its nav is the real one (the
    # generated schools' pages are added to it by the build, as for any school).
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^docs_dir: .*$", f"docs_dir: {REPO / 'docs'}", config)
    if not re.search(r"(?m)^docs_dir: ", config):
        config = f"docs_dir: {REPO / 'docs'}\n" + config
    config = re.sub(r"(?m)^(\s+custom_dir: ).*$", rf"\g<1>{REPO / 'overrides'}", config)
    config = config.replace("  - tools_py/site/hooks.py", f"  - {REPO / 'tools_py' / 'site' / 'hooks.py'}")
    config = re.sub(r"(?m)^watch:\n(?:  - [^\n]*\n)+", "", config)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return made


def build(root: Path, site: Path, timeout: int = 1800) -> float:
    """Build the generated tree with ``mkdocs build --strict``; return the seconds it took."""
    env = {**os.environ, "HANDBOOK_POLICY_DATA": str(Path(root) / "policy_data"), "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(Path(root) / "mkdocs.yml"),
                             "-d", str(site)], cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)
    took = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"build of {root} failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return took


if __name__ == "__main__":
    count, where = int(sys.argv[1]), Path(sys.argv[2])
    where.mkdir(parents=True, exist_ok=True)
    ids = generate(where, count)
    print(f"generated {len(ids)} documents in {where}; building …")
    print(f"built in {build(where, where / 'site'):.1f} s")
