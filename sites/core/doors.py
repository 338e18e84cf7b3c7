"""Limits on every door: how often anyone may try a password or make the site send email.

One policy (docs/operations/rate-limits.md), two kinds of door:

- **Sign-ins** (members' ``/account/sign-in/``, the Wagtail admin's ``/admin/login/``, the
  platform console's ``/console/sign-in/``) count *failures only*, with django-axes in
  PostgreSQL (the schema of the borough, or ``public`` for the console), so the limit
  holds while Redis is out. Failures are counted per account *and* address: a stranger's
  wrong passwords from one address never stop the owner signing in from another. After
  ``FREE_FAILURES`` the pair waits ``FIRST_WAIT``, doubled at each further failure up to
  ``LONGEST_WAIT``; a try during the wait is refused without checking the password, and
  neither counts nor lengthens it. Per address alone (one address trying many accounts)
  the same rule applies from ``FREE_FAILURES_PER_ADDRESS``. A success forgets that
  account's failures from that address, and nothing else. Failures are forgotten
  ``REMEMBER`` after the last one. Addresses are counted by ``limit_address``: an IPv6
  visitor by their /64. An account with many failures from any addresses signs in from
  a new browser only through a link emailed to it (``new_browsers.py``).
  A browser that has signed in to the account before (``known_browsers.py``) has an
  allowance of its own: its failures count per account *and that browser*, from any
  address, with the same free failures and wait, and nothing counted against its
  address (by others on the owner's network, or one address trying many accounts) holds
  it back. Its success forgets only its own failures.
- **Doors that send email** (password resets, sign-up, "List your organisation", asking to
  join a members-only group) count each email they would send, per account and address
  and per address (``sites.core.ratelimit``: Redis, counted in PostgreSQL while Redis is
  out). A form turned down for its content counts nothing. Each email to an address
  someone typed is also counted per recipient, across every door and address
  (``may_email``): past the cap it is quietly not sent, and the page answers the same.

Accounts are stored as a keyed hash of the lower-case email/user name, never the address.

Doors also say nothing about who is a member: sign-up, password resets and "List your
organisation" answer the same whether or not an address has an account, and tell the
address itself instead (``tell_them_they_have_an_account``).
"""

import datetime
import logging
import math
import sys

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt

from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext, gettext_lazy

from tenants.emails import borough_base_url, send_borough_email

from .known_browsers import known_marker
from .ratelimit import RateLimited, limit, limit_address, wait_message

logger = logging.getLogger(__name__)

FREE_FAILURES = 5
FREE_FAILURES_PER_ADDRESS = 50  # a library's public computers share one address
FIRST_WAIT = datetime.timedelta(minutes=1)
LONGEST_WAIT = datetime.timedelta(hours=1)
REMEMBER = datetime.timedelta(hours=24)
ACCOUNT_KEY_SALT = "connectdo.doors.account"
RECIPIENT_KEY_SALT = "connectdo.doors.recipient"


class DoorBackend(AxesStandaloneBackend):
    """Axes' gatekeeper, for sign-ins through a web request only.

    ``authenticate()`` without a request (management commands, the test client's
    ``login()``) is not a door anyone can knock on, so it is not limited.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def _typed_username(request, credentials) -> str:
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
    return str(username or "").strip()


def account_key(request, credentials) -> str | None:
    """The account tried, as a keyed hash: failures never store anyone's email address."""
    username = _typed_username(request, credentials)
    if not username:
        return None
    return salted_hmac(ACCOUNT_KEY_SALT, username.lower()).hexdigest()


def known_browser_key(request, credentials) -> str | None:
    """The account tried *from this browser*, when the browser has signed in to it before
    (it holds that account's known-browser marker), as a keyed hash; else None. Only the
    signed cookie makes it, so nobody can count their failures under another's key."""
    account = account_key(request, credentials)
    mark = known_marker(request, _typed_username(request, credentials)) if account else None
    if mark is None:
        return None
    return salted_hmac(ACCOUNT_KEY_SALT, f"{account}:known:{mark}").hexdigest()


def counted_key(request, credentials) -> str | None:
    """What a failure is stored under (``AXES_USERNAME_CALLABLE``): the account and this
    browser for a known browser, otherwise the account (counted with the address)."""
    return known_browser_key(request, credentials) or account_key(request, credentials)


def client_address(request) -> str | None:
    """The visitor's address as limits count it, believing only trusted proxies
    (``TRUSTED_PROXY_COUNT``): an IPv6 visitor by their /64 (``limit_address``)."""
    address = limit_address(request)
    return None if address == "unknown" else address


def remembered_for(request=None) -> datetime.timedelta:
    return REMEMBER


def wait_after(failures: int, free: int) -> datetime.timedelta:
    """How long to wait after the last of ``failures``: none while they are within ``free``."""
    if failures < free:
        return datetime.timedelta(0)
    return min(FIRST_WAIT * 2 ** (failures - free), LONGEST_WAIT)


def _failures(**who) -> tuple[int, datetime.datetime | None]:
    since = timezone.now() - REMEMBER
    found = AccessAttempt.objects.filter(attempt_time__gte=since, **who).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    return found["failures"] or 0, found["last"]


