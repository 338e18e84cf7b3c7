"""The period a report covers, chosen with a form that says plainly what is wrong."""

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


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last 12 months, today included."""
    try:
        start = today.replace(year=today.year - 1) + datetime.timedelta(days=1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28) + datetime.timedelta(days=1)
    return start, today


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
                % {"date": date_format(EARLIEST, "j F Y")},
            )
        if end and end > self.today:
            self.add_error("end", gettext("The period cannot end after today."))
        if start and end and start > end:
            self.add_error("end", gettext("The last day must be on or after the first day."))
        elif start and end and (end - start).days > LONGEST_DAYS:
            self.add_error("end", gettext("Choose a period of ten years or less."))
        return cleaned

    @property
    def query(self) -> str:
        """The period as a query string, for the CSV and print links."""
        start, end = self.cleaned_data["start"], self.cleaned_data["end"]
        return f"start={start:%Y-%m-%d}&end={end:%Y-%m-%d}"
