"""Numbers typed into addresses and forms, read the one safe way."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
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


def form_limits(db_field) -> dict:
    """The form field's ``min_value`` and ``max_value`` for a model's whole-number field:
    the tightest limits of its validators (the database's range included).

    Without them a positive field's form allows 0 and up, so someone who types -1 where
    the lowest is 1 is first told "Enter 0 or more", then "Enter 1 or more" for 0. With
    them the first message says the real limit, and the number box carries min and max.
    Registered for every Wagtail admin form in ``CoreConfig.ready``.
    """

    def limits(kind):
        return [
            v.limit_value() if callable(v.limit_value) else v.limit_value
            for v in db_field.validators
            if isinstance(v, kind)
        ]

    lowest, highest = limits(MinValueValidator), limits(MaxValueValidator)
    found = {"min_value": max(lowest, default=None), "max_value": min(highest, default=None)}
    return {name: value for name, value in found.items() if value is not None}
