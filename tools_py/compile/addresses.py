"""Telephone numbers, e-mail addresses and site paths: what a ``tel:``, ``mailto:`` or ``href`` may hold.

A reader taps a number and the phone dials it; so a number with a letter in it (the page used to drop
the letters and dial what was left) or an address with two ``@`` is refused by ``make check``, not
turned into a link that reaches someone else. The site writes these links only from values these
functions accept (tools_py/site/escape.py).
"""

from __future__ import annotations

import re

# Digits and spaces, an optional leading + (an international number): 01305 265651, 999, +44 1305 265651.
PHONE = re.compile(r"\+?[0-9](?:[0-9 ]*[0-9])?")
# One @, a name of letters, digits and . _ % + ' -, a domain of at least two labels.
EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")
# A page of this site from its root: folders ending in /, then an optional #anchor.
SITE_PATH = re.compile(r"(?:[a-z0-9][a-z0-9_-]*/)*(?:#[A-Za-z0-9][A-Za-z0-9_.-]*)?")


def phone_problem(number) -> str | None:
    if not isinstance(number, str):
        return None
    if not PHONE.fullmatch(number):
        return (f"{number!r} is not a telephone number: write digits and spaces only, with an optional + in front "
                "(e.g. \"01305 265651\"); put words such as 'option 1' in phone_note")
    if len(number.replace(" ", "").lstrip("+")) > 15:
        return f"{number!r} has more digits than any telephone number (15 at most)"
    return None


def email_problem(address) -> str | None:
    """None for an address, or for a text with no @ at all (a contact 'by the tutor's e-mail address')."""
    if not isinstance(address, str) or "@" not in address:
        return None
    if not EMAIL.fullmatch(address):
        return (f"{address!r} is not an e-mail address (one @, no spaces, a domain such as school.org); a text "
                "that is not an address must not contain @")
    return None


def tel_href(number: str) -> str:
    """``tel:`` address of a number phone_problem accepts."""
    return "tel:" + number.replace(" ", "")


def site_path_problem(path) -> str | None:
    if not isinstance(path, str):
        return None
    if not SITE_PATH.fullmatch(path):
        return (f"{path!r} is not a page of this site: write its path from the site's root, in lower case, "
                "ending in / (e.g. reference/codes/ or documents/wt2024/#wt2024-illness)")
    return None
