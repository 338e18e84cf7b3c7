"""Numbers typed into addresses and forms, read the one safe way."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

# What people type for a phone number: digits with spaces, brackets or dashes, and 10 to
# 15 digits in all (UK numbers have 10 or 11; international ones up to 15).
PHONE = re.compile(r"^\+?[0-9 ()-]{10,20}$")
PHONE_DIGITS = range(10, 16)
PHONE_EXAMPLE = gettext_lazy("Enter a phone number, like 07700 900123 or 020 7946 0000.")


def whole_number(text: str | None) -> int | None:
    """``text`` as a whole number if it is only the digits 0 to 9, else None.

    ``str.isdigit`` is also true of "²" and other digits ``int`` refuses, so checking
    with it and then converting turns odd input into a server error.
    """
    text = text or ""
    return int(text) if text.isascii() and text.isdigit() else None


def is_phone_number(text: str) -> bool:
    digits = sum(ch in "0123456789" for ch in text)
    return bool(PHONE.match(text)) and digits in PHONE_DIGITS


def validate_phone_number(value: str) -> None:
    """For a model's phone field: the public page links the number (``tel:``)."""
    if value and not is_phone_number(value):
        raise ValidationError(PHONE_EXAMPLE, code="phone")
