"""Dates as people type them into a date box, in the language of the page.

A reader writes a date the way their language does: "27 marca 2026" or "27 marzec 2026"
in Polish, "27 مارس 2026" in Arabic (perhaps with Arabic-Indic digits, "٢٧"), "27 March
2026" in English, or in numbers: 27.03.2026, 27/03/2026, 27-03-2026, 2026-03-27. The
month names are Django's own translations of them (every form Django has: the name, the
name as a date says it, the short names), so each language the platform offers is read
in its own words, and English names are always understood too. Numbers are read day
first, as everywhere in the UK and in these languages; a year has four digits.

``example_date`` writes the hint's example the same way, so the box always understands
the date its hint shows.
"""

import datetime
import re
import unicodedata
from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils import dateformat, timezone, translation
from django.utils.dates import MONTHS, MONTHS_3, MONTHS_ALT, MONTHS_AP
from django.utils.functional import lazy
from django.utils.translation import gettext

# Marks that only steer the direction of text (LRM, RLM, ALM, isolates, embeddings).
_DIRECTION_MARKS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What may stand between a date's parts: spaces, dots, slashes, dashes, commas (Arabic too).
_SEPARATORS = re.compile(r"[\s.,/\\\-\u2010-\u2015\u060c]+")
# Said after a year in Polish ("27 marca 2026 r."); nothing else is ignored.
_YEAR_WORDS = {"r"}
EXAMPLE_DAYS_AHEAD = 14


def _plain(word: str) -> str:
    """Lower case, without accents: "Października" and "pazdziernika" read the same."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=32)
def _month_names(language: str) -> dict[str, int]:
    """Every name Django gives the months in ``language`` (and in English), plainly
    written, with its month number; a name two months share is left out."""
    found: dict[str, set[int]] = {}
    for code in dict.fromkeys(["en", language]):
        with translation.override(code):
            for names in (MONTHS, MONTHS_ALT, MONTHS_3, MONTHS_AP):
                for number, name in names.items():
                    found.setdefault(_plain(str(name)).rstrip("."), set()).add(number)
    return {name: numbers.pop() for name, numbers in found.items() if len(numbers) == 1}


def _ascii_digits(text: str) -> str:
    """Arabic-Indic, Persian and other decimal digits as 0-9 ("٢٧" → "27")."""
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in text)


def read_date(text: str | None, language: str | None = None) -> datetime.date | None:
    """The date ``text`` means in ``language`` (the active one by default), or None when
    it is not a date we can read: never an exception, whatever was typed."""
    text = _DIRECTION_MARKS.sub("", _ascii_digits(unicodedata.normalize("NFKC", text or "")))
    parts = [part for part in _SEPARATORS.split(text.strip()) if part]
    if parts and _plain(parts[-1]) in _YEAR_WORDS:
        parts.pop()
    if len(parts) != 3 or len(text) > 60:
        return None
    months = _month_names(language or translation.get_language() or "en")
    numbers = [int(part) if part.isascii() and part.isdigit() else None for part in parts]
    named = [months.get(_plain(part).rstrip(".")) for part in parts]
    if all(number is not None for number in numbers):
        if len(parts[0]) == 4 and len(parts[2]) <= 2:  # 2026-03-27
            year, month, day = numbers
        elif len(parts[2]) == 4 and len(parts[0]) <= 2:  # 27.03.2026, 27/03/2026
            day, month, year = numbers
        else:
            return None
    elif sum(month is not None for month in named) == 1 and numbers.count(None) == 1:
        month = next(month for month in named if month is not None)
        rest = [(part, number) for part, number in zip(parts, numbers, strict=True) if number]
        years = [number for part, number in rest if len(part) == 4]
        days = [number for part, number in rest if len(part) <= 2]
        if len(years) != 1 or len(days) != 1:
            return None
        year, day = years[0], days[0]
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:  # 31 February, month 13, year 0
        return None


def example_date(day: datetime.date | None = None) -> str:
    """A date as the reader's language writes it in words ("27 marca 2026", "27 March
    2026"), for a hint: always a form :func:`read_date` reads. By default two weeks from
    today, a date a box for coming days accepts."""
    day = day or timezone.localdate() + datetime.timedelta(days=EXAMPLE_DAYS_AHEAD)
    return dateformat.format(day, "j E Y")


def _a_real_date() -> str:
    return gettext("Enter a real date, for example %(date)s.") % {"date": example_date()}


class TypedDateField(forms.DateField):
    """A form's date box that reads the date as the reader writes it (:func:`read_date`);
    a browser's date picker sends 2026-03-27, which it reads too."""

    default_error_messages = {"invalid": lazy(_a_real_date, str)()}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        day = read_date(str(value))
        if day is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return day
