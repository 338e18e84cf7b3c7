"""Staff a Borough admin adds in the admin (Settings → Users → Add a user).

Nobody types a password for someone else (``WAGTAILUSERS_PASSWORD_ENABLED = False``):
the new person gets an email with a link to choose their own, on the borough's own
address, like the first Borough admin's invitation. If it stops working they ask for a
new one with "Forgotten password?" (an account nobody has signed in to yet gets one:
``password_reset_recipients`` in sites/community/services/accounts.py)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

from tenants.emails import borough_base_url, invitation_url, send_borough_email

from .ratelimit import limit
from .staff_language import language_of


def invite_staff(borough, user, invited_by) -> bool:
    """Leave ``user`` without a password and email them a link to choose one. False if
    they already have a password (then nothing is sent) or the email could not go.
    Raises RateLimited (the account stays, without a password) when ``invited_by`` has
    sent ``RATE_LIMITS["staff-invitation"]`` already."""
    if user.password and user.has_usable_password():
        return False
    user.set_unusable_password()
    user.save(update_fields=["password"])
    limit("staff-invitation", invited_by.pk)
    with translation.override(language_of(user)):  # never the inviting admin's
        return _send_invitation(borough, user, invited_by)


def _send_invitation(borough, user, invited_by) -> bool:
    base = borough_base_url(borough)
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    roles = sorted(user.groups.values_list("name", flat=True))
    words = {
        "name": user.get_full_name() or user.email,
        "inviter": invited_by.get_full_name() or invited_by.get_username(),
        "borough": borough.name,
        "roles": ", ".join(roles) or "-",
        "url": invitation_url(borough, user),
        "again": f"{base}/admin/password_reset/",
        "admin": f"{base}/admin/",
        "days": days,
    }
    body = (
        ngettext(
            "Hello %(name)s,\n\n"
            "%(inviter)s has added you to the team that runs Connect & Do %(borough)s "
            "(your roles: %(roles)s).\n\n"
            "Choose your password here (the link works once, for %(days)s day):\n%(url)s\n\n"
            "If the link has stopped working, ask for a new one here, with this email "
            "address:\n%(again)s\n\n"
            "Then sign in at %(admin)s.\n",
            "Hello %(name)s,\n\n"
            "%(inviter)s has added you to the team that runs Connect & Do %(borough)s "
            "(your roles: %(roles)s).\n\n"
            "Choose your password here (the link works once, for %(days)s days):\n%(url)s\n\n"
            "If the link has stopped working, ask for a new one here, with this email "
            "address:\n%(again)s\n\n"
            "Then sign in at %(admin)s.\n",
            days,
        )
        % words
    )
    subject = gettext("You are invited to Connect & Do %(borough)s") % words
    return send_borough_email(borough, subject, body, [user.email])


def tell_the_old_address(borough, user, old_email: str, changed_by) -> bool:
    """Tell the address a staff account had that ``changed_by`` changed it in the admin.

    Links to choose a new password go to the new address from then on, so a change the
    account's owner did not ask for would otherwise hand their account, and whatever it
    may open (coaching records), to whoever holds the new one, unseen."""
    with translation.override(language_of(user)):
        return _tell_the_old_address(borough, user, old_email, changed_by)


def _tell_the_old_address(borough, user, old_email: str, changed_by) -> bool:
    words = {
        "name": user.get_full_name() or old_email,
        "changer": changed_by.get_full_name() or changed_by.get_username(),
        "borough": borough.name,
    }
    body = (
        gettext(
            "Hello %(name)s,\n\n"
            "%(changer)s has changed the email address of your Connect & Do %(borough)s "
            "account. From now on, its emails and any link to choose a new password go to "
            "the new address, not to this one.\n\n"
            "If you did not ask for this, tell the people who run Connect & Do "
            "%(borough)s at once.\n"
        )
        % words
    )
    subject = gettext("The email address of your Connect & Do %(borough)s account changed") % words
    return send_borough_email(borough, subject, body, [old_email])
