"""One text policy for every free-text field: models, forms, API and services.

A free text is refused when it is longer than its limit (from the owning app's
``constants.py``) or holds a character a reader cannot see: C0 and C1 control
characters (a multi-line text keeps tab and line breaks) and the bidirectional
embedding, override and isolate characters U+202A–U+202E and U+2066–U+2069, which
can turn a name around on screen and in a PDF. It lives in ``partners``, the lowest
app with free text of its own, so every app above can use it.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

# The Dutch messages of the policy, the same words in every form, service and the API.
FORBIDDEN_CHARACTER = _(
    "Deze tekst bevat een teken dat niet is toegestaan "
    "(stuurteken of tekenrichting-teken)."
)
TOO_LONG = _("Maximaal %(limit_value)d tekens; dit zijn er %(show_value)d.")

_BIDI = "\u202a-\u202e\u2066-\u2069"
# One line: every control character.
_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
# Several lines: tab, line feed and carriage return (a browser's line break) stay.
_MULTILINE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")


def has_forbidden_character(value: str, *, multiline: bool = False) -> bool:
    return (_MULTILINE if multiline else _LINE).search(value) is not None


def validate_line(value: str) -> None:
    """Validator for a one-line free text (names, titles, identifiers)."""
    if has_forbidden_character(str(value)):
        raise ValidationError(FORBIDDEN_CHARACTER, code="forbidden_character")


def validate_multiline(value: str) -> None:
    """Validator for a free text of several lines (descriptions, answers)."""
    if has_forbidden_character(str(value), multiline=True):
        raise ValidationError(FORBIDDEN_CHARACTER, code="forbidden_character")


def multiline_validators(limit: int) -> list[Any]:
    """A model TextField's validators: Django does not enforce its max_length."""
    return [MaxLengthValidator(limit, message=TOO_LONG), validate_multiline]


def text_problems(value: str, *, limit: int, multiline: bool = False) -> list[str]:
    """What the policy says about ``value``, for services that collect errors."""
    problems = []
    if has_forbidden_character(value, multiline=multiline):
        problems.append(str(FORBIDDEN_CHARACTER))
    if len(value) > limit:
        problems.append(
            str(TOO_LONG) % {"limit_value": limit, "show_value": len(value)}
        )
    return problems


class LineField(forms.CharField):
    """A form field for one line of free text under the policy."""

    multiline = False

    def __init__(self, *, max_length: int, **kwargs: Any) -> None:
        kwargs["error_messages"] = {
            "max_length": TOO_LONG,
            **(kwargs.get("error_messages") or {}),
        }
        super().__init__(max_length=max_length, **kwargs)
        # NUL is one of the characters the policy refuses: one message, not two.
        self.validators = [
            validator
            for validator in self.validators
            if not isinstance(validator, ProhibitNullCharactersValidator)
        ]
        self.validators.append(validate_multiline if self.multiline else validate_line)


class MultilineField(LineField):
    """A form field for several lines of free text (a textarea) under the policy."""

    multiline = True
    widget = forms.Textarea
