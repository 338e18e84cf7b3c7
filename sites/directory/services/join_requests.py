"""Organisations asking to be listed, and Editors saying yes or no.

``submit_join_request`` saves what the public form sent and tells the Editors.
``approve_join_request`` creates, in one transaction, the contact's account (with no
password: they choose one from a link on the borough's own host), a live
OrganisationPage and their access to it; then emails them. ``decline_join_request``
records the reason and tells them politely. A name that is already in use is refused
with a plain message, and nothing is created; an email address that already has an
account is told so by email, while the public form answers as for anyone else.
"""

import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from sites.core.doors import tell_them_they_have_an_account
from tenants.emails import (
    borough_base_url,
    borough_email,
    current_borough,
    invitation_url,
    send_borough_email,
)

from ..models import OrganisationIndexPage, OrganisationJoinRequest, OrganisationPage
from .editors import editors_emails
from .organisation_access import grant_organisation_access

logger = logging.getLogger(__name__)


class JoinRequestError(Exception):
    """Why a request cannot go ahead, in words for the person who made it or the Editor.

    ``fields`` maps form field names to messages, where the problem is one field's.
    """

    def __init__(self, message: str, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


@dataclass
class Approval:
    join_request: OrganisationJoinRequest
    user: object
    organisation_page: OrganisationPage
    email_sent: bool


def _normalised(value: str) -> str:
    return " ".join((value or "").split())


def name_problems(organisation_name: str) -> dict:
    """Field name -> message, for an organisation name already listed.

    Listed names are public anyway, so the public form may say so. A name someone else
    has asked for is not refused: that would tell a stranger who is asking, and let the
    first to ask hold the name. The Editor sees both requests (``waiting_with_same_name``)
    and chooses.
    """
    name = _normalised(organisation_name)
    if not name:
        return {}
    if OrganisationPage.objects.filter(title__iexact=name).exists():
        return {
            "organisation_name": (
                gettext(
                    "An organisation called “%(name)s” is already listed. If it is yours, "
                    "contact us and we will give you access to it."
                )
                % {"name": name}
            )
        }
    return {}


def waiting_with_same_name(join_request: OrganisationJoinRequest):
    """The other requests waiting to list the same name, for the Editor to compare."""
    name = _normalised(join_request.organisation_name)
    return _pending(join_request).filter(organisation_name__iexact=name).order_by("created_at")


def email_problems(contact_email: str, exclude: OrganisationJoinRequest | None = None) -> dict:
    """Field name -> message, for an address with an account or a waiting request.

    Only for Editors: the public form never says it, since being a member is private.
    """
    email = (contact_email or "").strip()
    if not email:
        return {}
    if _has_account(email):
        return {
            "contact_email": (
                gettext(
                    "There is already an account with this email address. Sign in with it, or "
                    "contact us if you would like to manage another organisation."
                )
            )
        }
    if _pending(exclude).filter(contact_email__iexact=email).exists():
        return {
            "contact_email": (
                gettext(
                    "You have already sent a request with this email address. "
                    "Our team will be in touch soon."
                )
            )
        }
    return {}


def _has_account(email: str) -> bool:
    users = get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
    return users.exists()


def _pending(exclude: OrganisationJoinRequest | None = None):
    pending = OrganisationJoinRequest.objects.filter(status=OrganisationJoinRequest.Status.PENDING)
    if exclude is not None and exclude.pk:
        pending = pending.exclude(pk=exclude.pk)
    return pending


def duplicate_problems(
    organisation_name: str, contact_email: str, exclude: OrganisationJoinRequest | None = None
) -> dict[str, str]:
    """Field name -> message, for a name or an email address that is already taken."""
    return name_problems(organisation_name) | email_problems(contact_email, exclude)


def _raise_if_duplicate(name: str, email: str, exclude=None) -> None:
    problems = duplicate_problems(name, email, exclude)
    if problems:
        raise JoinRequestError(" ".join(problems.values()), problems)


def check_join_request(*, organisation_name: str, **other) -> None:
    """What the public form may be told before anything is counted or sent: a name that
    is taken. Raises JoinRequestError."""
    problems = name_problems(organisation_name)
    if problems:
        raise JoinRequestError(" ".join(problems.values()), problems)


def submit_join_request(
    *,
    organisation_name: str,
    summary: str,
    contact_name: str,
    contact_email: str,
    website: str = "",
    charity_number: str = "",
    contact_phone: str = "",
    borough=None,
) -> OrganisationJoinRequest | None:
    """Save a request from the public form and email the borough's Editors about it.

    An address that already has an account (or a waiting request) is told so by email
    instead, and nothing is saved: the page says the same either way. Returns the
    request saved, or None. Raises JoinRequestError for a name that is taken.
    """
    organisation_name = _normalised(organisation_name)
    contact_email = contact_email.strip()
    check_join_request(organisation_name=organisation_name)
    borough = borough or current_borough()
    if email_problems(contact_email):
        _tell_contact_already_known(borough, contact_email)
        return None
    join_request = OrganisationJoinRequest.objects.create(
        organisation_name=organisation_name,
        summary=summary.strip(),
        website=website.strip(),
        charity_number=charity_number.strip(),
        contact_name=_normalised(contact_name),
        contact_email=contact_email,
        contact_phone=contact_phone.strip(),
    )
    _tell_editors(borough, join_request)
    return join_request


def _tell_contact_already_known(borough, contact_email: str) -> None:
    if _has_account(contact_email):
        tell_them_they_have_an_account(borough, contact_email, "ask to list an organisation")
        return
    body = (
        "Hello,\n\n"
        f"Someone, probably you, asked again with this email address to list an "
        f"organisation on Connect & Do {borough.name}. We already have a request from "
        "this address, and our team will be in touch soon. You do not need to send "
        "another one.\n\n"
        "If this was not you, you do not need to do anything.\n"
    )
    subject = f"We already have your request – Connect & Do {borough.name}"
    send_borough_email(borough, subject, body, [contact_email])


def _tell_editors(borough, join_request: OrganisationJoinRequest) -> None:
    base = borough_base_url(borough)
    lines = [
        "Hello,",
        "",
        f"An organisation has asked to be listed on Connect & Do {borough.name}.",
        "",
        f"Organisation: {join_request.organisation_name}",
        f"What they do: {join_request.summary}",
        f"Website: {join_request.website or 'not given'}",
        f"Charity number: {join_request.charity_number or 'not given'}",
        f"Contact: {join_request.contact_name}, {join_request.contact_email}"
        + (f", {join_request.contact_phone}" if join_request.contact_phone else ""),
        "",
        "Approve or decline it here:",
        base + reverse("directory_join_requests:detail", args=[join_request.pk]),
    ]
    if waiting_with_same_name(join_request).exists():
        lines[-2:-2] = [
            "Someone else has also asked to list an organisation of this name: check which "
            "of them runs it before you approve one.",
            "",
        ]
    subject = f"Request to list {join_request.organisation_name}"
    for address in editors_emails():
        try:
            borough_email(borough, subject, "\n".join(lines) + "\n", [address]).send()
        except Exception:
            logger.exception("Could not email join request %s to an Editor", join_request.pk)


def _unique_child_slug(parent, title: str) -> str:
    base = slugify(title)[:60] or "organisation"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def _create_account(join_request: OrganisationJoinRequest):
    first, _, rest = join_request.contact_name.partition(" ")
    user = get_user_model()(
        username=join_request.contact_email.lower(),
        email=join_request.contact_email,
        first_name=first[:150],
        last_name=rest[:150],
        is_active=True,
    )
    user.set_unusable_password()
    user.save()
    return user


def _create_organisation_page(join_request: OrganisationJoinRequest, editor) -> OrganisationPage:
    index = OrganisationIndexPage.objects.order_by("path").first()
    if index is None:
        raise JoinRequestError("This site has no Organisations section to add the page to.")
    # The contact's own email address and phone number are not published: the
    # organisation adds the public ones it wants on its page.
    page = index.add_child(
        instance=OrganisationPage(
            title=join_request.organisation_name,
            slug=_unique_child_slug(index, join_request.organisation_name),
            summary=join_request.summary,
            website=join_request.website,
            charity_number=join_request.charity_number,
            last_checked_on=timezone.localdate(),
        )
    )
    page.save_revision(user=editor, log_action=True).publish(user=editor)
    return page


def approve_join_request(join_request: OrganisationJoinRequest, editor, borough=None) -> Approval:
    """Create the account, the live organisation page and the access; then email the contact."""
    borough = borough or current_borough()
    with transaction.atomic():
        join_request = OrganisationJoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if join_request.status != OrganisationJoinRequest.Status.PENDING:
            raise JoinRequestError(
                f"This request was already {join_request.get_status_display().lower()}."
            )
        _raise_if_duplicate(
            join_request.organisation_name, join_request.contact_email, exclude=join_request
        )
        user = _create_account(join_request)
        page = _create_organisation_page(join_request, editor)
        grant_organisation_access(page, user)
        join_request.status = OrganisationJoinRequest.Status.APPROVED
        join_request.decided_at = timezone.now()
        join_request.decided_by = editor
        join_request.organisation_page = page
        join_request.save()
    sent = _send(borough, join_request, *_approval_email(borough, join_request, user, page))
    return Approval(join_request, user, page, sent)


def decline_join_request(
    join_request: OrganisationJoinRequest, editor, reason: str, borough=None
) -> bool:
    """Record the decision and its reason, and tell the contact. True if the email went."""
    reason = (reason or "").strip()
    if not reason:
        raise JoinRequestError("Say why, in a sentence the organisation will understand.")
    borough = borough or current_borough()
    with transaction.atomic():
        join_request = OrganisationJoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if join_request.status != OrganisationJoinRequest.Status.PENDING:
            raise JoinRequestError(
                f"This request was already {join_request.get_status_display().lower()}."
            )
        join_request.status = OrganisationJoinRequest.Status.DECLINED
        join_request.decided_at = timezone.now()
        join_request.decided_by = editor
        join_request.decision_note = reason
        join_request.save()
    subject = f"Your request to list {join_request.organisation_name}"
    body = (
        f"Hello {join_request.contact_name},\n\n"
        f"Thank you for asking to list {join_request.organisation_name} on "
        f"Connect & Do {borough.name}.\n\n"
        "We are sorry, but we are not able to list it at the moment. This is why:\n\n"
        f"{reason}\n\n"
        "If something has changed, or you would like to talk about it, just reply to "
        "this email.\n\n"
        f"Best wishes,\nThe Connect & Do {borough.name} team\n"
    )
    return _send(borough, join_request, subject, body)


def _approval_email(borough, join_request, user, page) -> tuple[str, str]:
    base = borough_base_url(borough)
    subject = f"{join_request.organisation_name} is now on Connect & Do {borough.name}"
    body = (
        f"Hello {join_request.contact_name},\n\n"
        f"Good news: {join_request.organisation_name} is now listed on "
        f"Connect & Do {borough.name}:\n{base}{page_path(page)}\n\n"
        "You have an account to keep the listing up to date. Choose your password here "
        "(the link works once):\n"
        f"{invitation_url(borough, user)}\n\n"
        f"Then sign in at {base}/admin/ with this email address to:\n"
        "- add the email address and phone number you would like people to use,\n"
        "- add your activities: what happens, when and where.\n\n"
        "Our team checks every change before it appears on the site, usually within a "
        "few working days.\n\n"
        f"Best wishes,\nThe Connect & Do {borough.name} team\n"
    )
    return subject, body


def page_path(page) -> str:
    """The page's path on the borough's own host ("/organisations/brixton-gardeners/")."""
    parts = page.get_url_parts()
    return parts[2] if parts else "/"


def _send(borough, join_request, subject: str, body: str) -> bool:
    try:
        borough_email(borough, subject, body, [join_request.contact_email]).send()
    except Exception:
        logger.exception("Could not email the contact of join request %s", join_request.pk)
        return False
    return True
