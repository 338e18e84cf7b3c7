"""Dates and times in the one way every page, email and calendar of ours writes them:
'2pm', '2:30pm', '12 noon'; 'Tuesday 1 December'. Readers of other languages get their
own language's clock ('14:30' in Polish, '2:30 م' in Arabic) and day and month names."""

import datetime
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import dateformat, formats, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, pgettext


def time_in_words(value: datetime.time) -> str:
    """10:00 -> '10am', 12:00 -> '12 noon', 13:30 -> '1:30pm', 00:00 -> '12 midnight'."""
    language = get_language() or "en"
    if not language.startswith("en"):
        return _local_time(language, value)
    if value.hour == 12 and value.minute == 0:
        return gettext("12 noon")
    if value.hour == 0 and value.minute == 0:
        return gettext("12 midnight")
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


# A language Django has no clock format for (Somali) would get English "1:30 p.m.".
ENGLISH_TIME_FORMAT = "P"


@lru_cache(maxsize=4096)
def _local_time(language: str, value: datetime.time) -> str:
    # "am" and "pm" are English: other readers see the time as their language writes it.
    time_format = formats.get_format("TIME_FORMAT", language)
    return dateformat.time_format(
        value, "H:i" if time_format == ENGLISH_TIME_FORMAT else time_format
    )


def day_name(value: datetime.date) -> str:
    """'Tuesday', in the reader's language."""
    return dateformat.format(value, "l")


def date_in_words(value: datetime.date) -> str:
    # Django's date format, so the day and month are in the reader's language ("E": the
    # month as a date says it, e.g. Polish "1 grudnia").
    if type(value) is datetime.date:
        return _date_in(get_language(), value)
    return dateformat.format(value, "l j E")


@lru_cache(maxsize=4096)
def _date_in(language: str, value: datetime.date) -> str:
    # Once per day and language: a page of search results writes twenty dates, each
    # translating a day and a month name (English lookups walk every catalogue).
    return dateformat.format(value, "l j E")


_REMEMBERED = [_date_in, _local_time]


def in_each_language(words):
    """``words()`` (a constant text, translated) worked out once per language: pages
    write some texts once per result, and a lookup of an English text walks every
    catalogue."""
    remembered = lru_cache(maxsize=64)(lambda language: words())
    _REMEMBERED.append(remembered)
    return lambda: remembered(get_language())


@in_each_language
def _list_separator():
    # Arabic writes its own comma ("، "), and the sentence's words do not take ours.
    return pgettext("between the things of a list", ", ")


def listed(items) -> SafeString:
    """'Free, In person', with the reader's language's comma; each item escaped."""
    separator = conditional_escape(_list_separator())
    return mark_safe(separator.join(conditional_escape(item) for item in items))


@receiver(setting_changed)
def _forget_words(*, setting, **kwargs):
    if setting in {
        "LANGUAGES",
        "LANGUAGE_CODE",
        "LOCALE_PATHS",
        "INSTALLED_APPS",
        "TIME_FORMAT",
        "FORMAT_MODULE_PATH",
    }:
        for remembered in _REMEMBERED:
            remembered.cache_clear()


# Arabic joins them with its own comma ("،").
_date_and_time = in_each_language(lambda: gettext("%(date)s, %(time)s"))


def moment_in_words(value: datetime.datetime, date_format: str = "j E Y") -> str:
    """'1 December 2026, 2:30pm' in London time; ``date_format`` as Django's date filter."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return _date_and_time() % {
        "date": dateformat.format(value, date_format),
        "time": time_in_words(value.time()),
    }
