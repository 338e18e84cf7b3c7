"""Member accounts: signing up, confirming an email address, and who may post.

Members are ordinary users of their borough's schema, with a MemberProfile and no
access to the Wagtail admin. Their user name is their email address (lower case), so
the standard sign-in works; neither is ever shown to other members.

A new account can sign in at once, but cannot post until its email address is
confirmed: ``can_post(user)`` and ``why_cannot_post(user)`` are the one place other
features ask.
"""

import logging
import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from sites.community.models import MemberProfile
from sites.community.services import names
from sites.community.services.language import current_language, in_language_of
from sites.core.doors import tell_them_they_have_an_account
from sites.core.ratelimit import limit
from sites.core.roles import is_staff
from tenants.emails import borough_base_url, borough_email

logger = logging.getLogger(__name__)

CONFIRM_SALT = "connectdo.accounts.confirm-email"
CONFIRM_MAX_AGE_DAYS = 7


def limit_sends(door: str, address: str, email: str) -> None:
    """Count one email ``door`` would send to ``email``: from the visitor's ``address``,
    and to that account from that address. Raises RateLimited when either is over."""
    limit(f"{door}-ip", address)
    limit(f"{door}-account", f"{normalise_email(email)} {address}")


class ConfirmationError(Exception):
    EXPIRED = "expired"
    INVALID = "invalid"
    OLD_KIND = "old-kind"  # a link of the kind sent before, which held the address

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def password_reset_recipients(email: str) -> list:
    """The accounts a "Forgotten password?" for ``email`` sends a link to: active ones with
    a password, and also those made without one that nobody has signed in to yet (an
    invitation not taken up: the first Borough admin, an organisation's manager). Django
    leaves the second kind out, so once their invitation link expired they could never
    get in. An account signed in to before and then left without a password stays out."""
    user_model = get_user_model()
    field = user_model.get_email_field_name()
    wanted = unicodedata.normalize("NFKC", email).casefold()
    return [
        user
        for user in user_model._default_manager.filter(
            **{f"{field}__iexact": email, "is_active": True}
        )
        if (user.has_usable_password() or user.last_login is None)
        and unicodedata.normalize("NFKC", getattr(user, field)).casefold() == wanted
    ]


def email_taken(email: str) -> bool:
    email = normalise_email(email)
    return (
        get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists()
    )


ADULTS_ONLY = gettext_lazy(
    "Connect & Do is for adults, aged 18 or older. If you are younger, you cannot join. "
    "If you need help or someone to talk to, our “Get help now” page says who to contact.",
)


def sign_up(
    borough,
    *,
    display_name: str,
    email: str,
    password: str,
    adult: bool,
    language: str | None = None,
):
    """Create a member (not yet confirmed) and email them a confirmation link.

    ``adult``: they confirmed they are 18 or older (the site is for adults); when, is
    kept on their profile. Without it, ValidationError and nothing is made.

    Their language (for every email) is ``language``, or the language of the page they
    signed up on.

    If the address already has an account, nothing is made and the address is told so
    by email instead: whoever typed it learns nothing. Returns the new user, or None.

    A name that may not be used (services/names.py) raises ValidationError, first,
    whatever the address, and nothing is made; so does one taken by someone else's
    sign-up a moment ago.
    """
    if not adult:
        raise ValidationError(ADULTS_ONLY, code="adult")
    display_name = names.clean_display_name(display_name)
    email = normalise_email(email)
    if not email_taken(email):
        try:
            with transaction.atomic():
                user = get_user_model().objects.create_user(
                    username=email, email=email, password=password
                )
                profile = MemberProfile(
                    user=user,
                    display_name=display_name,
                    language=language or current_language(),
                    adult_confirmed_at=timezone.now(),
                )
                names.save_profile(profile, staff=False)
        except IntegrityError:
            pass  # the address taken a moment ago, by someone else's sign-up
        else:
            send_confirmation_email(borough, user)
            return user
    make_password(password)  # the same work as a new account: the time taken says nothing
    holder = get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
    with in_language_of(holder.first()):  # the account holder's language
        tell_them_they_have_an_account(borough, email, "join")
    return None


def get_profile(user) -> MemberProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.member_profile
    except MemberProfile.DoesNotExist:
        return None


def ensure_profile(user) -> MemberProfile:
    """The user's profile, created for accounts made another way (staff, made in the
    admin or invited by email): their address is counted as confirmed, and their name is
    their first name, with a number if another account shows it, even one that took it
    at the same moment (names.add_profile_with_free_name)."""
    profile = get_profile(user)
    if profile is None:
        profile = names.add_profile_with_free_name(
            user,
            user.get_short_name(),
            staff=is_staff(user),
            email_confirmed_at=timezone.now(),
        )
        user.member_profile = profile
    return profile


def is_confirmed(user) -> bool:
    profile = get_profile(user)
    return profile is not None and profile.email_confirmed_at is not None


