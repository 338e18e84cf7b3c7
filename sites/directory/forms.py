"""Public forms of the directory: the "Things to do" filters and "Report a problem"."""

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sites.core.antispam import HumanCheckMixin
from sites.core.languages.forms import SiteLanguageCheckboxes
from sites.core.text import has_visible_character
from sites.core.text_fields import LongTextField

from .models import ActivityPage, Interest, ListingReport
from .models.mixins import ACCESSIBILITY_FILTERS
from .models.schedule import WEEKDAYS
from .selectors import ActivityFilters

# --- Things to do filters ----------------------------------------------------------------

DAY_CHOICES = [(name.lower(), name) for _, name in WEEKDAYS]
DAY_NUMBERS = {name.lower(): number for number, name in WEEKDAYS}
TIME_CHOICES = [
    ("morning", _("Morning (starts before 12 noon)")),
    ("afternoon", _("Afternoon (starts from 12 noon to 5pm)")),
    ("evening", _("Evening (starts from 5pm)")),
]
# The same, short, for the folded filters' summary of what is chosen.
TIME_NAMES = {"morning": _("Morning"), "afternoon": _("Afternoon"), "evening": _("Evening")}
# URL value, label, ActivityPage field.
WAYS = [
    ("in-person", _("In person"), "in_person"),
    ("online", _("Online"), "online"),
    ("phone", _("By phone"), "by_phone"),
]
ACCESS_CHOICES = [(name.replace("_", "-"), label) for name, label in ACCESSIBILITY_FILTERS]
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
        label=_("Interests"), required=False, widget=SiteLanguageCheckboxes
    )
    day = forms.MultipleChoiceField(
        label=_("Day"), choices=DAY_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    time = forms.MultipleChoiceField(
        label=_("Time of day"),
        choices=TIME_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    free = forms.BooleanField(label=_("Free only"), required=False, widget=YesCheckbox)
    how = forms.MultipleChoiceField(
        label=_("How you take part"),
        choices=[(value, label) for value, label, _ in WAYS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    access = forms.MultipleChoiceField(
        label=_("Accessibility"),
        help_text=_("Only show things that have all of these."),
        choices=ACCESS_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kind = forms.MultipleChoiceField(
        label=_("Type of activity"),
        choices=ActivityPage.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    legends = {"free": _("Cost")}

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
                    gettext(
                        "We did not recognise a choice for “%(label)s” in the web address, "
                        "so we left it out."
                    )
                    % {"label": field.label}
                )
            if known:
                kept.setlist(name, known)
        return kept

    def query_items(self) -> list[tuple[str, str]]:
        """The chosen filters as web-address parameters, in a stable order."""
        return [(name, value) for name in self.fields for value in self.data.getlist(name)]

    def chosen_in_words(self) -> list[str]:
        """What is chosen, in the choices' own words, for the folded filters' summary."""
        chosen = []
        for name, field in self.fields.items():
            values = self.data.getlist(name)
            if not values:
                continue
            if isinstance(field, forms.MultipleChoiceField):
                labels = {str(key): label for key, label in field.choices}
                if name == "time":
                    labels |= TIME_NAMES
                chosen += [labels[value] for value in values]
            else:
                chosen.append(field.label)
        return chosen

    # (URL value, label, ActivityFilters way) of the "how" choices; the events' form has its own.
    ways = WAYS

    def to_filters(self) -> ActivityFilters:
        # Every value was checked against the choices already, so the form is valid.
        self.is_valid()
        data = self.cleaned_data
        ways = {value: field for value, _, field in self.ways}
        return ActivityFilters(
            interests=data["interest"],
            weekdays=[DAY_NUMBERS[day] for day in data["day"]],
            times_of_day=data["time"],
            free_only=data["free"],
            ways=[ways[value] for value in data["how"]],
            accessibility=[value.replace("-", "_") for value in data["access"]],
            kinds=data.get("kind") or [],
        )


# --- Report a problem ------------------------------------------------------------------


class ReportProblemForm(HumanCheckMixin, forms.Form):
    """Anyone may report a listing, so the shared honeypot and time check keep robots out."""

    # A report sent a day after the page was opened is still a person's.
    human_check_max_age = 24 * 60 * 60

    reason = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=ListingReport.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is wrong."), "invalid_choice": _("Choose one.")},
    )
    details = LongTextField(
        label=_("Tell us more"),
        required=False,
        max_length=2000,
        rows=5,
        help_text=_(
            "For example, the new day or time. You must fill this in if you chose "
            "“Something else”. Please do not write anything private about another person."
        ),
        error_messages={"max_length": _("Use 2,000 characters or fewer.")},
    )
    email = forms.EmailField(
        label=_("Your email address"),
        required=False,
        help_text=_("Only if you would like a reply. We use it only to reply about this report."),
        max_length=254,  # the column's length: a longer address would be a server error
        error_messages={
            "invalid": _("Enter an email address like name@example.org, or leave it empty."),
            "max_length": _("That email address is too long. Use one of 254 characters or fewer."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean(self):
        cleaned = super().clean()
        something_else = cleaned.get("reason") == ListingReport.Reason.OTHER
        if something_else and not has_visible_character(cleaned.get("details", "")):
            self.add_error("details", gettext("Tell us what is wrong."))
        return cleaned
