"""What a borough's schema holds beyond the register, for ``tenants`` to call.

``tenants`` (launch, retire, restore, the template schema, host routing) sits below
``sites`` and never imports it: it calls these functions through
``tenants.content.borough_content()``, which reads this module's path from
``settings.BOROUGH_CONTENT``. This module is the one place that puts the apps together.
"""

import hashlib
import inspect
from functools import cache, partial

from search import default_synonyms
from sites.community.services import discussions
from sites.community.services.safeguarding import record_safeguarding_lead
from sites.core import permissions, roles, setup
from sites.core.site_cache import schema_replaced, site_for_request
from sites.directory.models import taxonomy
from sites.standard import starting

from . import starting_site
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
    "template_version",
]

# The code that decides what the template schema holds.
_TEMPLATE_SOURCES = (
    setup,
    permissions,
    roles,  # the group names both of them use
    starting_site,
    starting,
    taxonomy,
    discussions,
    default_synonyms,
)


def build_site(borough, request, *, port: int):
    """The new borough's pages, permissions and branding (inside its schema), from the
    launch form's ``request`` (a tenants.services.launch.LaunchRequest)."""
    # Every borough schema is a copy of the template, site included: make it this
    # borough's. A schema without one (a template prepared before sites were) is built.
    copied = starting_site.template_site()
    build = (
        partial(starting_site.make_site_the_boroughs, copied)
        if copied
        else setup.build_borough_site
    )
    site = build(
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
    starting_site.build_template_site()


def refresh_defaults(borough):
    return refresh_borough_defaults(borough)


@cache  # the code a process runs does not change under it
def template_version() -> str:
    """A digest of the code that says what every borough starts with. A comment changed
    there costs one needless re-preparation of the template (seconds), never a stale one."""
    sources = "".join(inspect.getsource(module) for module in _TEMPLATE_SOURCES)
    return hashlib.sha256(sources.encode()).hexdigest()[:16]
