"""Validation of what a borough admin types when launching a borough."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
SLUG_MAX_LENGTH = 40
# Names that would collide with PostgreSQL, the platform itself or a host we serve.
RESERVED_SLUGS = {
    "public",
    "template",
    "borough-template",
    "information-schema",
    "admin",
    "api",
    "console",
    "media",
    "static",
    "www",
    "mail",
    "platform",
    "test",
}
HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def schema_name_for_slug(slug: str) -> str:
    return slug.replace("-", "_")


def validate_borough_slug(slug: str) -> None:
    if not slug:
        raise ValidationError(gettext("Enter a short name for the web address, such as 'lambeth'."))
    if len(slug) > SLUG_MAX_LENGTH:
        raise ValidationError(
            gettext("The short name can be at most %(max)s characters.") % {"max": SLUG_MAX_LENGTH}
        )
    if not SLUG_PATTERN.match(slug):
        raise ValidationError(
            gettext(
                "The short name can only use lower-case letters, numbers and single hyphens, "
                "and must start with a letter (for example 'kingston-upon-thames')."
            )
        )
    if slug in RESERVED_SLUGS or slug.startswith("pg-"):
        raise ValidationError(
            gettext("'%(slug)s' is reserved by the platform. Choose another short name.")
            % {"slug": slug}
        )
    if schema_name_for_slug(slug) == settings.TENANT_BASE_SCHEMA:
        raise ValidationError(
            gettext("'%(slug)s' is reserved by the platform. Choose another short name.")
            % {"slug": slug}
        )


def normalise_host(host: str) -> str:
    return (host or "").strip().lower().rstrip(".")


def validate_borough_host(host: str) -> None:
    """A bare host name: no scheme, port, path or wildcard; never the platform's own."""
    if not host:
        raise ValidationError(
            gettext("Enter the web address the borough will use, such as lambeth.localhost.")
        )
    if len(host) > 253:
        raise ValidationError(gettext("That web address is too long."))
    if any(char in host for char in "/:@*?# "):
        raise ValidationError(
            gettext(
                "Enter only the host name, without http://, a port or a path "
                "(for example lambeth.localhost)."
            )
        )
    if host == settings.PLATFORM_HOST:
        raise ValidationError(
            gettext("That is the platform's own address; a borough needs its own.")
        )
    labels = host.split(".")
    if len(labels) < 2 or not all(HOST_LABEL.match(label) for label in labels):
        raise ValidationError(gettext("'%(host)s' is not a valid host name.") % {"host": host})


def validate_admin_email(email: str) -> None:
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError(
            gettext("'%(email)s' is not a valid email address.") % {"email": email}
        ) from error


PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 ()-]{5,28}[0-9]$")


def validate_phone_number(phone: str) -> None:
    """A phone number people can call: digits, spaces, brackets and hyphens, 30 at most
    (the Branding field's length)."""
    if len(phone) > 30 or not PHONE_PATTERN.match(phone):
        raise ValidationError(
            gettext(
                "'%(phone)s' is not a phone number. Use digits and spaces, such as 020 7946 0000."
            )
            % {"phone": phone}
        )
