"""The ready-made CI files a council's copy of the handbook runs: valid for their forge, and running
the README's commands, the decision diff where a reviewer reads it, and the site's publication.

Each file is checked against its forge's published JSON Schema by ``check-jsonschema`` (PyPI; it
ships GitHub's and GitLab's schemas, so no network is needed, and reads GitLab's ECMAScript patterns
as a browser would). See the README, "Continuous integration", for why this validator.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from .conftest import REPO

FILES = {"github": (REPO / ".github" / "workflows" / "handbook.yml", "vendor.github-workflows"),
         "gitlab": (REPO / ".gitlab-ci.yml", "vendor.gitlab-ci")}


def validate(path, schema) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("forge", sorted(FILES))
def test_the_ci_file_is_valid_for_its_forge(forge):
    path, schema = FILES[forge]
    result = validate(path, schema)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("forge, wrong", [("github", ("runs-on: ubuntu-latest", "run-on: ubuntu-latest")),
                                          ("gitlab", ("  script:\n    - make build", "  scripts:\n    - make build"))])
def test_a_mistake_in_the_ci_file_is_caught(forge, wrong, tmp_path):
    """The check can fail: a misspelt key is reported (so a passing check means something)."""
    path, schema = FILES[forge]
    text = path.read_text(encoding="utf-8")
    assert wrong[0] in text
    broken = tmp_path / path.name
    broken.write_text(text.replace(wrong[0], wrong[1], 1), encoding="utf-8")
    result = validate(broken, schema)
    assert result.returncode != 0, result.stdout


def _runs(steps) -> str:
    return "\n".join(step.get("run", "") for step in steps)


def test_github_runs_the_tests_puts_the_diff_in_the_summary_and_publishes_the_site():
    workflow = yaml.safe_load(FILES["github"][0].read_text(encoding="utf-8"))
    triggers = workflow.get("on") or workflow.get(True)  # YAML 1.1 reads a bare `on` as true
    assert {"pull_request", "push"} <= set(triggers)
    test = workflow["jobs"]["test"]
    commands = _runs(test["steps"])
    lines = [line.strip() for line in commands.splitlines()]
    assert "make test" in lines and "make build" in lines
    assert '.venv/bin/python -m tools_py.diff --ci --max-rows 60 >> "$GITHUB_STEP_SUMMARY"' in commands
    assert commands.index("tools_py.diff") < commands.index("make test")  # the diff shows even if a test fails
    uploads = [step for step in test["steps"] if str(step.get("uses", "")).startswith("actions/upload-pages-artifact@")]
    assert uploads and uploads[0]["with"]["path"] == "site"
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == "test" and publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(str(step.get("uses", "")).startswith("actions/deploy-pages@") for step in publish["steps"])


def test_gitlab_runs_the_tests_shows_the_diff_and_publishes_the_site():
    pipeline = yaml.safe_load(FILES["gitlab"][0].read_text(encoding="utf-8"))
    assert "make setup" in pipeline["default"]["before_script"]
    test = pipeline["test"]
    assert "make test" in test["script"]
    assert any("tools_py.diff" in line and "decision-diff.md" in line for line in test["script"])
    assert test["artifacts"]["expose_as"] == "Decision diff" and test["artifacts"]["when"] == "always"
    pages = pipeline["pages"]
    assert "make build" in pages["script"] and pages["artifacts"]["paths"] == ["public"]


def test_the_ci_files_use_the_makefiles_targets():
    """The commands the CI files run are the README's: targets the Makefile has."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in ("setup", "test", "build"):
        assert f"\n{target}:" in makefile, target
