"""The period a report covers, chosen with a form that says plainly what is wrong."""

import datetime

from django import forms
from django.utils import timezone

EARLIEST = datetime.date(2000, 1, 1)
LONGEST_DAYS = 10 * 366
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %m %Y"]
BAD_DATE = "Enter a real date, like 2026-04-01 or 01/04/2026."


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last 12 months, today included."""
    try:
        start = today.replace(year=today.year - 1) + datetime.timedelta(days=1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28) + datetime.timedelta(days=1)
    return start, today


class PeriodForm(forms.Form):
    start = forms.DateField(
        label="From",
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the first day of the period.", "invalid": BAD_DATE},
    )
    end = forms.DateField(
        label="To",
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the last day of the period.", "invalid": BAD_DATE},
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
            self.add_error("start", f"Choose a date from {EARLIEST:%-d %B %Y} on.")
        if end and end > self.today:
            self.add_error("end", "The period cannot end after today.")
        if start and end and start > end:
            self.add_error("end", "The last day must be on or after the first day.")
        elif start and end and (end - start).days > LONGEST_DAYS:
            self.add_error("end", "Choose a period of ten years or less.")
        return cleaned

    @property
    def query(self) -> str:
        """The period as a query string, for the CSV and print links."""
        start, end = self.cleaned_data["start"], self.cleaned_data["end"]
        return f"start={start:%Y-%m-%d}&end={end:%Y-%m-%d}"