# What a member is doing when they are stopped: finishes "Please sign in to …".
POST = pgettext_lazy("what a member cannot do yet", "post")
ASK_TO_JOIN = pgettext_lazy("what a member cannot do yet", "ask to join a group")
SEND_MESSAGES = pgettext_lazy("what a member cannot do yet", "send messages")


def why_cannot_post(user, doing: str = POST) -> str | None:
    """None if the user may post; otherwise the reason, in words to show them.

    Other things that need the same (a confirmed, unpaused account) pass what the member
    is doing, so the words fit: ``why_cannot_post(user, ASK_TO_JOIN)``.
    """
    if not getattr(user, "is_authenticated", False):
        return _("Please sign in to %(doing)s.") % {"doing": doing}
    if not user.is_active:
        return _("This account is closed.")
    profile = get_profile(user)
    if profile is None:
        return _("Please set up your profile before you %(doing)s.") % {"doing": doing}
    if profile.email_confirmed_at is None:
        return _(
            "Please confirm your email address before you %(doing)s. "
            "Open the link in the email we sent you."
        ) % {"doing": doing}
    if profile.is_suspended:
        until = date_format(timezone.localtime(profile.suspended_until), "j E Y")
        return _("Your account is paused until %(until)s. You cannot %(doing)s until then.") % {
            "until": until,
            "doing": doing,
        }
    return None


def can_post(user) -> bool:
    """May this user post, reply, propose groups and events? (Moderation still applies.)"""
    return why_cannot_post(user) is None


# --- Email confirmation ------------------------------------------------------------------


def _address_check(user) -> str:
    """A keyed hash of the member's address: the link is for this address only (a changed
    address makes it fail), yet the link, which anyone can decode, holds no address."""
    email = normalise_email(user.email)
    return salted_hmac(CONFIRM_SALT, f"{user.pk}:{email}", algorithm="sha256").hexdigest()[:32]


def confirmation_token(borough, user) -> str:
    """Signed, and names the borough: a Lambeth link never confirms a Southwark account.
    It holds the account's number and ``_address_check``, never the address itself."""
    payload = {"b": borough.schema_name, "u": user.pk, "h": _address_check(user)}
    return signing.dumps(payload, salt=CONFIRM_SALT)


def confirmation_url(borough, user) -> str:
    path = reverse(
        "account-confirm",
        urlconf=settings.ROOT_URLCONF,
        kwargs={"token": confirmation_token(borough, user)},
    )
    return borough_base_url(borough) + path


def send_confirmation_email(borough, user) -> bool:
    profile = get_profile(user)
    with in_language_of(user):
        name = profile.display_name if profile else _("there")
        words = {
            "name": name,
            "borough": borough.name,
            "url": confirmation_url(borough, user),
            "days": CONFIRM_MAX_AGE_DAYS,
        }
        body = (
            _(
                "Hello %(name)s,\n\n"
                "Welcome to Connect & Do %(borough)s.\n\n"
                "Please confirm your email address. Open this link, then press “Confirm my email "
                "address”:\n"
                "%(url)s\n\n"
                "The link works for %(days)s days. "
                "After that, sign in and ask for a new one.\n\n"
                "If you did not sign up, you do not need to do anything.\n"
            )
            % words
        )
        subject = _("Please confirm your email address – Connect & Do %(borough)s") % words
        message = borough_email(borough, subject, body, [user.email])
    try:
        message.send()
    except Exception:
        logger.exception("Could not send the confirmation email to user %s", user.pk)
        return False
    return True


def confirmation_user(borough, token: str):
    """The member whose address ``token`` confirms; nothing is changed.

    Raises ConfirmationError("expired") for an old link and ("invalid") for anything
    else wrong.
    """
    try:
        payload = signing.loads(
            token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE_DAYS * 24 * 60 * 60
        )
    except signing.SignatureExpired as error:
        raise ConfirmationError(ConfirmationError.EXPIRED) from error
    except signing.BadSignature as error:
        raise ConfirmationError(ConfirmationError.INVALID) from error
    if not isinstance(payload, dict) or payload.get("b") != borough.schema_name:
        raise ConfirmationError(ConfirmationError.INVALID)
    if "h" not in payload:
        raise ConfirmationError(ConfirmationError.OLD_KIND)
    user = get_user_model().objects.filter(pk=payload.get("u"), is_active=True).first()
    if user is None or get_profile(user) is None:
        raise ConfirmationError(ConfirmationError.INVALID)
    if not constant_time_compare(str(payload["h"]), _address_check(user)):
        raise ConfirmationError(ConfirmationError.INVALID)  # the address has changed
    return user


def confirm_email(borough, token: str):
    """Mark the address in ``token`` as confirmed and return its user (see
    ``confirmation_user`` for what it raises). Confirming twice is fine.

    Only the member's own "Confirm" button calls this, never opening the link: mail
    scanners open links, which would confirm an address someone else typed at sign-up.
    """
    user = confirmation_user(borough, token)
    profile = get_profile(user)
    if profile.email_confirmed_at is None:
        profile.email_confirmed_at = timezone.now()
        profile.save(update_fields=["email_confirmed_at"])
    return user
