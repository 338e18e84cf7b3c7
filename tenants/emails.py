"""Emails sent on a borough's behalf: its name, its host, its reply-to address, and the
language it is written in (``Content-Language``)."""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)


def _base_url(host: str) -> str:
    port = settings.PLATFORM_PORT
    suffix = "" if port in (80, 443) else f":{port}"
    return f"{settings.PLATFORM_SCHEME}://{host}{suffix}"


def borough_base_url(borough) -> str:
    return _base_url(borough.primary_host)


def platform_base_url() -> str:
    """The platform host's own address (its landing page and console)."""
    return _base_url(settings.PLATFORM_HOST)


def current_borough():
    """The borough whose schema is active (a request's, a task's or a schema_context's),
    or None in the platform's own schema."""
    from .models import Borough

    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Borough):
        return tenant
    return Borough.objects.filter(schema_name=connection.schema_name).first()


def current_borough_base_url() -> str:
    """The active borough's own address (``https://southwark.example.org``), for links
    in emails, which need a full address; "" outside any borough.

    Read from the borough's primary domain each time it is asked, never from a global
    setting (such as ``WAGTAILADMIN_BASE_URL``), so one borough's emails can never point
    at another's host."""
    borough = current_borough()
    if borough is None or not borough.primary_host:
        return ""
    return borough_base_url(borough)


def invitation_url(borough, user) -> str:
    """A set-password link for the borough's own admin, on the borough's own host.

    Built from the borough's domain, never from a global setting, so it cannot point
    at another borough. Call inside the borough's schema.
    """
    path = reverse(
        "wagtailadmin_password_reset_confirm",
        urlconf=settings.ROOT_URLCONF,
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return borough_base_url(borough) + path


def content_language(code: str = "") -> str:
    """``code`` ("en-gb"), or the language active now, as an email's ``Content-Language``
    ("pl", "en-GB")."""
    code = code or translation.get_language() or settings.LANGUAGE_CODE
    language, _dash, region = code.partition("-")
    return f"{language}-{region.upper()}" if len(region) == 2 else code


def borough_email(borough, subject: str, body: str, to: list[str], html: str = "") -> EmailMessage:
    """Plain text, with ``html`` as an alternative when given. Make it in the language it
    is written in (every caller writes its words first): its ``Content-Language`` says so,
    for mail programs and screen readers."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=f"Connect & Do {borough.name} <{settings.DEFAULT_FROM_EMAIL}>",
        to=to,
        reply_to=[borough.contact_email] if borough.contact_email else None,
        headers={
            "X-Connectdo-Borough": borough.schema_name,
            "Content-Language": content_language(),
        },
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message


def send_borough_email(borough, subject: str, body: str, to: list[str], html: str = "") -> bool:
    """Send one borough email; a mail server that fails is logged (by subject, never to
    whom) rather than failing the page. True if it went."""
    return _send(borough_email(borough, subject, body, to, html))


def send_platform_email(subject: str, body: str, to: list[str]) -> bool:
    """Send one email from the platform itself (the console's, to its own staff), on no
    borough's behalf: from ``DEFAULT_FROM_EMAIL`` as "Connect & Do". True if it went."""
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=f"Connect & Do <{settings.DEFAULT_FROM_EMAIL}>",
        to=to,
        headers={"Content-Language": content_language()},
    )
    return _send(message)


def _send(message: EmailMessage) -> bool:
    try:
        message.send()
    except Exception:
        logger.exception("Could not send %r", message.subject)
        return False
    return True


def send_admin_invitation(borough, email: str, url: str) -> bool:
    """The first Borough admin's invitation, in the borough's main language (the one
    launch gives its site), never the language of the console that launched it."""
    with translation.override(borough.default_language or settings.LANGUAGE_CODE):
        return _send_admin_invitation(borough, email, url)


def _send_admin_invitation(borough, email: str, url: str) -> bool:
    base = borough_base_url(borough)
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    words = {
        "borough": borough.name,
        "url": url,
        "admin": f"{base}/admin/",
        "again": f"{base}/admin/password_reset/",
        "days": days,
    }
    body = (
        ngettext(
            "Hello,\n\n"
            "Connect & Do %(borough)s is ready, and you are its first administrator.\n\n"
            "Choose your password here (the link works once, for %(days)s day):\n%(url)s\n\n"
            "If the link has stopped working, ask for a new one here, with this email "
            "address:\n%(again)s\n\n"
            "Then sign in at %(admin)s to add your team and content.\n",
            "Hello,\n\n"
            "Connect & Do %(borough)s is ready, and you are its first administrator.\n\n"
            "Choose your password here (the link works once, for %(days)s days):\n%(url)s\n\n"
            "If the link has stopped working, ask for a new one here, with this email "
            "address:\n%(again)s\n\n"
            "Then sign in at %(admin)s to add your team and content.\n",
            days,
        )
        % words
    )
    message = borough_email(
        borough, _("Your Connect & Do %(borough)s site is ready") % words, body, [email]
    )
    try:
        message.send()
    except Exception:
        logger.exception("Could not send the invitation for %s to %s", borough.slug, email)
        return False
    return True