def failures_of(account: str) -> int:
    """Every failure against ``account`` (a keyed hash) within ``REMEMBER``, from any
    address: new_browsers.py asks for an emailed link past a number of them."""
    return _failures(username=account)[0]


def seconds_to_wait(request, credentials=None) -> float:
    """How long this account, from this address, must wait before its next try (0: none).
    A known browser waits only for its own failures, wherever it is."""
    address = client_address(request)
    if address is None:
        return 0
    now = timezone.now()
    waits = []
    account = account_key(request, credentials)
    browser = known_browser_key(request, credentials)
    if browser is not None:
        failures, last = _failures(username=browser)
        if last is None:
            return 0
        return max(0, (last + wait_after(failures, FREE_FAILURES) - now).total_seconds())
    if account is not None:
        failures, last = _failures(username=account, ip_address=address)
        if last is not None:
            waits.append(last + wait_after(failures, FREE_FAILURES) - now)
    failures, last = _failures(ip_address=address)
    if last is not None:
        waits.append(last + wait_after(failures, FREE_FAILURES_PER_ADDRESS) - now)
    return max([0, *(wait.total_seconds() for wait in waits)])


def failure_limit(request, credentials) -> int:
    """Axes refuses once failures reach this: at once while a wait runs, otherwise never.

    The waiting is decided here (``seconds_to_wait``) rather than by a fixed count, so the
    wait grows with the failures and ends by itself.
    """
    return 0 if seconds_to_wait(request, credentials) > 0 else sys.maxsize


def wait_response(request, original_response=None, credentials=None):
    """The page a refused sign-in gets: how long to wait, and what else to do (429)."""
    wait = max(1, math.ceil(seconds_to_wait(request, credentials)))
    return render(
        request,
        "core/rate_limited.html",
        {
            "message": wait_message(wait),
            "wait_seconds": wait,
            "sign_in": True,
            "borough_host": getattr(request, "borough", None) is not None,
        },
        status=429,
    )


def forget_failures_on_success(sender, request, user, **kwargs) -> None:
    """The right password clears that account's failures from that address only: someone
    who signs in to their own account must not wipe the failures against anyone else's.
    A known browser clears only its own: not a stranger's on the owner's network."""
    if request is None:
        return
    credentials = {"username": user.get_username()}
    browser = known_browser_key(request, credentials)
    if browser is not None:
        AccessAttempt.objects.filter(username=browser).delete()
        return
    address = client_address(request)
    account = account_key(request, credentials)
    if address is not None and account is not None:
        AccessAttempt.objects.filter(username=account, ip_address=address).delete()


def recipient_key(email: str) -> str:
    """The address an email goes to, as a keyed hash of its lower-case form."""
    return salted_hmac(RECIPIENT_KEY_SALT, str(email).strip().lower()).hexdigest()


def may_email(email: str, door: str, owners_browser: str | None = None) -> bool:
    """Count one email ``door`` is about to send to ``email``: False once that address has
    had ``RATE_LIMITS["email-recipient"]`` of them, from any door and any visitor.

    Then the caller sends nothing and answers exactly as if it had (so the page tells
    nobody anything about the address); the log says so, without the address.

    ``owners_browser``: the account's marker (known_browsers.py) when the account's own
    browser asked. It is counted apart (``"email-owners-browser"``), so strangers who
    filled the address's cap cannot keep the owner's password reset from going.
    """
    rule, key = ("email-recipient", recipient_key(email))
    if owners_browser:
        rule, key = ("email-owners-browser", owners_browser)
    try:
        limit(rule, key)
    except RateLimited:
        logger.warning("Email not sent (%s): its recipient has had the most allowed an hour", door)
        return False
    return True


# What someone did with an address that already has an account, in a whole sentence.
TRIED = {
    "join": gettext_lazy(
        "Someone, probably you, used this email address to join Connect & Do %(borough)s."
    ),
    "list": gettext_lazy(
        "Someone, probably you, used this email address to ask to list an organisation on "
        "Connect & Do %(borough)s."
    ),
}


def tell_them_they_have_an_account(borough, email: str, tried: str) -> bool:
    """Email ``email`` that it already has an account here, with how to sign in.

    ``tried`` says what someone did with the address (a key of ``TRIED``: "join",
    "list"). The page they saw said nothing either way. Written in the active language:
    the caller makes the account holder's active where it knows it. True if the email went
    (not when the address has had too many emails this hour: ``may_email``).
    """
    if not may_email(email, tried):
        return False
    base = borough_base_url(borough)
    words = {
        "borough": borough.name,
        "sign_in": base + reverse("login", urlconf=settings.ROOT_URLCONF),
        "reset": base + reverse("account-password-reset", urlconf=settings.ROOT_URLCONF),
    }
    paragraphs = [
        gettext("Hello,"),
        TRIED[tried] % words
        + " "
        + gettext("You already have an account with this address, so nothing new was made."),
        gettext("Sign in here:") + "\n" + words["sign_in"],
        gettext("If you have forgotten your password, choose a new one here:")
        + "\n"
        + words["reset"],
        gettext("If this was not you, you do not need to do anything."),
    ]
    subject = gettext("You already have an account – Connect & Do %(borough)s") % words
    return send_borough_email(borough, subject, "\n\n".join(paragraphs) + "\n", [email])
