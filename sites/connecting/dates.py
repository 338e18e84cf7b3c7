"""The days a coaching record may hold: what the impact report counts has to be real.

A day something happened (a contact, a questionnaire, an end) is not after today; a day
that may be planned (a start, a meeting) is at most a year ahead; none is before 2000,
the first year the impact report can show.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

EARLIEST = datetime.date(2000, 1, 1)
PLANNED_DAYS_AHEAD = 366


def _not_too_early(value: datetime.date) -> None:
    if value < EARLIEST:
        raise ValidationError(gettext("Enter a date in 2000 or later."), code="too_early")


def happened(value: datetime.date) -> None:
    """A day something happened: not in the future."""
    _not_too_early(value)
    if value > timezone.localdate():
        raise ValidationError(
            gettext("This date is in the future. Enter the day it happened."), code="future"
        )


def planned(value: datetime.date) -> None:
    """A day that may still be ahead: at most a year."""
    _not_too_early(value)
    if value > timezone.localdate() + datetime.timedelta(days=PLANNED_DAYS_AHEAD):
        raise ValidationError(
            gettext("This date is more than a year ahead. Check the year."), code="too_late"
        )
