"""Public forms of the directory: the "Things to do" filters and "Report a problem"."""

import time

from django import forms
from django.core import signing
from django.utils.datastructures import MultiValueDict

from .models import ActivityPage, Interest, ListingReport
from .models.mixins import ACCESSIBILITY_FEATURES
from .models.schedule import WEEKDAYS
from .selectors import ActivityFilters

# --- Things to do filters ----------------------------------------------------------------

DAY_CHOICES = [(name.lower(), name) for _, name in WEEKDAYS]
DAY_NUMBERS = {name.lower(): number for number, name in WEEKDAYS}
TIME_CHOICES = [
    ("morning", "Morning (starts before 12 noon)"),
    ("afternoon", "Afternoon (starts from 12 noon to 5pm)"),
    ("evening", "Evening (starts from 5pm)"),
]
# URL value, label, ActivityPage field.
WAYS = [
    ("in-person", "In person", "in_person"),
    ("online", "Online", "online"),
    ("phone", "By phone", "by_phone"),
]
ACCESS_CHOICES = [(name.replace("_", "-"), label) for name, label in ACCESSIBILITY_FEATURES]
FREE_VALUES = {"yes", "on", "true", "1"}


class YesCheckbox(forms.CheckboxInput):
    """A checkbox that sends "yes" (free=yes), for readable shared web addresses."""

    def format_value(self, value):
        return "yes"


class ThingsToDoFilterForm(forms.Form):
    """A GET form whose every value lives in the web address, so results can be shared.

    Values that are not choices (an old link, a typing mistake, a removed interest)
    are left out, and ``ignored`` says so in plain words, instead of an error page.
    """

    interest = forms.MultipleChoiceField(
        label="Interests", required=False, widget=forms.CheckboxSelectMultiple
    )
    day = forms.MultipleChoiceField(
        label="Day", choices=DAY_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    time = forms.MultipleChoiceField(
        label="Time of day",
        choices=TIME_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    free = forms.BooleanField(label="Free only", required=False, widget=YesCheckbox)
    how = forms.MultipleChoiceField(
        label="How you take part",
        choices=[(value, label) for value, label, _ in WAYS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    access = forms.MultipleChoiceField(
        label="Accessibility",
        help_text="Only show things that have all of these.",
        choices=ACCESS_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kind = forms.MultipleChoiceField(
        label="Type of activity",
        choices=ActivityPage.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    legends = {"free": "Cost"}

    def __init__(self, params=None):
        super().__init__(data=MultiValueDict())
        self.fields["interest"].choices = list(Interest.objects.values_list("slug", "name"))
        self.ignored: list[str] = []
        self.data = self._keep_known_values(params if params is not None else MultiValueDict())

    def _keep_known_values(self, params) -> MultiValueDict:
        kept = MultiValueDict()
        for name, field in self.fields.items():
            values = [value for value in params.getlist(name) if value.strip()]
            if not values:
                continue
            if isinstance(field, forms.MultipleChoiceField):
                allowed = {str(key) for key, _ in field.choices}
                known = list(dict.fromkeys(value for value in values if value in allowed))
            else:
                known = ["yes"] if all(value.lower() in FREE_VALUES for value in values) else []
            if len(known) < len(set(values)):
                self.ignored.append(
                    f"We did not recognise a choice for “{field.label}” in the web address, "
                    "so we left it out."
                )
            if known:
                kept.setlist(name, known)
        return kept

    def query_items(self) -> list[tuple[str, str]]:
        """The chosen filters as web-address parameters, in a stable order."""
        return [(name, value) for name in self.fields for value in self.data.getlist(name)]

    def to_filters(self) -> ActivityFilters:
        # Every value was checked against the choices already, so the form is valid.
        self.is_valid()
        data = self.cleaned_data
        ways = {value: field for value, _, field in WAYS}
        return ActivityFilters(
            interests=data["interest"],
            weekdays=[DAY_NUMBERS[day] for day in data["day"]],
            times_of_day=data["time"],
            free_only=data["free"],
            ways=[ways[value] for value in data["how"]],
            accessibility=[value.replace("-", "_") for value in data["access"]],
            kinds=data["kind"],
        )


# --- Report a problem ------------------------------------------------------------------

REPORT_SALT = "sites.directory.report-a-problem"
# Nobody reads a listing, chooses a reason and presses Send in under three seconds.
MIN_SECONDS_TO_FILL_IN = 3
FORM_LIFETIME_SECONDS = 24 * 60 * 60

NOT_SENT = (
    "Sorry, we could not send your report. Check your answers, wait a few seconds, "
    "then press “Send report” again."
)
EXPIRED = "This form was open for a long time. Please press “Send report” again."


def started_token(page_id: int, at: float | None = None) -> str:
    """A signed note of when the form was shown, and for which page."""
    started = time.time() if at is None else at
    return signing.dumps({"page": page_id, "at": started}, salt=REPORT_SALT)


class ReportProblemForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong?",
        choices=ListingReport.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what is wrong.", "invalid_choice": "Choose one."},
    )
    details = forms.CharField(
        label="Tell us more",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For example, the new day or time. You must fill this in if you chose "
        "“Something else”. Please do not write anything private about another person.",
        error_messages={"max_length": "Use 2,000 characters or fewer."},
    )
    email = forms.EmailField(
        label="Your email address",
        required=False,
        help_text="Only if you would like a reply. We use it only to reply about this report.",
        error_messages={
            "invalid": "Enter an email address like name@example.org, or leave it empty."
        },
    )
    # People never see this box (it is in a hidden block); form-filling robots fill it in.
    website = forms.CharField(label="Leave this empty", required=False)
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, page_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.page_id = page_id
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def _started_at(self) -> float | None:
        """When this form was shown for this page, if the signed note is genuine."""
        token = self.data.get("started", "") if self.is_bound else ""
        try:
            value = signing.loads(token, salt=REPORT_SALT)
        except signing.BadSignature:
            return None
        if not isinstance(value, dict) or value.get("page") != self.page_id:
            return None
        started = value.get("at")
        return float(started) if isinstance(started, int | float) else None

    def _seconds_open(self) -> float | None:
        started = self._started_at()
        return None if started is None else time.time() - started

    def started_token(self) -> str:
        """Keep the first note across corrections, so a quick fix is not 'too fast'."""
        seconds = self._seconds_open()
        if seconds is not None and seconds <= FORM_LIFETIME_SECONDS:
            return self.data["started"]
        return started_token(self.page_id)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == ListingReport.Reason.OTHER and not cleaned.get("details"):
            self.add_error("details", "Tell us what is wrong.")
        if cleaned.get("website"):
            raise forms.ValidationError(NOT_SENT, code="robot")
        seconds = self._seconds_open()
        if seconds is None or seconds < MIN_SECONDS_TO_FILL_IN:
            raise forms.ValidationError(NOT_SENT, code="too-fast")
        if seconds > FORM_LIFETIME_SECONDS:
            raise forms.ValidationError(EXPIRED, code="expired")
        return cleaned
