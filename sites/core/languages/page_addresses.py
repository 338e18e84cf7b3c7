"""A page's address as Wagtail's ``Page.get_url_parts`` gives it, without a ``reverse``
for every page.

Wagtail builds each address with ``reverse("wagtail_serve", args=(path,))`` inside the
page's language: a walk of the URL resolver, a pattern check and two language switches,
about 40 µs. A search page or a listing asks it for every result or card. Here the
language's prefix is worked out once per URLconf, script prefix and language, and the
page's path is checked against the same pattern and quoted as ``reverse`` quotes it. The
rest is Wagtail's own logic, followed step by step; tests/sites/test_page_addresses.py
compares the two for the pages of a borough, in English and another language, so a
Wagtail upgrade that changes its own cannot go unnoticed.
"""

import re
from functools import cache
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS, escape_leading_slashes

from wagtail.coreutils import WAGTAIL_APPEND_SLASH, get_supported_content_language_variant
from wagtail.models import Site

# (URLconf, script prefix, language) -> the address of the site's root in it
_prefixes: dict[tuple, str] = {}


@cache
def _serve_pattern() -> re.Pattern:
    from wagtail.urls import serve_pattern  # imports Wagtail's views: not while models load

    return re.compile(serve_pattern)


def _serve_path(relative: str, language_code: str) -> str:
    """What ``reverse("wagtail_serve", args=(relative,))`` gives in ``language_code``."""
    if not _serve_pattern().match(relative):
        raise NoReverseMatch(f"{relative!r} is not a page path")
    key = (get_urlconf(), get_script_prefix(), language_code)
    prefix = _prefixes.get(key)
    if prefix is None:
        with translation.override(language_code):
            prefix = _prefixes[key] = reverse("wagtail_serve", args=("",))
    return escape_leading_slashes(prefix + quote(relative, safe=RFC3986_SUBDELIMS + "/~:@"))


def page_url_parts(page, request=None):
    """``(site id, site root URL, path)``, None or ``(site id, None, None)``: what
    Wagtail's ``Page.get_url_parts(request)`` returns for ``page``."""
    possible_sites = page._get_relevant_site_root_paths(request)
    if not possible_sites:
        return None
    site_id, root_path, root_url, language_code = possible_sites[0]
    if len({values[0] for values in possible_sites}) > 1 and isinstance(request, HttpRequest):
        site = Site.find_for_request(request)
        if site:
            for values in possible_sites:
                if values[0] == site.pk:
                    site_id, root_path, root_url, language_code = values
                    break
    active = translation.get_language()
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        try:
            if get_supported_content_language_variant(active) == language_code:
                language_code = active
        except LookupError:
            pass  # not a content language: the page's own
    else:
        language_code = active  # Wagtail reverses in the active language then
    try:
        page_path = _serve_path(page.url_path[len(root_path) :], language_code)
    except NoReverseMatch:
        return (site_id, None, None)
    if not WAGTAIL_APPEND_SLASH and page_path != "/":
        page_path = page_path.rstrip("/")
    return (site_id, root_url, page_path)
