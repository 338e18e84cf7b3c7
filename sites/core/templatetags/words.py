"""Template filters for the one way we write dates and times (see sites/core/words.py)."""

import datetime

from django import template
from django.utils import timezone

from ..words import listed, moment_in_words, time_in_words

register = template.Library()


@register.filter
def moment(value, date_format: str = "j E Y") -> str:
    """{{ post.created_at|moment }} -> '1 December 2026, 2:30pm';
    {{ starts_at|moment:"l j E" }} -> 'Tuesday 1 December, 2:30pm'."""
    if not isinstance(value, datetime.datetime):
        return ""
    return moment_in_words(value, date_format)


@register.filter
def time_words(value) -> str:
    """A time, or a datetime's time of day in London: '2pm', '2:30pm'."""
    if isinstance(value, datetime.datetime):
        value = (timezone.localtime(value) if timezone.is_aware(value) else value).time()
    return time_in_words(value) if isinstance(value, datetime.time) else ""


@register.filter(name="listed", is_safe=True)
def listed_filter(items) -> str:
    """{{ result.facts|listed }}: 'Free, In person', with the reader's comma."""
    return listed(items or ())
