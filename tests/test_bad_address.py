"""A tool opened from a broken or stale address still starts, and says what is wrong with it in the
words the command line uses (the widget asks ``tools_py.api.handle``; it never judges an answer itself)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import REPO

pytestmark = pytest.mark.browser

READY_MS = 90_000


def command_line_error(*args) -> str:
    """What ``python -m tools_py ask which_code …`` says, without its ``error: question:`` prefix."""
    result = subprocess.run([sys.executable, "-m", "tools_py", "ask", "which_code", *args], cwd=REPO,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result
    return result.stderr.strip().split(": ", 2)[2]


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    opened = context.new_page()
    opened.errors = []
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    yield opened
    context.close()


def open_tool(page, base, fragment):
    page.goto(base + "tools/which_code/" + fragment)
    page.wait_for_selector('.tool-widget[data-tool="which_code"][data-state=ready]', timeout=READY_MS)
    return page.locator('.tool-widget[data-tool="which_code"]')


def test_a_broken_percent_escape_is_said_and_the_tool_starts(page, base):
    """``%E0%A4%A`` is not a whole escape; decodeURIComponent threw and the widget never started."""
    tool = open_tool(page, base, "#which%E0%A4%A?school=dms&date=2026-11-23")
    notice = tool.locator(".tool-notice")
    notice.wait_for(timeout=15_000)
    assert "could not be read (it holds a broken %-escape)" in notice.text_content()
    tool.locator('.tool-question[data-question="situation"] label:has(input[value="on_time"])').click()
    tool.locator('.tool-question[data-question="session"]').wait_for(timeout=15_000)
    assert not page.errors, page.errors


@pytest.mark.parametrize("field, fragment, args", [
    ("school", "#which_code?school=nowhere&date=2026-11-23", ["--school", "nowhere", "--date", "2026-11-23"]),
    ("date", "#which_code?school=dms&date=2026-02-30", ["--school", "dms", "--date", "2026-02-30"]),
    ("date", "#which_code?school=dms&date=20261123", ["--school", "dms", "--date", "20261123"]),
])
def test_an_unknown_school_or_date_in_the_address_gets_the_command_line_message(page, base, field, fragment, args):
    """Before, the form dropped what it could not hold and Python was asked about '' ("'' is not a school")."""
    message = command_line_error(*args, "situation=on_time")
    tool = open_tool(page, base, fragment)
    shown = tool.locator(f"#tool-which-code-{field}-error")
    shown.wait_for(timeout=15_000)
    assert shown.text_content().strip() == f"Error: {message}"
    assert not page.errors, page.errors


def test_an_unknown_question_in_the_address_is_said_and_left_out(page, base):
    """The command line rejects ``situaton=on_time``; the widget used to ignore it without a word."""
    message = command_line_error("--school", "dms", "--date", "2026-11-23", "situaton=on_time")
    assert message.startswith("which_code has no question 'situaton'")
    tool = open_tool(page, base, "#which_code?school=dms&date=2026-11-23&situaton=on_time")
    notice = tool.locator(".tool-notice")
    notice.wait_for(timeout=15_000)
    assert notice.text_content().strip() == message
    page.wait_for_function("() => !location.hash.includes('situaton')", timeout=15_000)
    assert not page.errors, page.errors
