"""Full links in the admin's own emails (Wagtail's workflow notifications).

Wagtail builds them from one global setting, ``WAGTAILADMIN_BASE_URL``, which cannot be
right for every borough; our copies of its notification base templates
(``sites/core/templates/wagtailadmin/notifications/base.*``) take the address of the
borough whose schema sends the email instead.
"""

from urllib.parse import urljoin

from django import template
from django.templatetags.static import static

from tenants.emails import current_borough_base_url

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
