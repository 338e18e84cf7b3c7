"""Organisations asking to be listed, and Editors saying yes or no.

``submit_join_request`` saves what the public form sent and tells the Editors.
``approve_join_request`` creates, in one transaction, the contact's account (with no
password: they choose one from a link on the borough's own host), a live
OrganisationPage and their access to it; then emails them. ``decline_join_request``
records the reason and tells them politely. A name that is already in use is refused
with a plain message, and nothing is created; an email address that already has an
account is told so by email, while the public form answers as for anyone else.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext

from wagtail.admin.localization import get_available_admin_languages
from wagtail.users.models import UserProfile

from sites.core.doors import tell_them_they_have_an_account
from sites.core.languages.codes import supported
from tenants.emails import borough_base_url, current_borough

from ..models import OrganisationIndexPage, OrganisationJoinRequest, OrganisationPage
from .join_request_emails import (
    tell_contact_already_asked,
    tell_contact_approved,
    tell_contact_declined,
    tell_editors,
)
from .organisation_access import grant_organisation_access


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
        language=supported(translation.get_language()) or "",
    )
    same_name = waiting_with_same_name(join_request).exists()
    tell_editors(borough, join_request, same_name=same_name)
    return join_request


def _tell_contact_already_known(borough, contact_email: str) -> None:
    if _has_account(contact_email):
        tell_them_they_have_an_account(borough, contact_email, "list")
        return
    tell_contact_already_asked(borough, contact_email)


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
    _keep_their_language(user, join_request.language)
    return user


def _keep_their_language(user, code: str) -> None:
    """The language they asked in becomes their account's "Preferred language" (where the
    admin offers it), so the admin and every later email to them are in it too."""
    admin_codes = {code for code, _name in get_available_admin_languages()}
    if code and code != settings.LANGUAGE_CODE and code in admin_codes:
        UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": code})


def _create_organisation_page(join_request: OrganisationJoinRequest, editor) -> OrganisationPage:
    index = OrganisationIndexPage.objects.order_by("path").first()
    if index is None:
        raise JoinRequestError(
            gettext("This site has no Organisations section to add the page to.")
        )
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
            raise JoinRequestError(_already_decided(join_request))
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
    page_url = borough_base_url(borough) + page_path(page)
    sent = tell_contact_approved(borough, join_request, user, page_url)
    return Approval(join_request, user, page, sent)


def decline_join_request(
    join_request: OrganisationJoinRequest, editor, reason: str, borough=None
) -> bool:
    """Record the decision and its reason, and tell the contact. True if the email went."""
    reason = (reason or "").strip()
    if not reason:
        raise JoinRequestError(gettext("Say why, in a sentence the organisation will understand."))
    borough = borough or current_borough()
    with transaction.atomic():
        join_request = OrganisationJoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if join_request.status != OrganisationJoinRequest.Status.PENDING:
            raise JoinRequestError(_already_decided(join_request))
        join_request.status = OrganisationJoinRequest.Status.DECLINED
        join_request.decided_at = timezone.now()
        join_request.decided_by = editor
        join_request.decision_note = reason
        join_request.save()
    return tell_contact_declined(borough, join_request)


def _already_decided(join_request: OrganisationJoinRequest) -> str:
    if join_request.status == OrganisationJoinRequest.Status.APPROVED:
        return gettext("This request was already approved.")
    return gettext("This request was already declined.")


def page_path(page) -> str:
    """The page's path on the borough's own host ("/organisations/brixton-gardeners/")."""
    parts = page.get_url_parts()
    return parts[2] if parts else "/"
