"""Full links in the admin's own emails (Wagtail's workflow notifications), and their
language.

Wagtail builds links from one global setting, ``WAGTAILADMIN_BASE_URL``, which cannot be
right for every borough; our copies of its notification base templates
(``sites/core/templates/wagtailadmin/notifications/base.*``) take the address of the
borough whose schema sends the email instead. Wagtail writes a notification's subject
and text in its reader's admin language but its HTML in the language active when it
is sent (that of whoever caused it); the HTML base template takes the reader's too.
"""

from urllib.parse import urljoin

from django import template
from django.templatetags.static import static
from django.utils.translation import get_language

from tenants.emails import current_borough_base_url

from ..staff_language import wagtail_language

register = template.Library()


@register.simple_tag
def borough_admin_base_url() -> str:
    """``https://<the borough's host>``, to put before an admin path ("" outside a
    borough, as Wagtail's own tag gives with no setting)."""
    return current_borough_base_url()


@register.simple_tag
def borough_absolute_static(path: str) -> str:
    """A static file's full address on the borough's host (unchanged if static files are
    served from an address of their own)."""
    return urljoin(current_borough_base_url() + "/", static(path))


@register.simple_tag
def wagtail_email_language(user) -> str:
    """The language Wagtail wrote the rest of ``user``'s notification in (the language
    active now without a reader)."""
    return wagtail_language(user) if getattr(user, "pk", None) else get_language()
