"""The events listing's filters: the directory's "Things to do" filters, for events."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext, gettext_lazy, pgettext

from sites.core.typed_dates import example_date, read_date
from sites.directory.forms import ThingsToDoFilterForm
from sites.directory.models.schedule import date_in_words

# URL value, label, what it means for an event (see selectors.filter_events).
EVENT_WAYS = [
    ("in-person", gettext_lazy("In person"), "in_person"),
    ("online", gettext_lazy("Online"), "online"),
]
# The date picker goes no further ahead than this.
MAX_DAYS_AHEAD = 2 * 366


# The hint's "10am" and "2:30pm" as well as the 24-hour clock a time picker sends.
TIME_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S", "%I%p", "%I %p", "%I:%M%p", "%I:%M %p", "%I.%M%p"]


def parse_date(value: str) -> datetime.date | None:
    """A date as the reader typed it, in the page's language (sites/core/typed_dates.py)."""
    return read_date(value)


class EventFilterForm(ThingsToDoFilterForm):
    """The same filters, words and web addresses as "Things to do", less the type of
    activity and "by phone", plus the first day to show (``from``, a plain date field)."""

    kind = None
    ways = EVENT_WAYS
    how = forms.MultipleChoiceField(
        label=gettext_lazy("How you take part"),
        choices=[(value, label) for value, label, _ in EVENT_WAYS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, params=None, today: datetime.date | None = None):
        params = params if params is not None else MultiValueDict()
        super().__init__(params)
        self.today = today or timezone.localdate()
        self.first_day = self.today
        self.date_text = ""
        raw = (params.get("from") or "").strip()
        if raw:
            chosen = parse_date(raw)
            if chosen is None:
                self.ignored.append(
                    gettext(
                        "We could not read the date “%(typed)s”. Write it like %(example)s. "
                        "Here is what is on from today."
                    )
                    % {"typed": raw[:40], "example": example_date()}
                )
            elif chosen > self.today + datetime.timedelta(days=MAX_DAYS_AHEAD):
                self.ignored.append(
                    gettext_lazy(
                        "We list events up to two years ahead, so here is what is on from today."
                    )
                )
            elif chosen < self.today:
                self.ignored.append(
                    gettext_lazy(
                        "Events that have finished are not listed, "
                        "so here is what is on from today."
                    )
                )
            else:
                self.first_day = chosen
                self.date_text = chosen.isoformat()

    def query_items(self, with_date: bool = True) -> list[tuple[str, str]]:
        items = super().query_items()
        if with_date and self.date_text:
            items.append(("from", self.date_text))
        return items

    def chosen_in_words(self) -> list[str]:
        chosen = super().chosen_in_words()
        if self.date_text:
            chosen.insert(
                0,
                pgettext("the first day of events shown", "from %(date)s")
                % {"date": f"{date_in_words(self.first_day)} {self.first_day.year}"},
            )
        return chosen
