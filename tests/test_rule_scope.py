"""One rule, one voice: a rule is stated from its one home (policy_data/rules.yaml), and never for a
school, date or audience outside its scope. The build stops, by file and line, on a rule stated out of
scope; a page or answer states every rule of its topic that holds, and none that does not."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from tools_py import rules
from tools_py.compile import PolicyDataInvalid, compile_policy
from tools_py.questions import school_ids
from tools_py.site.state import today

from .conftest import REPO
from .support.text import article_text


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "policy_data"
    shutil.copytree(REPO / "policy_data", target)
    return target


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def errors_for(root) -> list[str]:
    with pytest.raises(PolicyDataInvalid) as caught:
        compile_policy(root)
    return [str(error) for error in caught.value.errors]


def page_text(site, path) -> str:
    return " ".join(article_text((site / path / "index.html").read_text(encoding="utf-8")).split())


# -- the build refuses a rule stated out of its scope -------------------------------------------

def test_a_rule_stated_for_a_kind_of_school_it_does_not_cover_stops_the_check(data_copy):
    """Penalty amounts in a Sevenoaks (independent) row: file, line, the rule and why."""
    tool = data_copy / "tools" / "notify_la.yaml"
    line = edit(tool, "        sev:\n          clauses: [sev-7.3]\n          states: [sev-ten-day-notice]",
                "        sev:\n          clauses: [sev-7.3]\n          states: [sev-ten-day-notice, penalty-first-notice]") + 2
    problems = errors_for(data_copy)
    assert any(p.startswith(f"policy_data/tools/notify_la.yaml:{line}: ") and "penalty-first-notice" in p
               and "policy_data/rules.yaml:" in p and "Sevenoaks School is recorded as independent" in p
               for p in problems), problems


def test_the_exclusion_duty_stated_for_an_independent_school_stops_the_check(data_copy):
    """The 2012 exclusion regulations' duty (maintained schools, pupil referral units and academies only)
    in a Sevenoaks row: refused, naming the rule and the school's recorded kind."""
    tool = data_copy / "tools" / "notify_la.yaml"
    line = edit(tool, "        sev:\n          clauses: [sev-7.3]\n          states: [sev-ten-day-notice]",
                "        sev:\n          clauses: [sev-7.3]\n          states: [sev-ten-day-notice, exclusion-notify]") + 2
    problems = errors_for(data_copy)
    assert any(p.startswith(f"policy_data/tools/notify_la.yaml:{line}: ") and "'exclusion-notify'" in p
               and "Sevenoaks School is recorded as independent" in p for p in problems), problems


def test_a_rule_stated_for_another_school_stops_the_check(data_copy):
    """A rule that is one school's own, stated in another school's row."""
    edit(data_copy / "rules.yaml", "topics:", "  sev-only:\n    says: Only Sevenoaks says this.\n"
         "    clause: sev-4.2\n    scope: {schools: [sev]}\n\ntopics:")
    line = edit(data_copy / "tools" / "notify_la.yaml", "        dms: national\n        sev:\n          clauses: [sev-7.3]",
                "        dms:\n          states: [sev-only]\n        sev:\n          clauses: [sev-7.3]") + 1
    problems = errors_for(data_copy)
    assert any(p.startswith(f"policy_data/tools/notify_la.yaml:{line}: ") and "sev-only" in p
               and "not Dorchester Middle School's" in p for p in problems), problems


def test_a_rule_stated_before_it_took_effect_stops_the_check(data_copy):
    """The 2024 threshold in the row for the 2006 Regulations' returns (from 1 September 2006)."""
    line = edit(data_copy / "tools" / "notify_la.yaml",
                "        - from: 2006-09-01\n          clauses: [regs2024-2006-returns]\n          states: [attendance-return-2006]",
                "        - from: 2006-09-01\n          clauses: [regs2024-2006-returns]\n          states: [attendance-return-2006, penalty-threshold]") + 2
    problems = errors_for(data_copy)
    assert any(p.startswith(f"policy_data/tools/notify_la.yaml:{line}: ") and "penalty-threshold" in p
               and "no value on 2006-09-01" in p for p in problems), problems


