"""Account forms, in plain words. Errors say what to do next."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from wagtail.admin.forms.auth import LoginForm as AdminLoginForm
from wagtail.admin.forms.auth import PasswordResetForm as AdminPasswordResetForm

from sites.community.models import MemberProfile
from sites.community.services import accounts, names
from sites.community.services.language import borough_languages, in_language_of
from sites.core.antispam import HumanCheckMixin
from sites.core.doors import may_email
from sites.core.languages.forms import SiteLanguageCheckboxes
from sites.core.new_browsers import NewBrowserCheck
from sites.core.ratelimit import attempts, check_rate, limit
from sites.core.roles import is_staff
from sites.core.text_fields import LongTextField
from sites.directory.models import Interest
from tenants.emails import borough_base_url, borough_email

GOOD_CHOICE_HINT = gettext_lazy(
    "At least 8 characters. Do not use a common password, only numbers, "
    "or something like your email address."
)
EMAIL_INVALID = gettext_lazy("Enter an email address in the right form, like name@example.com.")
PASSWORDS_DIFFERENT = gettext_lazy("The two passwords are not the same. Please type them again.")


def _no_autofocus(form: forms.Form) -> None:
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
        _no_autofocus(self)
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


class BoroughResetEmail:
    """A password reset email sent from the borough, linking to its own address (never
    to the host or port a request named) and to ``confirm_url_name`` there."""

    confirm_url_name = "account-password-reset-confirm"

    def get_users(self, email):
        return accounts.password_reset_recipients(email)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        if not may_email(to_email, "password-reset"):
            return  # the page says the same: nothing tells the address was held back
        borough = context["borough"]
        path = reverse(
            self.confirm_url_name, kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        words = {"borough": borough.name, "url": borough_base_url(borough) + path}
        with in_language_of(context["user"]):
            body = (
                gettext(
                    "Hello,\n\n"
                    "Someone asked to reset the password for your Connect & Do %(borough)s "
                    "account. To choose a new password, open this link:\n"
                    "%(url)s\n\n"
                    "The link works once, for a few days.\n\n"
                    "If you did not ask for this, you do not need to do anything. "
                    "Your password has not changed.\n"
                )
                % words
            )
            subject = gettext("Reset your password – Connect & Do %(borough)s") % words
            message = borough_email(borough, subject, body, [to_email])
        try:
            message.send()
        except Exception:
            accounts.logger.exception(
                "Could not send a password reset to user %s", context["user"].pk
            )


class ResetPasswordForm(HumanCheckMixin, BoroughResetEmail, PasswordResetForm):
    """Django's reset, with the email sent from the borough, linking to its own host."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = gettext_lazy("Email address")
        email.help_text = gettext_lazy("The address you use to sign in.")
        email.error_messages.update(
            {"required": gettext_lazy("Enter your email address."), "invalid": EMAIL_INVALID}
        )


class AdminResetPasswordForm(BoroughResetEmail, AdminPasswordResetForm):
    """The Wagtail admin's reset: the same email, linking to the admin's own page."""

    confirm_url_name = "wagtailadmin_password_reset_confirm"


NEW_PASSWORD = gettext_lazy("New password")
NEW_PASSWORD_AGAIN = gettext_lazy("Type the new password again")


def _plain_password_labels(form, first=NEW_PASSWORD, second=NEW_PASSWORD_AGAIN):
    form.fields["new_password1"].label = first
    form.fields["new_password1"].help_text = GOOD_CHOICE_HINT
    form.fields["new_password1"].error_messages["required"] = gettext_lazy("Choose a new password.")
    form.fields["new_password2"].label = second
    form.fields["new_password2"].help_text = ""
    form.fields["new_password2"].error_messages["required"] = gettext_lazy(
        "Type the new password again."
    )
    form.error_messages = {**form.error_messages, "password_mismatch": PASSWORDS_DIFFERENT}


class NewPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_autofocus(self)
        _plain_password_labels(self)


# Wrong current passwords on the change-password form: (scope, how many, per seconds).
WRONG_CURRENT_PASSWORDS = ("wrong-current-password", 5, 3600)


class ChangePasswordForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": gettext_lazy(
            "Your current password is not right. Please type it again."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_autofocus(self)
        self.fields["old_password"].label = gettext_lazy("Your current password")
        self.fields["old_password"].error_messages["required"] = gettext_lazy(
            "Enter your current password."
        )
        _plain_password_labels(self)

    def clean_old_password(self):
        """The current password is a door too: only wrong guesses count, per account (the
        form is behind sign-in, so nobody can use it against someone else's account)."""
        scope, most, period = WRONG_CURRENT_PASSWORDS
        account = f"user-{self.user.pk}"
        if attempts(scope, account) >= most:
            check_rate(scope, account, most, period)  # refused before the password is checked
        try:
            return super().clean_old_password()
        except ValidationError:
            check_rate(scope, account, most, period)
            raise


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
