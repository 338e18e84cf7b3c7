"""The form organisations, group organisers and Editors use to post an event, and the
"I'm going" date (the listing's filters are in filter_forms.py)."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

from sites.community.kept_words import KeepsWordsMixin
from sites.community.models import Event
from sites.community.services.events import ACCESSIBILITY_FIELDS, EventDetails
from sites.core.antispam import HumanCheckMixin
from sites.core.languages.forms import SiteLanguageCheckboxes
from sites.core.picture_upload import PictureFormMixin
from sites.core.text import has_letter_or_number, one_line
from sites.core.text_fields import LongTextField
from sites.core.typed_dates import TypedDateField
from sites.directory.models import Interest
from sites.directory.models.mixins import ACCESSIBILITY_FEATURES
from sites.directory.selectors import visible_places

from .filter_forms import (  # importable from here, as before
    MAX_DAYS_AHEAD,
    TIME_FORMATS,
    EventFilterForm,
    parse_date,
)
from .place_field import PLACE_HINT, PlaceChoiceField, place_hint, poster_of
from .recurrence import local_datetime

__all__ = ["AttendanceDateForm", "EventFilterForm", "EventForm", "initial_for", "parse_date"]

# --- Posting an event ---------------------------------------------------------------------------

COST_CHOICES = [("free", gettext_lazy("Free")), ("paid", gettext_lazy("There is a cost"))]
URL_TOO_LONG = gettext_lazy("That web address is too long. Use one of 200 characters or fewer.")
BOOKING_CHOICES = [
    ("just-turn-up", gettext_lazy("Just turn up: no need to book")),
    ("book", gettext_lazy("People need to book first")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value


class TimeInput(forms.TimeInput):
    input_type = "time"

    def format_value(self, value):
        if isinstance(value, datetime.time):
            return value.strftime("%H:%M")
        return value


def _enter_the(label) -> str:
    """ "Enter the start time.", in the language of the page that shows it."""
    return lazy(lambda: gettext("Enter the %(what)s.") % {"what": str(label).lower()}, str)()


def _date_field(label, help_text, required=True):
    return TypedDateField(
        label=label,
        help_text=help_text,
        required=required,
        widget=DateInput(),
        error_messages={"required": _enter_the(label)},  # "invalid": with an example
    )


def _time_field(label):
    return forms.TimeField(
        label=label,
        help_text=gettext_lazy("For example, 10am or 2:30pm."),
        input_formats=TIME_FORMATS,
        widget=TimeInput(),
        error_messages={
            "required": _enter_the(label),
            "invalid": gettext_lazy("Enter a time like 10am or 2:30pm."),
        },
    )


class EventForm(KeepsWordsMixin, HumanCheckMixin, PictureFormMixin, forms.Form):
    """What an event is, when and where it happens, what it costs, who it suits.

    ``hosts`` are whom the poster may post as (``services.events.hosts_for``); when
    editing, pass ``event`` and no hosts: the host cannot change. ``writer`` is the account
    signed in: sent back from a stale tab by another account, nothing is saved.
    """

    host = forms.ChoiceField(
        label=gettext_lazy("Who is putting on this event?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose who is putting on this event."),
            "invalid_choice": gettext_lazy("Choose who is putting on this event, from the list."),
        },
    )
    title = forms.CharField(
        label=gettext_lazy("Name of the event"),
        max_length=120,
        error_messages={
            "required": gettext_lazy("Enter the name of the event."),
            "max_length": gettext_lazy("Use 120 characters or fewer for the name."),
        },
    )
    description = LongTextField(
        label=gettext_lazy("What happens at the event"),
        max_length=4000,
        rows=6,
        help_text=gettext_lazy(
            "Who it is for and what to expect. Plain text: web addresses become links."
        ),
        error_messages={
            "required": gettext_lazy("Say what happens at the event."),
            "max_length": gettext_lazy("Use 4,000 characters or fewer."),
        },
    )
    date = _date_field(
        gettext_lazy("Date"), gettext_lazy("For an event that repeats, the first date.")
    )
    start_time = _time_field(gettext_lazy("Start time"))
    end_time = _time_field(gettext_lazy("End time"))
    repeat = forms.ChoiceField(
        label=gettext_lazy("Does it repeat?"),
        choices=Event.Repeat.choices,
        initial=Event.Repeat.NEVER,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "“Every month” means the same weekday each month, such as the second Tuesday."
        ),
        error_messages={
            "required": gettext_lazy("Choose whether the event repeats."),
            "invalid_choice": gettext_lazy("Choose whether the event repeats."),
        },
    )
    repeat_until = _date_field(
        gettext_lazy("Last date"),
        gettext_lazy(
            "For an event that repeats: the last date it happens. Leave empty if it carries on."
        ),
        required=False,
    )
    place = PlaceChoiceField(
        label=gettext_lazy("Place"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("No place: the event is online only"),
        help_text=PLACE_HINT,
        error_messages={"invalid_choice": gettext_lazy("Choose a place from the list.")},
    )
    online_url = forms.URLField(
        label=gettext_lazy("Link to join online"),
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy("For an online event, the web address people use to join."),
        max_length=200,  # the column's length: a longer address would be a server error
        error_messages={
            "invalid": gettext_lazy(
                "Enter a web address, for example https://meet.example.org/tea."
            ),
            "max_length": URL_TOO_LONG,
        },
    )
    cost = forms.ChoiceField(
        label=gettext_lazy("Cost"),
        choices=COST_CHOICES,
        initial="free",
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Say whether the event is free."),
            "invalid_choice": gettext_lazy("Say whether the event is free."),
        },
    )
    cost_details = forms.CharField(
        label=gettext_lazy("What it costs"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For example, “£3, or £1 with a concession”."),
        error_messages={"max_length": gettext_lazy("Use 200 characters or fewer.")},
    )
    booking = forms.ChoiceField(
        label=gettext_lazy("Do people need to book?"),
        choices=BOOKING_CHOICES,
        initial="just-turn-up",
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Say whether people need to book."),
            "invalid_choice": gettext_lazy("Say whether people need to book."),
        },
    )
    booking_url = forms.URLField(
        label=gettext_lazy("Where people book"),
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy("The web address of the booking page."),
        max_length=200,
        error_messages={
            "invalid": gettext_lazy(
                "Enter a web address, for example https://tickets.example.org."
            ),
            "max_length": URL_TOO_LONG,
        },
    )
    capacity = forms.IntegerField(
        label=gettext_lazy("The most people who can come"),
        required=False,
        min_value=1,
        max_value=10000,
        help_text=gettext_lazy(
            "Leave empty for no limit. When it is full, people can join a waiting list."
        ),
        error_messages={
            "invalid": gettext_lazy("Enter a whole number, such as 20, or leave it empty."),
            "min_value": gettext_lazy("Enter 1 or more, or leave it empty for no limit."),
            "max_value": gettext_lazy("Enter 10,000 or fewer, or leave it empty for no limit."),
        },
    )
    interests = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Interests"),
        queryset=Interest.objects.none(),
        required=False,
        widget=SiteLanguageCheckboxes,
        help_text=gettext_lazy("So people who share them find the event."),
    )
    access = forms.MultipleChoiceField(
        label=gettext_lazy("Accessibility"),
        choices=ACCESSIBILITY_FEATURES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("What the event offers. A place's own features are shown too."),
    )
    accessibility_notes = LongTextField(
        label=gettext_lazy("Anything else about access"),
        required=False,
        max_length=1000,
        rows=3,
        help_text=gettext_lazy("For example: lifts, lighting, seating, assistance dogs welcome."),
        error_messages={"max_length": gettext_lazy("Use 1,000 characters or fewer.")},
    )

    def __init__(self, *args, hosts=(), event: Event | None = None, today=None, **kwargs):
        if event is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(event)
        super().__init__(*args, **kwargs)
        self.event = event
        self.single_host = ""
        self.today = today or timezone.localdate()
        self.fields["place"].queryset = visible_places().order_by("title")
        self.fields["interests"].queryset = Interest.objects.order_by("name")
        if event is not None:
            del self.fields["host"]
        else:
            self.fields["host"].choices = [(host.key, host.label) for host in hosts]
            if len(hosts) == 1:
                self.fields["host"].initial = hosts[0].key
                self.fields["host"].widget = forms.HiddenInput()
                self.single_host = hosts[0].label
        self.fields["place"].help_text = lazy(place_hint, str)(poster_of(hosts, event))
        for name in ("title", "cost_details"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.setup_picture(event)

    def clean_title(self):
        title = one_line(self.cleaned_data["title"])
        if not has_letter_or_number(title):
            raise forms.ValidationError(gettext_lazy("Enter the name of the event."))
        return title

    def clean(self):
        cleaned = super().clean()
        day, start, end = (cleaned.get(n) for n in ("date", "start_time", "end_time"))
        if start and end and end <= start:
            self.add_error(
                "end_time",
                gettext_lazy(
                    "The end time must be after the start time. Events start and finish on "
                    "the same day."
                ),
            )
        date_changed = self.event is None or (
            day and day != timezone.localdate(self.event.starts_at)
        )
        if day and date_changed and day < self.today:
            self.add_error("date", gettext_lazy("The date must be today or in the future."))
        # As far ahead as the events list shows (and a date near the year 9999 would
        # break every page that works out the event's next time).
        furthest = self.today + datetime.timedelta(days=MAX_DAYS_AHEAD)
        if day and day > furthest:
            self.add_error(
                "date", gettext_lazy("Events can be up to two years ahead. Choose an earlier date.")
            )
        if cleaned.get("repeat") == Event.Repeat.NEVER:
            cleaned["repeat_until"] = None
        until = cleaned.get("repeat_until")
        if day and until and until <= day:
            self.add_error(
                "repeat_until", gettext_lazy("The last date must be after the first date.")
            )
        elif until and until > furthest:
            self.add_error(
                "repeat_until",
                gettext_lazy(
                    "The last date can be up to two years ahead. "
                    "Leave it empty if the event carries on."
                ),
            )
        # Only when both answers were valid (a bad link has its own message already).
        no_place = "place" in cleaned and not cleaned.get("place")
        if no_place and "online_url" in cleaned and not cleaned.get("online_url"):
            self.add_error(
                "online_url",
                gettext_lazy("Choose a place, or give the link people use to join online."),
            )
        if cleaned.get("cost") == "paid" and not (cleaned.get("cost_details") or "").strip():
            self.add_error("cost_details", gettext_lazy("Say what it costs, or choose “Free”."))
        wants_booking = cleaned.get("booking") == "book" and "booking_url" in cleaned
        if wants_booking and not cleaned.get("booking_url"):
            self.add_error("booking_url", gettext_lazy("Give the web address where people book."))
        return cleaned

    def details(self) -> EventDetails:
        data = self.cleaned_data
        return EventDetails(
            title=data["title"],
            description=data["description"],
            starts_at=local_datetime(data["date"], data["start_time"]),
            ends_at=local_datetime(data["date"], data["end_time"]),
            repeat=data["repeat"],
            repeat_until=data["repeat_until"],
            place=data["place"],
            online_url=data["online_url"],
            is_free=data["cost"] == "free",
            cost_details=data["cost_details"],
            just_turn_up=data["booking"] == "just-turn-up",
            booking_url=data["booking_url"],
            capacity=data["capacity"],
            interests=list(data["interests"]),
            accessibility=list(data["access"]),
            accessibility_notes=data["accessibility_notes"],
            picture=self.picture_change(),
        )


def initial_for(event: Event) -> dict:
    """The form's starting values for editing ``event``."""
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    return {
        "title": event.title,
        "description": event.description,
        "date": start.date(),
        "start_time": start.time().replace(second=0, microsecond=0),
        "end_time": end.time().replace(second=0, microsecond=0),
        "repeat": event.repeat,
        "repeat_until": event.repeat_until,
        "place": event.place_id,
        "online_url": event.online_url,
        "cost": "free" if event.is_free else "paid",
        "cost_details": event.cost_details,
        "booking": "just-turn-up" if event.just_turn_up else "book",
        "booking_url": event.booking_url,
        "capacity": event.capacity,
        "interests": list(event.interests.values_list("pk", flat=True)),
        "access": [name for name in ACCESSIBILITY_FIELDS if getattr(event, name)],
        "accessibility_notes": event.accessibility_notes,
    }


# --- "I'm going" on one date --------------------------------------------------------------------


class AttendanceDateForm(forms.Form):
    """The date an "I'm going" or "I can't go now" button is for (a hidden field, as
    YYYY-MM-DD). Whether the event happens on it is the service's question."""

    date = forms.DateField(
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": gettext_lazy("Please choose one of the dates shown on the event's page."),
            "invalid": gettext_lazy("Please choose one of the dates shown on the event's page."),
        },
    )

    def problem(self) -> str | None:
        """None if the date can be read; otherwise what to tell the person."""
        if self.is_valid():
            return None
        return self.errors["date"][0]
