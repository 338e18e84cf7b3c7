"""The emails about a request to list an organisation, each in its reader's language.

The Editors read theirs in their own admin language (``in_each_reader_language``); the
contact reads theirs in the language of the public page they asked on (kept on the
request), or the borough's language for a request from before that was kept.
"""

import logging

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from sites.core.doors import may_email
from sites.core.languages.codes import supported
from sites.core.staff_language import in_each_reader_language
from tenants.emails import borough_base_url, borough_email, invitation_url, send_borough_email

from ..models import OrganisationJoinRequest
from .editors import editors_emails

logger = logging.getLogger(__name__)


def contact_language(join_request: OrganisationJoinRequest, borough) -> str:
    """The language the contact asked in; else the borough's; else the platform's."""
    return (
        supported(join_request.language)
        or supported(getattr(borough, "default_language", None))
        or settings.LANGUAGE_CODE
    )


def tell_editors(borough, join_request: OrganisationJoinRequest, *, same_name: bool) -> None:
    """One email to each Editor (and the directory inbox), in the Editor's language.
    ``same_name``: someone else is also waiting to list an organisation of this name."""
    for group in in_each_reader_language(editors_emails()):
        subject = gettext("Request to list %(name)s") % {"name": join_request.organisation_name}
        body = _editors_body(borough, join_request, same_name)
        for address in group:
            try:
                borough_email(borough, subject, body, [address]).send()
            except Exception:
                logger.exception("Could not email join request %s to an Editor", join_request.pk)


def _editors_body(borough, join_request: OrganisationJoinRequest, same_name: bool) -> str:
    words = {
        "borough": borough.name,
        "name": join_request.organisation_name,
        "summary": join_request.summary,
        "website": join_request.website or gettext("not given"),
        "number": join_request.charity_number or gettext("not given"),
        "contact": ", ".join(
            part
            for part in (
                join_request.contact_name,
                join_request.contact_email,
                join_request.contact_phone,
            )
            if part
        ),
    }
    lines = [
        gettext("Hello,"),
        "",
        gettext("An organisation has asked to be listed on Connect & Do %(borough)s.") % words,
        "",
        gettext("Organisation: %(name)s") % words,
        gettext("What they do: %(summary)s") % words,
        gettext("Website: %(website)s") % words,
        gettext("Charity number: %(number)s") % words,
        gettext("Contact: %(contact)s") % words,
        "",
    ]
    if same_name:
        lines += [
            gettext(
                "Someone else has also asked to list an organisation of this name: check "
                "which of them runs it before you approve one."
            ),
            "",
        ]
    lines += [
        gettext("Approve or decline it here:"),
        borough_base_url(borough)
        + reverse("directory_join_requests:detail", args=[join_request.pk]),
    ]
    return "\n".join(lines) + "\n"


def tell_contact_already_asked(borough, contact_email: str) -> bool:
    """A second request from an address whose first is still waiting. Sent while the
    page they asked on is served, so it is written in that page's language. Not sent
    when the address has had too many emails this hour (``may_email``)."""
    if not may_email(contact_email, "list-organisation"):
        return False
    words = {"borough": borough.name}
    body = (
        gettext("Hello,")
        + "\n\n"
        + gettext(
            "Someone, probably you, asked again with this email address to list an "
            "organisation on Connect & Do %(borough)s. We already have a request from this "
            "address, and our team will be in touch soon. You do not need to send another one."
        )
        % words
        + "\n\n"
        + gettext("If this was not you, you do not need to do anything.")
        + "\n"
    )
    subject = gettext("We already have your request – Connect & Do %(borough)s") % words
    return send_borough_email(borough, subject, body, [contact_email])


def tell_contact_approved(borough, join_request, user, page_url: str) -> bool:
    """The good news, the link to choose a password, and what to do next."""
    with translation.override(contact_language(join_request, borough)):
        base = borough_base_url(borough)
        words = _contact_words(borough, join_request) | {
            "page": page_url,
            "url": invitation_url(borough, user),
            "admin": f"{base}/admin/",
        }
        subject = gettext("%(name)s is now on Connect & Do %(borough)s") % words
        body = "\n\n".join(
            [
                gettext("Hello %(name)s,") % {"name": join_request.contact_name},
                gettext("Good news: %(name)s is now listed on Connect & Do %(borough)s:") % words
                + f"\n{words['page']}",
                gettext(
                    "You have an account to keep the listing up to date. Choose your "
                    "password here (the link works once):"
                )
                + f"\n{words['url']}",
                gettext("Then sign in at %(admin)s with this email address to:") % words
                + "\n- "
                + gettext("add the email address and phone number you would like people to use,")
                + "\n- "
                + gettext("add your activities: what happens, when and where."),
                gettext(
                    "Our team checks every change before it appears on the site, usually "
                    "within a few working days."
                ),
                _sign_off(words),
            ]
        )
    return _send_to_contact(borough, join_request, subject, body)


def tell_contact_declined(borough, join_request: OrganisationJoinRequest) -> bool:
    """Why not (the Editor's own words), and that they may reply."""
    with translation.override(contact_language(join_request, borough)):
        words = _contact_words(borough, join_request)
        subject = gettext("Your request to list %(name)s") % words
        body = "\n\n".join(
            [
                gettext("Hello %(name)s,") % {"name": join_request.contact_name},
                gettext("Thank you for asking to list %(name)s on Connect & Do %(borough)s.")
                % words,
                gettext("We are sorry, but we are not able to list it at the moment. This is why:"),
                join_request.decision_note,
                gettext(
                    "If something has changed, or you would like to talk about it, just "
                    "reply to this email."
                ),
                _sign_off(words),
            ]
        )
    return _send_to_contact(borough, join_request, subject, body)


def _contact_words(borough, join_request) -> dict[str, str]:
    return {"name": join_request.organisation_name, "borough": borough.name}


def _sign_off(words) -> str:
    return gettext("Best wishes,\nThe Connect & Do %(borough)s team") % words + "\n"


def _send_to_contact(borough, join_request, subject: str, body: str) -> bool:
    try:
        borough_email(borough, subject, body, [join_request.contact_email]).send()
    except Exception:
        logger.exception("Could not email the contact of join request %s", join_request.pk)
        return False
    return True
