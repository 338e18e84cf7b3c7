"""What a borough's schema holds beyond the register, for ``tenants`` to call.

``tenants`` (launch, retire, restore, the template schema, host routing) sits below
``sites`` and never imports it: it calls these functions through
``tenants.content.borough_content()``, which reads this module's path from
``settings.BOROUGH_CONTENT``. This module is the one place that puts the apps together.
"""

from sites.community.services.safeguarding import record_safeguarding_lead
from sites.core import setup
from sites.core.site_cache import schema_replaced, site_for_request

from .refresh import refresh_borough_defaults
from .refresh_check import schemas_to_refresh

__all__ = [
    "build_site",
    "create_admin",
    "prepare_template_content",
    "refresh_defaults",
    "schema_replaced",
    "schemas_to_refresh",
    "site_for_request",
]


def build_site(borough, request, *, port: int):
    """The new borough's pages, permissions and branding (inside its schema), from the
    launch form's ``request`` (a tenants.services.launch.LaunchRequest)."""
    site = setup.build_borough_site(
        borough,
        request.domain,
        port,
        team_email=request.team_email,
        team_phone=request.team_phone,
    )
    record_safeguarding_lead(
        site,
        name=request.safeguarding_name,
        email=request.safeguarding_email,
        phone=request.safeguarding_phone,
    )
    return site


def create_admin(email: str):
    return setup.create_borough_admin(email)


def prepare_template_content() -> None:
    setup.prepare_template_content()


def refresh_defaults(borough):
    return refresh_borough_defaults(borough)
