"""The period a report covers: one whole calendar quarter that has ended, chosen from a list.

Reports never overlap. With any run of months, two reports (September, and September
and October) differ by October alone, and their means and counts give October's few
people's away whatever each report hides (the trial's finding: +4.3 for "5" people and
+3.6 for "5" people fit only 5 and 7, so October's 2 people's mean was known). With one
granularity of fixed, separate periods, any two reports a person can ask for are either
the same or have nobody in common, so the small-number rules of each report
(``suppression.py``) are all there is to get round, and they hold. A quarter not over
yet is not offered: its figures would change from one day to the next.

``Quarter`` is the one way a period reaches the selectors and services, and
``closed_quarter`` the one check they all make (``NotAClosedQuarter`` otherwise), so no
caller can ask for a run of days or a quarter not over yet.
"""

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime.date(2000, 1, 1)
QUARTER = re.compile(r"^\s*(\d{4})-Q([1-4])\s*$")


class NotAClosedQuarter(ValueError):
    """What the report's selectors and services raise for a period that is not one whole
    calendar quarter that has ended: its message says which, in plain words."""


@dataclass(frozen=True, order=True)
class Quarter:
    """One calendar quarter: ``number`` 1 (January to March) to 4 (October to December)."""

    year: int
    number: int

    @property
    def start(self) -> datetime.date:
        return quarter_bounds(self.year, self.number)[0]

    @property
    def end(self) -> datetime.date:
        return quarter_bounds(self.year, self.number)[1]

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.number}"

    def __str__(self):
        return quarter_name(self.year, self.number)


def closed_quarter(quarter, today: datetime.date | None = None) -> Quarter:
    """``quarter`` if it is a whole calendar quarter from 2000 that has ended by ``today``;
    otherwise ``NotAClosedQuarter`` with a clear message. The one check every selector and
    service of the report goes through, whoever calls it."""
    if not isinstance(quarter, Quarter) or not (
        isinstance(quarter.year, int) and isinstance(quarter.number, int)
    ):
        raise NotAClosedQuarter(gettext("Choose a quarter from the list, like 2025-Q4."))
    if quarter.number not in (1, 2, 3, 4):
        raise NotAClosedQuarter(gettext("Choose a quarter from the list, like 2025-Q4."))
    if quarter.year < EARLIEST.year:
        raise NotAClosedQuarter(gettext("Choose a quarter from 2000 on."))
    last = Quarter(*last_ended_quarter(today or timezone.localdate()))
    if quarter > last:
        raise NotAClosedQuarter(
            gettext("The report covers quarters that have ended. Choose %(quarter)s or earlier.")
            % {"quarter": last}
        )
    return quarter


def quarter_bounds(year: int, number: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of quarter ``number`` (1 to 4) of ``year``."""
    start = datetime.date(year, 3 * number - 2, 1)
    after = datetime.date(year + 1, 1, 1) if number == 4 else datetime.date(year, 3 * number + 1, 1)
    return start, after - datetime.timedelta(days=1)


# A quarter is reported (and so frozen, frozen.py) this long after it ends, not on its
# first morning: by then the last day's visitors are counted (count_visitors looks back
# 3 days), and the questionnaires done on paper near its end are typed in.
REPORTED_AFTER_DAYS = 14


def last_ended_quarter(today: datetime.date) -> tuple[int, int]:
    """(year, number) of the last quarter that ended ``REPORTED_AFTER_DAYS`` or more
    before ``today``: the newest the report offers."""
    today = today - datetime.timedelta(days=REPORTED_AFTER_DAYS)
    number = (today.month - 1) // 3  # the quarters wholly before this one's
    return (today.year, number) if number else (today.year - 1, 4)


def quarter_name(year: int, number: int) -> str:
    start, end = quarter_bounds(year, number)
    return gettext("%(first)s to %(last)s %(year)s") % {
        "first": date_format(start, "F"),
        "last": date_format(end, "F"),
        "year": year,
    }


def ended_quarters(today: datetime.date) -> list[tuple[str, str]]:
    """Every quarter from 2000 to the last that has ended, newest first, as choices."""
    year, number = last_ended_quarter(today)
    choices = []
    while year >= EARLIEST.year:
        choices.append((f"{year}-Q{number}", quarter_name(year, number)))
        year, number = (year, number - 1) if number > 1 else (year - 1, 4)
    return choices


class PeriodForm(forms.Form):
    quarter = forms.CharField(
        label=_("Quarter"),
        error_messages={"required": _("Choose a quarter.")},
    )

    def __init__(self, data=None, *, today: datetime.date | None = None):
        self.today = today or timezone.localdate()
        year, number = last_ended_quarter(self.today)
        if not data or "quarter" not in data:
            data = {"quarter": f"{year}-Q{number}"}
        super().__init__(data)
        self.fields["quarter"].widget = forms.Select(choices=ended_quarters(self.today))

    def clean_quarter(self):
        found = QUARTER.match(self.cleaned_data["quarter"])
        if not found:
            raise forms.ValidationError(gettext("Choose a quarter from the list, like 2025-Q4."))
        try:
            quarter = closed_quarter(Quarter(int(found[1]), int(found[2])), self.today)
        except NotAClosedQuarter as refused:
            raise forms.ValidationError(str(refused)) from None
        self.cleaned_data["start"], self.cleaned_data["end"] = quarter.start, quarter.end
        return quarter

    @property
    def query(self) -> str:
        """The period as a query string, for the CSV and print links."""
        return f"quarter={self.cleaned_data['quarter'].code}"
