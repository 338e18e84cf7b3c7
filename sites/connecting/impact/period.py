"""The period a report covers, chosen with a form that says plainly what is wrong.

A report covers whole calendar months that have ended. With any days, two reports a day
apart would differ by one person's answers (77 % of 26 against 76 % of 25: the one who
answered that day said yes), which the small-number rules of one report cannot hide.
The days asked for are widened to their months, and a month not over yet is left out.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime.date(2000, 1, 1)
LONGEST_DAYS = 10 * 366
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %m %Y"]
BAD_DATE = _("Enter a real date, like 2026-04-01 or 01/04/2026.")


def _month_end(day: datetime.date) -> datetime.date:
    next_month = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return next_month - datetime.timedelta(days=1)


def last_reported_day(today: datetime.date) -> datetime.date:
    """The last day of the last month that has ended."""
    return today.replace(day=1) - datetime.timedelta(days=1)


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last 12 whole months."""
    end = last_reported_day(today)
    month_after = end + datetime.timedelta(days=1)
    return month_after.replace(year=month_after.year - 1), end


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Enter the first day of the period."), "invalid": BAD_DATE},
    )
    end = forms.DateField(
        label=_("To"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Enter the last day of the period."), "invalid": BAD_DATE},
    )

    def __init__(self, data=None, *, today: datetime.date | None = None):
        self.today = today or timezone.localdate()
        start, end = default_period(self.today)
        if not data or not ({"start", "end"} & set(data)):
            data = {"start": start.isoformat(), "end": end.isoformat()}
        super().__init__(data)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and start < EARLIEST:
            self.add_error(
                "start",
                gettext("Choose a date from %(date)s on.")
                % {"date": date_format(EARLIEST, "j E Y")},
            )
        if start and end and start > end:
            self.add_error("end", gettext("The last day must be on or after the first day."))
            return cleaned
        if start:
            start = cleaned["start"] = start.replace(day=1)
        if end:
            # Capped first: the month of 9999-12-31 has no end in Python's dates.
            end = cleaned["end"] = _month_end(min(end, last_reported_day(self.today)))
        if start and start > last_reported_day(self.today):
            self.add_error(
                "start",
                gettext("The report covers months that have ended. Choose %(month)s or earlier.")
                % {"month": date_format(last_reported_day(self.today), "F Y")},
            )
        elif start and end and (end - start).days > LONGEST_DAYS:
            self.add_error("end", gettext("Choose a period of ten years or less."))
        return cleaned

    @property
    def query(self) -> str:
        """The period as a query string, for the CSV and print links."""
        start, end = self.cleaned_data["start"], self.cleaned_data["end"]
        return f"start={start:%Y-%m-%d}&end={end:%Y-%m-%d}"