def test_a_staff_rule_stated_for_parents_stops_the_check(data_copy):
    """A rule whose audience is staff, stated in parents' words."""
    edit(data_copy / "rules.yaml", "topics:", "  staff-only:\n    says: Staff only.\n"
         "    clause: wt2024-codes\n    scope: {audiences: [staff]}\n\ntopics:")
    line = edit(data_copy / "tools" / "penalty_notice.yaml", "    parents:\n      threshold_met:",
                "    parents:\n      states: [staff-only]\n      threshold_met:") + 1
    problems = errors_for(data_copy)
    assert any(p.startswith(f"policy_data/tools/penalty_notice.yaml:{line}: ") and "staff-only" in p
               and "not for parents" in p for p in problems), problems


def test_an_unknown_rule_is_named(data_copy):
    line = edit(data_copy / "tools" / "notify_la.yaml", "        dms: national\n        sev:\n          clauses: [sev-7.3]\n          states: [sev-ten-day-notice]",
                "        dms: national\n        sev:\n          clauses: [sev-7.3]\n          states: [penalty-frist-notice]") + 3
    problems = errors_for(data_copy)
    assert f"policy_data/tools/notify_la.yaml:{line}: rules.situations.unauthorised_absence.schools.sev.states[0]: " \
           "no rule 'penalty-frist-notice' in policy_data/rules.yaml" in problems, problems


def test_a_rule_with_a_blank_nothing_fills_is_refused(data_copy):
    line = edit(data_copy / "rules.yaml", "      within {full_days} days.\n", "      within {full_dayz} days.\n")
    problems = errors_for(data_copy)
    assert any(p.startswith("policy_data/rules.yaml:") and "{full_dayz}" in p for p in problems), (line, problems)


def test_a_figure_written_into_an_outcome_is_refused(data_copy):
    """An amount typed into an answer's words instead of taken from a fact or a rule."""
    line = edit(data_copy / "tools" / "penalty_notice.yaml", "      text: A penalty notice can only be given for a child of compulsory school age.",
                "      text: A penalty notice of £160 can only be given for a child of compulsory school age.")
    problems = errors_for(data_copy)
    assert any(p.startswith(f"policy_data/tools/penalty_notice.yaml:{line}: ") and "'£1' is a figure" in p
               for p in problems), problems


def test_a_page_stating_a_rule_out_of_scope_stops_the_build(tmp_path):
    """A page that states the penalty amounts for Sevenoaks: the build stops, naming the page and the rule."""
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "docs", docs)
    page = docs / "parents" / "sev.md"  # a page written by hand in place of the generated one
    template = (docs / "_templates" / "parents.md").read_text(encoding="utf-8").replace("SCHOOL", "sev")
    page.write_text(template + '\n{{ rule("penalty-first-notice", school="sev", audience="parents") }}\n',
                    encoding="utf-8")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: docs", f"docs_dir: {docs}").replace("custom_dir: overrides",
                                                                          f"custom_dir: {REPO / 'overrides'}")
    config = re.sub(r"\nwatch:\n(  - .*\n)+", "\n", config)  # live-reload paths, relative to the repository
    config = config.replace("  - tools_py/site/hooks.py", f"  - {REPO / 'tools_py' / 'site' / 'hooks.py'}")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tmp_path / "mkdocs.yml"),
                             "-d", str(tmp_path / "site")], cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert re.search(r"policy_data/rules\.yaml:\d+: penalty-first-notice: docs/parents/sev\.md states it", said), said[-2000:]
    assert "Sevenoaks School is recorded as independent" in said
    assert not (tmp_path / "site" / "parents" / "sev" / "index.html").exists()


# -- pages and answers state what holds, from the one home ----------------------------------------

def _rule_words(policy, rule_id, school, audience="parents"):
    statement = rules.state(policy, rule_id, school=school, on=today(), audience=audience)
    return " ".join(statement.text.split())


