from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from themes.registry import theme_choices


class LaunchBoroughForm(forms.Form):
    name = forms.CharField(
        max_length=100, label=_("Borough name"), help_text=_("For example: Lambeth")
    )
    slug = forms.CharField(
        max_length=40,
        label=_("Short name"),
        help_text=_("Lower-case letters, numbers and hyphens. It names the database schema."),
    )
    domain = forms.CharField(
        max_length=253,
        label=_("Web address"),
        help_text=_("The host name only, for example lambeth.localhost"),
    )
    admin_email = forms.EmailField(
        label=_("First administrator's email"),
        help_text=_("They will get an email with a link to choose their password."),
    )
    team_email = forms.EmailField(
        required=False,
        label=_("Community Connecting team's email"),
        help_text=_(
            "A shared team address, shown on every page and in the standard pages; "
            "replies to borough emails go here too. Never a person's own address."
        ),
    )
    team_phone = forms.CharField(
        required=False,
        max_length=30,
        label=_("Community Connecting team's phone number"),
        help_text=_(
            "Shown on every page. Without a team email or phone, pages show no "
            "contact until a borough admin adds one in Branding."
        ),
    )
    safeguarding_email = forms.EmailField(
        required=False,
        label=_("Safeguarding lead's email"),
        help_text=_(
            "Reports that someone may be at risk of harm are emailed here at once. "
            "Until it is set, they go to the administrators."
        ),
    )
    safeguarding_name = forms.CharField(
        required=False, max_length=100, label=_("Safeguarding lead's name")
    )
    safeguarding_phone = forms.CharField(
        required=False, max_length=30, label=_("Safeguarding lead's phone")
    )
    theme = forms.ChoiceField(choices=theme_choices, initial="default")
    default_language = forms.ChoiceField(
        choices=settings.WAGTAIL_CONTENT_LANGUAGES, initial="en-gb", label=_("Main language")
    )

    def apply_service_errors(self, field_errors: dict[str, list[str]]) -> None:
        for field_name, messages in field_errors.items():
            target = field_name if field_name in self.fields else None
            for message in messages:
                self.add_error(target, message)


class SignInForm(AuthenticationForm):
    """Django's sign-in form without autofocus: the page starts at the top, so keyboard
    and screen reader users meet the skip link, the heading and then the form, in order."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)
