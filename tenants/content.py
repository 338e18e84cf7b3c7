"""The borough's content, supplied by the layer above (``sites``).

Layers import one way (platform -> sites -> tenants), yet a launch must build a site and a
request must find its Wagtail ``Site``. So tenants asks the module named in
``settings.BOROUGH_CONTENT`` (``sites.borough``), which provides ``build_site``,
``create_admin``, ``prepare_template_content``, ``refresh_defaults``,
``schema_replaced``, ``schemas_to_refresh``, ``site_for_request`` and
``template_version``.
"""

from functools import cache
from importlib import import_module

from django.conf import settings


@cache
def borough_content():
    return import_module(settings.BOROUGH_CONTENT)
