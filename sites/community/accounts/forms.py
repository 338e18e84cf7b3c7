"""Account forms, in plain words. Errors say what to do next."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from wagtail.admin.forms.auth import LoginForm as AdminLoginForm

from sites.community.models import MemberProfile
from sites.community.services import accounts, names
from sites.community.services.language import borough_languages
from sites.core.antispam import HumanCheckMixin
from sites.core.languages.forms import SiteLanguageCheckboxes
from sites.core.new_browsers import NewBrowserCheck
from sites.core.ratelimit import limit
from sites.core.roles import is_staff
from sites.core.text_fields import LongTextField
from sites.directory.models import Interest

GOOD_CHOICE_HINT = gettext_lazy(
    "At least 8 characters. Do not use a common password, only numbers, "
    "or something like your email address."
)
EMAIL_INVALID = gettext_lazy("Enter an email address in the right form, like name@example.com.")
PASSWORDS_DIFFERENT = gettext_lazy("The two passwords are not the same. Please type them again.")


def no_autofocus(form: forms.Form) -> None:
    """The page starts at the top: skip link, heading, then the form, in order."""
    for field in form.fields.values():
        field.widget.attrs.pop("autofocus", None)


class SignUpForm(HumanCheckMixin, forms.Form):
    display_name = forms.CharField(
        label=gettext_lazy("Your name on the site"),
        max_length=60,
        help_text=gettext_lazy(
            "Other members see this name. It does not have to be your full name."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
        error_messages={"required": names.NAME_NEEDED},
    )
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        max_length=150,
        help_text=gettext_lazy("You use it to sign in. Other members never see it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": gettext_lazy("Enter your email address."),
            "invalid": EMAIL_INVALID,
        },
    )
    password1 = forms.CharField(
        label=gettext_lazy("Choose a password"),
        strip=False,
        help_text=GOOD_CHOICE_HINT,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": gettext_lazy("Choose a password.")},
    )
    password2 = forms.CharField(
        label=gettext_lazy("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": gettext_lazy("Type your password again.")},
    )
    adult = forms.BooleanField(
        label=gettext_lazy("I am 18 or older"),
        help_text=gettext_lazy("Connect & Do is for adults."),
        error_messages={"required": accounts.ADULTS_ONLY},
    )
    house_rules = forms.BooleanField(
        label=gettext_lazy("I agree to the house rules"),
        error_messages={
            "required": gettext_lazy("Read the house rules, then tick the box to agree.")
        },
    )

    def clean_display_name(self):
        return names.clean_display_name(self.cleaned_data["display_name"])

    def clean_email(self):
        return accounts.normalise_email(self.cleaned_data["email"])

    def clean(self):
        cleaned_data = super().clean()
        password1 = cleaned_data.get("password1")
        password2 = cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", PASSWORDS_DIFFERENT)
        elif password1:
            email = cleaned_data.get("email", "")
            user = get_user_model()(username=email, email=email)
            try:
                password_validation.validate_password(password1, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned_data


class SignInForm(NewBrowserCheck, AuthenticationForm):
    """Sign in with an email address. Failures are limited per account and address
    (sites/core/doors.py, through the authentication backend); an account under attack
    signs in from a new browser through an emailed link (sites/core/new_browsers.py)."""

    error_messages = {
        "invalid_login": (
            gettext_lazy("The email address or password is not right. Check them and try again.")
        ),
        "inactive": gettext_lazy("This account is closed."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        no_autofocus(self)
        username = self.fields["username"]
        username.label = gettext_lazy("Email address")
        username.widget.attrs["autocomplete"] = "email"
        username.error_messages["required"] = gettext_lazy("Enter your email address.")
        password = self.fields["password"]
        password.label = gettext_lazy("Password")  # Django has no Somali for its own
        password.error_messages["required"] = gettext_lazy("Enter your password.")

    def clean(self):
        email = accounts.normalise_email(self.cleaned_data.get("username") or "")
        if email:
            self.cleaned_data["username"] = email
        return super().clean()


class AdminSignInForm(NewBrowserCheck, AdminLoginForm):
    """The Wagtail admin's sign-in, with the members' emailed link for an account under
    attack on a new browser."""


class ProfileForm(forms.ModelForm):
    interests = forms.ModelMultipleChoiceField(
        queryset=Interest.objects.all(),
        required=False,
        label=gettext_lazy("My interests"),
        help_text=gettext_lazy("Pick the things you enjoy. We use them to suggest things to do."),
        widget=SiteLanguageCheckboxes,
    )

    class Meta:
        model = MemberProfile
        fields = [
            "display_name",
            "about",
            "interests",
            "profile_visibility",
            "show_about",
            "show_interests",
            "show_groups",
            "show_in_group_member_lists",
            "messages_from",
        ]
        labels = {
            "display_name": gettext_lazy("Your name on the site"),
            "about": gettext_lazy("About me"),
            "profile_visibility": gettext_lazy("Who can see my profile page?"),
            "show_about": gettext_lazy("Show “About me” on my profile page"),
            "show_interests": gettext_lazy("Show my interests on my profile page"),
            "show_groups": gettext_lazy("Show the groups I am in on my profile page"),
            "show_in_group_member_lists": gettext_lazy(
                "Show my name in the member lists of my groups"
            ),
            "messages_from": gettext_lazy("Who can send me private messages?"),
        }
        help_texts = {
            "about": (
                gettext_lazy(
                    "A few words about you, if you like. "
                    "Please do not write your address or phone number."
                )
            ),
            "profile_visibility": gettext_lazy("Nobody who is not signed in can ever see it."),
            "messages_from": (
                gettext_lazy(
                    "Only people who share a group or an event with you can ever write to you. "
                    "“Nobody” also stops the conversations you have already had."
                )
            ),
        }
        field_classes = {"about": LongTextField}  # line breaks counted as the browser counts
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "about": forms.Textarea(attrs={"rows": 5}),
            "profile_visibility": forms.RadioSelect,
            "messages_from": forms.RadioSelect,
        }
        error_messages = {
            "display_name": {"required": names.NAME_NEEDED},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_messages(self, "messages_from")
        if "messages_from" in self.fields:
            self.fields["messages_from"].required = False  # not sent: left as it was

    def clean_messages_from(self):
        return self.cleaned_data.get("messages_from") or self.instance.messages_from

    def clean_display_name(self):
        return names.clean_display_name(
            self.cleaned_data["display_name"],
            profile=self.instance,
            staff=is_staff(self.instance.user),
        )

    def save(self, commit=True):
        """Through names.save_profile: ValidationError, nothing saved, if another account
        took the name since the form was checked."""
        profile = super().save(commit=False)
        names.save_profile(profile)
        self.save_m2m()
        return profile


def _without_messages(form, field: str) -> None:
    """A borough with private messages switched off does not ask about them."""
    from sites.community.messaging.rules import messaging_enabled

    if not messaging_enabled():
        del form.fields[field]


class NotificationsForm(forms.ModelForm):
    class Meta:
        model = MemberProfile
        fields = [
            "notify_replies",
            "notify_group_events",
            "notify_moderation",
            "notify_join_requests",
            "notify_messages",
            "language",
        ]
        labels = {
            "notify_replies": gettext_lazy("Email me when someone replies to my discussions"),
            "notify_group_events": gettext_lazy("Email me about new events in my groups"),
            "notify_moderation": gettext_lazy("Email me when a moderator decides about my posts"),
            "notify_join_requests": (
                gettext_lazy(
                    "Email me when an organiser answers my request to join a group, and when "
                    "someone asks to join a group I organise"
                )
            ),
            "notify_messages": (
                gettext_lazy(
                    "Email me when someone sends me a private message (the email never includes "
                    "the message, and comes at most once an hour for each conversation)"
                )
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_messages(self, "notify_messages")
        # Among the borough's languages, each named in itself; a language the borough
        # no longer offers stays listed for the member who chose it.
        choices = borough_languages()
        chosen = self.instance.language
        if chosen and chosen not in dict(choices):
            choices.append((chosen, dict(settings.LANGUAGES).get(chosen, chosen)))
        self.fields["language"] = forms.ChoiceField(
            label=gettext_lazy("The language of the emails we send you"),
            choices=choices,
            # The member's preferred language (WCAG 1.3.5, input purpose).
            widget=forms.Select(attrs={"autocomplete": "language"}),
            required=False,  # not sent: left as it was
            error_messages={"invalid_choice": gettext_lazy("Choose a language from the list.")},
        )

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        help_text=gettext_lazy("To check it is really you."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": gettext_lazy("Enter your password.")},
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        limit("delete-account", self.user.pk)
        if not self.user.check_password(password):
            raise ValidationError(gettext_lazy("That password is not right. Please type it again."))
        return password
