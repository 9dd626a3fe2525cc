"""Reading a value out of a mail or a page in a test."""

from __future__ import annotations

import re


def first_group(pattern: str, text: object) -> str:
    """Group 1 of the first match of ``pattern`` in ``text``; the test fails without one."""
    match = re.search(pattern, str(text))
    assert match is not None, f"{pattern!r} not found"
    return match.group(1)
