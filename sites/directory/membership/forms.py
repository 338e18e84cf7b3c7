"""The public "List your organisation" form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sites.core.antispam import HumanCheckMixin
from sites.core.numbers import PHONE_EXAMPLE, is_phone_number
from sites.core.text_fields import LongTextField, TextField


class JoinRequestForm(HumanCheckMixin, forms.Form):
    """Anyone may ask, so the shared honeypot and time check keep robots out."""

    # Nobody reads this form, fills in six boxes and presses Send in under five seconds;
    # a request sent a day after the page was opened is still a person's.
    human_check_min_seconds = 5
    human_check_max_age = 24 * 60 * 60
    # "website" is a real question here, so the honeypot has another name.
    human_check_honeypot = "homepage"

    organisation_name = TextField(
        label=_("Name of your organisation or group"),
        max_length=120,
        error_messages={"required": _("Enter the name of your organisation or group.")},
    )
    summary = LongTextField(
        label=_("What does it do?"),
        max_length=250,
        help_text=_(
            "One or two plain sentences, for example “A walking group for people "
            "over 50 that meets every Tuesday”."
        ),
        rows=3,
        error_messages={
            "required": _("Tell us in a sentence what your organisation does."),
            "max_length": _("Use 250 characters or fewer."),
        },
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        # The columns' lengths: anything longer would be a server error.
        max_length=200,
        error_messages={
            "invalid": _("Enter a web address like https://example.org."),
            "max_length": _("That web address is too long. Use one of 200 characters or fewer."),
        },
    )
    charity_number = forms.CharField(
        label=_("Registered charity number"),
        max_length=20,
        required=False,
        help_text=_("If you are a registered charity."),
    )
    contact_name = TextField(
        label=_("Your name"),
        max_length=100,
        error_messages={"required": _("Enter your name.")},
    )
    contact_email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_(
            "We write to you here, and it becomes your sign-in to update the listing. "
            "We do not show it on the site."
        ),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.org."),
            "max_length": _("That email address is too long. Use one of 254 characters or fewer."),
        },
    )
    contact_phone = forms.CharField(
        label=_("Your phone number"),
        max_length=30,
        required=False,
        help_text=_("In case we need to talk. We do not show it on the site."),
        error_messages={"max_length": PHONE_EXAMPLE},
    )

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and not is_phone_number(phone):
            raise forms.ValidationError(PHONE_EXAMPLE)
        return phone

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        autocomplete = {
            "organisation_name": "organization",
            "website": "url",
            "contact_name": "name",
            "contact_email": "email",
            "contact_phone": "tel",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value

    def service_arguments(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in (
                "organisation_name",
                "summary",
                "website",
                "charity_number",
                "contact_name",
                "contact_email",
                "contact_phone",
            )
        }
