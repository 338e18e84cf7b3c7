"""An account someone keeps guessing at signs in from a new browser only through its inbox.

The limits in ``doors.py`` count failures per account *and* address, so an attacker who
changes address keeps guessing. Once an account has had more than
``FAILURES_BEFORE_EMAIL_STEP`` failures within ``doors.REMEMBER``, from any addresses:

- a browser that has signed in to that account before (it has our "known browser"
  cookie, ``known_browsers.py``: signed, HttpOnly, bound to the account, its password and
  the borough or the console, no email address in it) signs in with the right password
  as usual;
- from any other browser, the right password alone does not sign in: the site emails the
  account's own address a link to finish signing in (signed, bound to the account and
  the borough or the console, works once, for ``LINK_MINUTES``). At most one such email per account
  every ``RATE_LIMITS["sign-in-link-account"]`` period; it is not counted against the
  address's cap on other emails (``doors.may_email``), which a stranger could fill;
- such a browser gets the same answer whether the password was right or wrong ("if they
  were right, we have emailed you a link"), and the email goes only for the right one:
  guessing from many addresses tells the guesser nothing, not even a right password.

The same step guards a borough's members' and Wagtail admin's sign-ins and the platform
console's (``link_door``: where the link points and who sends it; the console's email
comes from the platform itself). Nobody can lock the owner out: their known browser, or
their inbox, always lets them in. Forms use ``NewBrowserCheck``; views share
``sign_in_views.py`` (``RemembersBrowser``, ``sign_in_by_link``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext, ngettext

from tenants.emails import (
    borough_base_url,
    platform_base_url,
    send_borough_email,
    send_platform_email,
)

from .doors import account_key, failures_of
from .known_browsers import known_marker
from .ratelimit import RATE_LIMITS, RateLimited, limit

FAILURES_BEFORE_EMAIL_STEP = 10
LINK_MINUTES = 15
LINK_SALT = "connectdo.doors.sign-in-link"

EMAIL_STEP = "email-step"


def email_step_message() -> str:
    """What a browser taking the email step is told, the same whether the password was
    right or wrong and whether a link went or was held back (one per account every few
    minutes): a guesser learns nothing, and the owner knows to use the link they have."""
    minutes = RATE_LIMITS["sign-in-link-account"][1] // 60
    return ngettext(
        "To keep your account safe, you finish signing in by email. If the email address "
        "and password were right, we have emailed you a link. If you asked for one in the "
        "last %(minutes)s minute, use that one: we send at most one every %(minutes)s minute.",
        "To keep your account safe, you finish signing in by email. If the email address "
        "and password were right, we have emailed you a link. If you asked for one in the "
        "last %(minutes)s minutes, use that one: we send at most one every %(minutes)s "
        "minutes.",
        minutes,
    ) % {"minutes": minutes}


def under_attack(username: str) -> bool:
    """Has this account had more failures than ``FAILURES_BEFORE_EMAIL_STEP``, from any
    addresses, within ``doors.REMEMBER``?"""
    account = account_key(None, {"username": username})
    return account is not None and failures_of(account) > FAILURES_BEFORE_EMAIL_STEP


# --- The sign-in link ------------------------------------------------------------------------


def _state(user) -> str:
    """Changes when the account signs in or changes its password: a link works once."""
    return salted_hmac(LINK_SALT, f"{user.pk}:{user.password}:{user.last_login}").hexdigest()


def link_token(user) -> str:
    payload = {"b": connection.schema_name, "u": user.pk, "s": _state(user)}
    return signing.dumps(payload, salt=LINK_SALT)


def link_user(token: str):
    """The account a sign-in link signs in to, or None: too old, used, for another
    borough, or not one of ours."""
    try:
        payload = signing.loads(token, salt=LINK_SALT, max_age=LINK_MINUTES * 60)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("b") != connection.schema_name:
        return None
    user = get_user_model().objects.filter(pk=payload.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(str(payload.get("s")), _state(user)):
        return None
    return user


@dataclass(frozen=True)
class LinkDoor:
    """Where the email step runs: a borough's host (members' sign-in and the Wagtail
    admin's), or the platform console (``public`` schema). How the link is addressed,
    worded and sent; the rest (who takes the step, the link itself) is the same."""

    base_url: str
    link_route: str  # the view that signs in by the link, in the request's URLconf
    write: Callable[[str], tuple[str, str]]  # the link's address -> subject, body
    send: Callable[[str, str, list[str]], bool]  # subject, body, to


def link_door(request) -> LinkDoor | None:
    """The email step of the host ``request`` came to, or None (no step there)."""
    borough = getattr(request, "borough", None)
    if borough is not None:
        return LinkDoor(
            borough_base_url(borough),
            "account-sign-in-link",
            partial(_borough_link_email, borough),
            partial(send_borough_email, borough),
        )
    if getattr(request, "urlconf", None) == settings.PUBLIC_SCHEMA_URLCONF:
        return LinkDoor(
            platform_base_url(), "console-sign-in-link", _console_link_email, send_platform_email
        )
    return None


def send_sign_in_link(request, user) -> bool:
    """Email the account's own address a link to finish signing in, at most once per
    account every few minutes. True if it went."""
    door = link_door(request)
    account = account_key(None, {"username": user.get_username()})
    try:
        limit("sign-in-link-account", account)
    except RateLimited:
        return False
    # Not counted against may_email's cap per address: a stranger could fill that cap
    # with password resets and keep the owner's link from going.
    if door is None or not user.email:
        return False
    url = door.base_url + reverse(door.link_route, kwargs={"token": link_token(user)})
    subject, body = door.write(url)
    return door.send(subject, body, [user.email])


def _borough_link_email(borough, url: str) -> tuple[str, str]:
    words = {
        "borough": borough.name,
        "url": url,
        "reset": borough_base_url(borough) + reverse("account-password-reset"),
        "minutes": LINK_MINUTES,
    }
    body = (
        gettext(
            "Hello,\n\n"
            "Someone, probably you, typed the right password for your Connect & Do "
            "%(borough)s account on a computer or phone you have not used with it before.\n\n"
            "Your account has had many wrong passwords lately, so to keep it safe we ask you "
            "to finish signing in with this link:\n"
            "%(url)s\n\n"
            "The link works once, for %(minutes)s minutes.\n\n"
            "If this was not you, do not open the link: someone knows your password. Please "
            "choose a new one here:\n"
            "%(reset)s\n"
        )
        % words
    )
    return gettext("Finish signing in – Connect & Do %(borough)s") % words, body


def _console_link_email(url: str) -> tuple[str, str]:
    words = {
        "url": url,
        "reset": platform_base_url()
        + reverse("account-password-reset", urlconf=settings.PUBLIC_SCHEMA_URLCONF),
        "minutes": LINK_MINUTES,
    }
    body = (
        gettext(
            "Hello,\n\n"
            "Someone, probably you, typed the right password for your Connect & Do platform "
            "console account on a computer or phone you have not used with it before.\n\n"
            "Your account has had many wrong passwords lately, so to keep it safe we ask you "
            "to finish signing in with this link:\n"
            "%(url)s\n\n"
            "The link works once, for %(minutes)s minutes.\n\n"
            "If this was not you, do not open the link: someone knows your password. Please "
            "choose a new one here:\n"
            "%(reset)s\n"
        )
        % words
    )
    return gettext("Finish signing in – Connect & Do platform console"), body


def _takes_email_step(request, username: str, user=None) -> bool:
    """Does a sign-in to ``username`` from this browser finish by email? ``user``: the
    account, when the password was right."""
    if link_door(request) is None or not username or not under_attack(username):
        return False
    # Right or wrong password: does this browser know the account (as its sign-in does)?
    return known_marker(request, user.get_username() if user else username) is None


class NewBrowserCheck:
    """For an ``AuthenticationForm``: for an account under attack, a browser that does not
    know it gets the email step (error code ``EMAIL_STEP``) whether the password was right
    or wrong, and the owner is emailed a link only for the right one. On a borough's host
    and the platform console (``link_door``); a browser that knows the account is
    answered as usual."""

    def _username(self, user=None) -> str:
        return self.cleaned_data.get("username") or (user.get_username() if user else "")

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if _takes_email_step(self.request, self._username(user), user):
            send_sign_in_link(self.request, user)
            raise ValidationError(email_step_message(), code=EMAIL_STEP)

    def get_invalid_login_error(self):
        if _takes_email_step(self.request, self._username()):
            return ValidationError(email_step_message(), code=EMAIL_STEP)
        return super().get_invalid_login_error()


def stopped_for_email_step(form) -> bool:
    return form.has_error("__all__", EMAIL_STEP)
