"""Password forms: resetting a forgotten one (members', the Wagtail admin's and the
platform console's), choosing a new one from the link, and changing it while signed in.
In plain words, as forms.py."""

from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from wagtail.admin.forms.auth import PasswordResetForm as AdminPasswordResetForm

from sites.community.services import accounts
from sites.community.services.language import in_language_of
from sites.core.antispam import HumanCheckMixin
from sites.core.doors import may_email
from sites.core.known_browsers import browser_knows, marker
from sites.core.ratelimit import attempts, check_rate
from tenants.emails import borough_base_url, borough_email, platform_base_url, send_platform_email

from .forms import EMAIL_INVALID, GOOD_CHOICE_HINT, PASSWORDS_DIFFERENT, no_autofocus


class ResetEmail:
    """Django's password reset email as every door sends it: to the accounts
    ``password_reset_recipients`` finds, counted per recipient (``may_email``: past the
    cap it is quietly not sent, and the page says the same; asked from the account's own
    browser, it is counted apart, so strangers cannot use the cap up), linking to
    ``confirm_url_name`` at the door's own address (never the host or port a request
    named). ``deliver`` words and sends it for its door."""

    confirm_url_name = "account-password-reset-confirm"
    request = None  # the request asking, kept by ``save`` for ``send_mail``

    def save(self, *args, request=None, **kwargs):
        self.request = request
        return super().save(*args, request=request, **kwargs)

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
        user = context["user"]
        asked_by_owner = self.request is not None and browser_knows(self.request, user)
        owners_browser = marker(user) if asked_by_owner else None
        if not may_email(to_email, "password-reset", owners_browser):
            return  # the page says the same: nothing tells the address was held back
        path = reverse(
            self.confirm_url_name, kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        self.deliver(context, path, to_email)

    def deliver(self, context, path: str, to_email: str) -> None:
        raise NotImplementedError


class BoroughResetEmail(ResetEmail):
    """A members' or Wagtail admin's reset, sent from the borough, in the account's
    language, linking to the borough's own address."""

    def deliver(self, context, path: str, to_email: str) -> None:
        borough = context["borough"]
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


class ConsoleResetEmail(ResetEmail):
    """The platform console's reset, sent from the platform itself (as its sign-in link
    is: ``send_platform_email``), linking to the platform's own address."""

    def deliver(self, context, path: str, to_email: str) -> None:
        words = {"url": platform_base_url() + path}
        body = (
            gettext(
                "Hello,\n\n"
                "Someone asked to reset the password for your Connect & Do platform console "
                "account. To choose a new password, open this link:\n"
                "%(url)s\n\n"
                "The link works once, for a few days.\n\n"
                "If you did not ask for this, you do not need to do anything. "
                "Your password has not changed.\n"
            )
            % words
        )
        subject = gettext("Reset your password – Connect & Do platform console")
        send_platform_email(subject, body, [to_email])  # a failure is logged, not raised


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


class ConsoleResetPasswordForm(ConsoleResetEmail, ResetPasswordForm):
    """The platform console's "I have forgotten my password": the members' form, with the
    email from the platform (``public`` schema accounts, the console's operators)."""


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
        no_autofocus(self)
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
        no_autofocus(self)
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