def test_an_independent_schools_page_never_states_a_fine(built_site, policy):
    """Sevenoaks and On Track are recorded as independent: neither the "In short" box nor the body gives a
    penalty amount; both say penalty notices do not apply there, in the rule's words."""
    for school in school_ids(policy):
        if rules.applies(policy, "penalty-first-notice", school=school, on=today(), audience="parents"):
            continue
        text = page_text(built_site, f"parents/{school}")
        assert "£" not in text, (school, text[text.index("£") - 200: text.index("£") + 50])
        assert _rule_words(policy, "penalty-not-at-this-school", school) in text, school
        summary = (built_site / "parents" / school / "index.html").read_text(encoding="utf-8").split("parents-summary__items")[1]
        assert "do not apply" in summary.split("</ul>")[0], school


def test_every_rule_of_a_topic_that_holds_is_on_the_page_and_none_that_does_not(built_site, policy):
    """What follows absence without permission, on each parents' page: exactly the rules in scope."""
    topic = policy["topics"]["absence-without-permission"]["rules"]
    for school in school_ids(policy):
        text = page_text(built_site, f"parents/{school}")
        for rule_id in topic:
            holds = rules.applies(policy, rule_id, school=school, on=today(), audience="parents")
            if holds:
                assert _rule_words(policy, rule_id, school) in text, (school, rule_id)
            else:
                words = policy["rules"][rule_id].get("parents") or policy["rules"][rule_id]["says"]
                opening = " ".join(words.split())[:40]
                assert opening not in text, (school, rule_id)


def test_the_leave_tool_states_the_same_fines_as_the_parents_page(policy):
    """The leave answer's penalty lines are the rules' sentences, for staff and for parents, at every school."""
    from tools_py import api

    answers = {"reason": "holiday", "days": 5, "notice_days": 30, "absence_over": False,
               "statutory_assessment": False, "unauthorised_on_record": False, "attendance_percent": 97}
    for school in school_ids(policy):
        for audience in ("staff", "parents"):
            form = api.handle({"op": "form", "tool": "leave_request", "school": school, "date": today().isoformat(),
                               "answers": {}, "audience": audience})
            asked = {q["id"]: answers[q["id"]] for q in form["form"]["questions"] if q["id"] in answers}
            while True:
                reply = api.handle({"op": "form", "tool": "leave_request", "school": school, "date": today().isoformat(),
                                    "answers": asked, "audience": audience})
                pending = [q for q in reply["form"]["questions"] if q["id"] not in asked]
                if not pending or reply.get("outcome"):
                    break
                question = pending[0]
                asked[question["id"]] = answers.get(question["id"], (question.get("choices") or [{"value": False}])[0]["value"])
            outcome = reply["outcome"]
            in_scope = [s.rule for s in rules.applicable(policy, "absence-without-permission", school=school,
                                                         on=today(), audience=audience)]
            assert [r for r in outcome["rules"] if r in in_scope] == in_scope, (school, audience, outcome["rules"])
            for rule_id in in_scope:
                if rule_id != "penalty-threshold":  # stated with the request's own count after it
                    assert _rule_words(policy, rule_id, school, audience) in " ".join(outcome["text"].split())


def test_a_quoted_side_of_a_conflict_shows_the_other_side(built_site, policy):
    """Sevenoaks' "In short" line (4.2: family events are not authorised) and its key quotation show that the
    same policy lets a Divisional Head authorise a near relative's wedding, with the link to both sides."""
    html = (built_site / "parents" / "sev" / "index.html").read_text(encoding="utf-8")
    summary = html.split("parents-summary__items")[1].split("</ul>")[0]
    assert "#conflict-sev-family-events" in summary
    key = html.split("policy-quote parents-key\"")[1].split("</figure>")[0]
    assert "#conflict-sev-family-events" in key and "#sev-leave-divisional-heads" in key
    for school in ("dms", "dss", "ote"):  # no conflict on their key sentences
        other = (built_site / "parents" / school / "index.html").read_text(encoding="utf-8")
        assert "#conflict-sev-family-events" not in other
