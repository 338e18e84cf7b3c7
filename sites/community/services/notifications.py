"""Emails to members about things they chose to hear about, each with a one-click unsubscribe.

Every kind of notification has a switch on the member's profile (``MemberProfile.notify_*``)
that they can turn off on their emails page, or with the link at the foot of each email::

    from sites.community.services.notifications import notify

    with in_language_of(user):  # the subject and body in the member's language
        notify(borough, user, "group-events", _("New event in %(group)s") % words, body)

``notify`` sends nothing when the member has turned that kind off, and adds to the body a
line with an unsubscribe link, plus ``List-Unsubscribe`` headers so email programs can
show their own "Unsubscribe" button (RFC 8058: a POST to the same link).

The link holds a signed token naming the borough, the member and the kind of email.
Opening it (GET) shows one button; pressing it (POST) turns that kind off. Nothing
changes on a GET, so link checkers in mail programs cannot unsubscribe anyone.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.community.models import MemberProfile
from sites.community.services.language import in_language_of
from sites.core.languages.urls import in_email_language
from tenants.emails import borough_base_url, borough_email, current_borough, send_borough_email

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "connectdo.notifications.unsubscribe"


@dataclass(frozen=True)
class NotificationKind:
    key: str
    field: str  # the MemberProfile switch
    label: str  # "replies to your discussions": finishes "You will no longer get emails about …"


KINDS = {
    kind.key: kind
    for kind in [
        NotificationKind("replies", "notify_replies", gettext_lazy("replies to your discussions")),
        NotificationKind(
            "group-events", "notify_group_events", gettext_lazy("new events in your groups")
        ),
        NotificationKind(
            "moderation",
            "notify_moderation",
            gettext_lazy("moderators' decisions about your posts"),
        ),
        NotificationKind(
            "join-requests", "notify_join_requests", gettext_lazy("requests to join groups")
        ),
        NotificationKind("messages", "notify_messages", gettext_lazy("new private messages")),
    ]
}


class UnsubscribeError(Exception):
    """The link is damaged, or was made for another borough or a deleted account."""


def _kind(kind: str) -> NotificationKind:
    try:
        return KINDS[kind]
    except KeyError:
        raise ValueError(f"Unknown notification kind {kind!r}; one of {sorted(KINDS)}") from None


def wants(user, kind: str) -> bool:
    """Does ``user`` still want this kind of email? (No profile, or inactive: no.)"""
    field = _kind(kind).field
    if user is None or not user.is_active or not user.email:
        return False
    profile = MemberProfile.objects.filter(user=user).only(field).first()
    return bool(profile and getattr(profile, field))


def unsubscribe_token(borough, user, kind: str) -> str:
    _kind(kind)
    return signing.dumps({"b": borough.schema_name, "u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(borough, user, kind: str) -> str:
    """The absolute one-click unsubscribe link, on the borough's own host."""
    path = reverse(
        "community:unsubscribe",
        urlconf=settings.ROOT_URLCONF,
        kwargs={"token": unsubscribe_token(borough, user, kind)},
    )
    return borough_base_url(borough) + path


def read_unsubscribe_token(borough, token: str):
    """The (user, NotificationKind) a token names. Raises UnsubscribeError.

    Tokens do not expire: an unsubscribe link in an old email must still work.
    """
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise UnsubscribeError("bad signature") from error
    if not isinstance(payload, dict) or payload.get("b") != borough.schema_name:
        raise UnsubscribeError("another borough")
    kind = KINDS.get(payload.get("k"))
    user = get_user_model().objects.filter(pk=payload.get("u"), is_active=True).first()
    if kind is None or user is None:
        raise UnsubscribeError("no such member or kind")
    return user, kind


def unsubscribe(user, kind: str) -> None:
    """Turn one kind of email off for ``user``."""
    field = _kind(kind).field
    MemberProfile.objects.filter(user=user).update(**{field: False})


def notify(borough, user, kind: str, subject: str, body: str) -> bool:
    """Email ``user`` if they want this kind of email. True if an email was sent.

    Build ``subject`` and ``body`` inside ``in_language_of(user)`` (lazy words are
    written in it here). ``body`` is plain text; the unsubscribe line is added here, so
    every notification has one. ``borough`` may be None inside a borough's schema (it is
    then looked up).
    """
    if not wants(user, kind):
        return False
    borough = borough or current_borough()
    url = unsubscribe_url(borough, user, kind)
    with in_language_of(user):
        footer = (
            "\n\n--\n"
            + _("You get this email because you asked for emails about %(what)s.")
            % {"what": _kind(kind).label}
            + "\n"
            + _("To stop them, open this link and press the button:")
            + f"\n{url}\n"
        )
        subject, body = str(subject), str(body)  # lazy words, in the member's language
        message = borough_email(borough, subject, body.rstrip() + footer, [user.email])
    message.extra_headers.update(
        {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    )
    try:
        message.send()
    except Exception:
        logger.exception("Could not send a %s notification to user %s", kind, user.pk)
        return False
    return True


def notify_in_their_language(borough, user, kind: str, write) -> bool:
    """``notify`` with the (subject, body) that ``write()`` returns, written in ``user``'s
    language (whatever the language of the page that caused it)."""
    with in_language_of(user):
        subject, body = write()
        return notify(borough, user, kind, subject, body)


def send_plain_email(borough, subject: str, body: str, to: list[str]) -> bool:
    """An email to staff (such as the safeguarding contact): no unsubscribe, never skipped."""
    return send_borough_email(borough or current_borough(), subject, body, to)


def absolute_url(borough, path: str) -> str:
    """``path`` on the borough's host, in the language of the email being written."""
    return (borough_base_url(borough or current_borough())) + in_email_language(path)
