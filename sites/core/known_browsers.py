"""The "known browser" cookie: a browser that has signed in to an account before.

Set at each successful sign-in (``remember_browser``): signed, HttpOnly, up to
``KNOWN_MOST_ACCOUNTS`` markers, each naming an account by a keyed hash of its schema (a
borough's, or ``public`` for the platform console), its id and its password hash, never
its email address. A new password makes every browser new to the account; a marker made
on one borough (or the console) means nothing on another.

Two doors read it: ``doors.py`` counts a known browser's failed sign-ins on their own
(per account and browser, not per account and address, so others on the owner's network
cannot keep the owner waiting), and ``new_browsers.py`` lets a known browser skip the
email step an account under attack asks of new browsers.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import connection
from django.utils.crypto import salted_hmac

KNOWN_COOKIE = "known_browser"
KNOWN_SALT = "connectdo.doors.known-browser"
KNOWN_MAX_AGE = datetime.timedelta(days=400)
KNOWN_MOST_ACCOUNTS = 10  # a family's or a library's shared computer
SAME_NAME_MOST = 5  # console user names differ only by case at most a few times


def marker(user) -> str:
    """This account in this schema with its password, as a keyed hash: the cookie holds
    no email address, and a new password makes every browser new to the account."""
    account = f"{connection.schema_name}:{user.pk}:{user.password}"
    return salted_hmac(KNOWN_SALT, account).hexdigest()[:32]


def _known(request) -> list[str]:
    try:
        value = request.get_signed_cookie(
            KNOWN_COOKIE, salt=KNOWN_SALT, max_age=KNOWN_MAX_AGE.total_seconds()
        )
    except (KeyError, signing.BadSignature):
        return []
    return [mark for mark in value.split(".") if mark][:KNOWN_MOST_ACCOUNTS]


def browser_knows(request, user) -> bool:
    return marker(user) in _known(request)


def known_marker(request, username: str) -> str | None:
    """The marker of the account ``username`` names, when this browser holds it; else
    None. A browser without the cookie costs no query; the answer is kept for the request
    (the doors ask several times while checking one sign-in)."""
    name = str(username or "").strip()
    if "\x00" in name:  # PostgreSQL takes no NUL: no account has one (forms refuse it)
        return None
    markers = _known(request) if request is not None and name else []
    if not markers:
        return None
    answers = request.__dict__.setdefault("_known_markers", {})
    if name.lower() not in answers:
        model = get_user_model()
        lookup = {f"{model.USERNAME_FIELD}__iexact": name}
        users = model._default_manager.filter(**lookup)[:SAME_NAME_MOST]
        answers[name.lower()] = next((m for m in map(marker, users) if m in markers), None)
    return answers[name.lower()]


def remember_browser(request, response, user) -> None:
    """After a successful sign-in: this browser knows this account from now on."""
    mine = marker(user)
    markers = [mine, *(mark for mark in _known(request) if mark != mine)]
    response.set_signed_cookie(
        KNOWN_COOKIE,
        ".".join(markers[:KNOWN_MOST_ACCOUNTS]),
        salt=KNOWN_SALT,
        max_age=int(KNOWN_MAX_AGE.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
