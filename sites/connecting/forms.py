"""The public forms: a person asks for support, or a professional refers them.

Both ask only what the team needs to make contact: a first name, one way to reach the
person and when, the postcode district (never a full postcode or an address).
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sites.core.antispam import HumanCheckMixin
from sites.core.languages.forms import SiteLanguageCheckboxes
from sites.core.numbers import PHONE_EXAMPLE, is_phone_number
from sites.core.text import one_line
from sites.core.text_fields import LongTextField, TextField
from sites.directory.models import Interest
from sites.directory.selectors import local_postcode_districts

from .models import (
    DISTRICT_MESSAGE,
    Referral,
    normalise_postcode_district,
    validate_postcode_district,
)


@dataclass(frozen=True)
class DistrictWords:
    hint: str
    required: str
    invalid: str


def district_words(districts: list[str]) -> DistrictWords:
    """What the postcode box says, with one of the borough's own districts as its example
    (never another borough's); without one, how to find the first part instead."""
    if not districts:
        return DistrictWords(
            hint=gettext("Only the first part, before the space. We do not need the full address."),
            required=gettext("Enter the first part of the postcode, before the space."),
            invalid=str(DISTRICT_MESSAGE),
        )
    example = {"district": districts[0]}
    return DistrictWords(
        hint=gettext("Only the first part, like %(district)s. We do not need the full address.")
        % example,
        required=gettext("Enter the first part of the postcode, like %(district)s.") % example,
        invalid=gettext(
            "Enter only the first part of the postcode, like %(district)s. Do not enter the "
            "full postcode or an address."
        )
        % example,
    )


class PersonFields(HumanCheckMixin, forms.Form):
    """What both forms ask about the person who would like support."""

    # People need time to read and fill this in; a form left open for a day is still a person's.
    human_check_min_seconds = 5
    human_check_max_age = 24 * 60 * 60

    first_name = TextField(
        label=_("First name"),
        max_length=60,
        # Their own name: the browser may fill it in (WCAG 1.3.5, input purpose).
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": _("Enter a first name.")},
    )
    contact_method = forms.ChoiceField(
        label=_("How should we get in touch?"),
        choices=Referral.ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how we should get in touch.")},
    )
    contact_detail = forms.CharField(
        label=_("Phone number or email address"),
        max_length=254,
        help_text=_("For the way you chose above. We use it only to get in touch about this."),
        error_messages={"required": _("Enter a phone number or email address.")},
    )
    contact_times = forms.CharField(
        label=_("When is a good time?"),
        max_length=200,
        required=False,
        help_text=_("For example “weekday mornings” or “after 5pm”."),
    )
    # Its examples are the borough's own districts (``district_words``).
    postcode_district = forms.CharField(label=_("First part of the postcode"), max_length=8)
    help_wanted = LongTextField(
        label=_("What would you like help with?"),
        max_length=1000,
        rows=4,
        help_text=_("For example “I would like to meet people” or “I want to get out more”."),
        error_messages={
            "required": _("Tell us in a few words what you would like help with."),
            "max_length": _("Use 1,000 characters or fewer."),
        },
    )
    interests = forms.ModelMultipleChoiceField(
        label=_("What are you interested in?"),
        queryset=Interest.objects.none(),
        required=False,
        widget=SiteLanguageCheckboxes,
        help_text=_("Choose any that you like."),
        error_messages={"invalid_choice": _("Choose interests from the list.")},
    )
    support_needed = LongTextField(
        label=_("Is there anything that would help you take part?"),
        max_length=1000,
        required=False,
        rows=3,
        help_text=_(
            "For example a large-print letter, an interpreter, or meeting somewhere "
            "with step-free access."
        ),
        error_messages={"max_length": _("Use 1,000 characters or fewer.")},
    )

    kind = Referral.Kind.SELF

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interests"].queryset = Interest.objects.order_by("sort_order", "name")
        self.district_words = district_words(local_postcode_districts(most=1))
        district = self.fields["postcode_district"]
        district.help_text = self.district_words.hint
        district.error_messages.update(
            {"required": self.district_words.required, "max_length": self.district_words.invalid}
        )

    def clean_first_name(self):
        return one_line(self.cleaned_data["first_name"])

    def clean_postcode_district(self):
        value = self.cleaned_data["postcode_district"]
        try:
            validate_postcode_district(value)
        except ValidationError as error:
            raise ValidationError(self.district_words.invalid, code=error.code) from error
        return normalise_postcode_district(value)

    def clean(self):
        cleaned = super().clean()
        method, detail = cleaned.get("contact_method"), cleaned.get("contact_detail", "").strip()
        if method and detail:
            if method == Referral.ContactMethod.EMAIL:
                try:
                    validate_email(detail)
                except ValidationError:
                    self.add_error(
                        "contact_detail", gettext("Enter an email address like name@example.org.")
                    )
            elif not is_phone_number(detail):
                self.add_error("contact_detail", PHONE_EXAMPLE)
            cleaned["contact_detail"] = detail
        return cleaned

    def service_arguments(self) -> dict:
        person = {name: self.cleaned_data[name] for name in Referral.PERSON_FIELDS}
        return {"kind": self.kind, **person}


def easy_read_district_hint(districts: list[str]) -> str:
    """The postcode box's hint in Easy Read: what "the first part" is, in one sentence,
    with the borough's own district as the example (never another borough's)."""
    if not districts:
        return gettext("The first part of your postcode is the part before the space.")
    return gettext("The first part of your postcode, like %(district)s.") % {
        "district": districts[0]
    }


# Get support's questions in Easy Read (docs/easy-read.md): field → (label, help text).
EASY_READ_WORDS = {
    "first_name": (_("Your first name"), ""),
    "contact_method": (_("How can we contact you?"), ""),
    "contact_detail": (
        _("Your phone number or email address"),
        _("We use it only to talk to you about this."),
    ),
    "contact_times": (_("When is a good time to call?"), _("For example, in the morning.")),
    "postcode_district": (_("The first part of your postcode"), None),  # easy_read_district_hint
    "help_wanted": (_("What would you like help with?"), _("For example, I want to meet people.")),
    "interests": (_("What do you like doing?"), _("Tick the ones you like.")),
    "support_needed": (
        _("What would help you take part?"),
        _("For example, big print or someone to help you talk."),
    ),
    "consent": (
        _("It is OK for the team to keep what I wrote and contact me."),
        _("Only our team sees it. You can ask us to delete it."),
    ),
}


class SelfReferralForm(PersonFields):
    consent = forms.BooleanField(
        label=_(
            "I agree that the Community Connecting team may keep these details and "
            "contact me about getting support."
        ),
        help_text=_("Only the team sees them. You can ask us to delete them at any time."),
        error_messages={"required": _("Tick the box to say you agree, so we can contact you.")},
    )

    def __init__(self, *args, easy_read: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if easy_read:
            self._use_easy_read_words()

    def _use_easy_read_words(self) -> None:
        """The same questions in Easy Read words, for a visitor who turned Easy Read on."""
        districts = local_postcode_districts(most=1)
        for name, (label, help_text) in EASY_READ_WORDS.items():
            field = self.fields[name]
            field.label = label
            field.help_text = easy_read_district_hint(districts) if help_text is None else help_text

    def service_arguments(self) -> dict:
        return {**super().service_arguments(), "consent": True}


class ProfessionalReferralForm(PersonFields):
    kind = Referral.Kind.PROFESSIONAL

    referrer_name = TextField(
        label=_("Your name"), max_length=100, error_messages={"required": _("Enter your name.")}
    )
    referrer_role = TextField(
        label=_("Your role"),
        max_length=100,
        help_text=_("For example “GP” or “social worker”."),
        error_messages={"required": _("Enter your role.")},
    )
    referrer_organisation = TextField(
        label=_("Your organisation"),
        max_length=150,
        error_messages={"required": _("Enter the name of your organisation.")},
    )
    referrer_email = forms.EmailField(
        label=_("Your work email address"),
        max_length=254,
        help_text=_("We send you a short note that we have the referral."),
        error_messages={
            "required": _("Enter your work email address."),
            "invalid": _("Enter an email address like name@example.org."),
            "max_length": _("Use an email address of 254 characters or fewer."),
        },
    )
    reason = LongTextField(
        label=_("Why are you referring them?"),
        max_length=2000,
        rows=4,
        error_messages={
            "required": _("Tell us why you are referring them."),
            "max_length": _("Use 2,000 characters or fewer."),
        },
    )
    person_agreed = forms.BooleanField(
        label=_("The person knows about this referral and has agreed to it."),
        error_messages={
            "required": _(
                "We can only take a referral the person has agreed to. Tick the box "
                "to confirm they have."
            )
        },
    )

    field_order = [
        "referrer_name",
        "referrer_role",
        "referrer_organisation",
        "referrer_email",
        *Referral.PERSON_FIELDS,
        "reason",
        "person_agreed",
    ]

    # The referrer's own details, which the browser may fill in (WCAG 1.3.5).
    REFERRER_AUTOCOMPLETE = {
        "referrer_name": "name",
        "referrer_role": "organization-title",
        "referrer_organisation": "organization",
        "referrer_email": "email",
    }
    # The person's details are someone else's: never filled in with the referrer's own.
    NOT_THE_REFERRERS = ("first_name", "contact_detail", "postcode_district")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, token in self.REFERRER_AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = token
        for name in self.NOT_THE_REFERRERS:
            self.fields[name].widget.attrs["autocomplete"] = "off"
        # The same questions, asked about someone else.
        self.fields["contact_method"].label = gettext("How should we get in touch with them?")
        self.fields["contact_detail"].help_text = gettext("Theirs, for the way chosen above.")
        self.fields["help_wanted"].label = gettext("What would they like help with?")
        self.fields["interests"].label = gettext("What are they interested in?")
        self.fields["support_needed"].label = gettext(
            "Is there anything that would help them take part?"
        )

    def service_arguments(self) -> dict:
        names = [
            "referrer_name",
            "referrer_role",
            "referrer_organisation",
            "referrer_email",
            "reason",
        ]
        return {
            **super().service_arguments(),
            **{name: self.cleaned_data[name] for name in names},
            "person_agreed": True,
            "consent": True,
        }
