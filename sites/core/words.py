"""Dates and times in the one way every page, email and calendar of ours writes them:
'2pm', '2:30pm', '12 noon'; 'Tuesday 1 December'."""

import datetime

from django.utils import dateformat, timezone
from django.utils.translation import gettext


def time_in_words(value: datetime.time) -> str:
    """10:00 -> '10am', 12:00 -> '12 noon', 13:30 -> '1:30pm', 00:00 -> '12 midnight'."""
    if value.hour == 12 and value.minute == 0:
        return gettext("12 noon")
    if value.hour == 0 and value.minute == 0:
        return gettext("12 midnight")
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def date_in_words(value: datetime.date) -> str:
    # Django's date format, so the day and month are in the reader's language ("E": the
    # month as a date says it, e.g. Polish "1 grudnia").
    return dateformat.format(value, "l j E")


def moment_in_words(value: datetime.datetime, date_format: str = "j F Y") -> str:
    """'1 December 2026, 2:30pm' in London time; ``date_format`` as Django's date filter."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{dateformat.format(value, date_format)}, {time_in_words(value.time())}"
