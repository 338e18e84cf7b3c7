"""What browsers and search engines ask every host for: a favicon and robots.txt.

Both are per borough (its colour and name, its own sitemap); the sitemap itself is
Wagtail's (``wagtail.contrib.sitemaps``), which lists only the request's own site.
"""

import re
from html import escape

from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.views.decorators.http import require_GET

from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Site

from .site_cache import branding_for_request

DEFAULT_COLOUR = "#1d4f91"
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
ICON_SECONDS = 24 * 60 * 60  # the <link> names the colour, so a new colour is a new URL
# Not worth a crawler's time, or private: forms, accounts, feeds, the admin, search results.
PRIVATE_PATHS = ["/admin/", "/account/", "/emails/", "/members/", "/report-a-problem/", "/search"]


def _icon_colour_and_letter(request) -> tuple[str, str]:
    borough = getattr(request, "borough", None)
    if borough is None:
        return DEFAULT_COLOUR, "C"
    branding = branding_for_request(request)
    colour = getattr(branding, "primary_colour", "") or ""
    colour = colour if HEX_COLOUR.match(colour) else DEFAULT_COLOUR
    return colour, (borough.name[:1] or "C").upper()


def favicon_svg(colour: str, letter: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="12" fill="{colour}"/>'
        '<text x="32" y="45" font-family="Arial, Helvetica, sans-serif" font-size="38" '
        f'font-weight="700" text-anchor="middle" fill="#ffffff">{escape(letter)}</text></svg>'
    )


@require_GET
def favicon(request):
    """The borough's icon: its first letter in white on its brand colour."""
    response = HttpResponse(favicon_svg(*_icon_colour_and_letter(request)))
    response["Content-Type"] = "image/svg+xml"
    response["Cache-Control"] = f"public, max-age={ICON_SECONDS}"
    return response


@require_GET
def favicon_ico(request):
    """Browsers ask for /favicon.ico when a page names no icon (files, feeds)."""
    return HttpResponsePermanentRedirect("/favicon.svg")


@require_GET
def robots_txt(request):
    borough = getattr(request, "borough", None)
    lines = ["User-agent: *"]
    if borough is None or not borough.is_live:
        lines.append("Disallow: /")  # the platform host, and boroughs not launched yet
    else:
        lines += [f"Disallow: {path}" for path in PRIVATE_PATHS]
        lines += ["", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def sitemap(request):
    """Wagtail's sitemap of this borough's own site; a borough whose site no longer
    answers to its address (as its home page does then) is a 404, not a 500."""
    if Site.find_for_request(request) is None:
        raise Http404("No site answers to this address.")
    return wagtail_sitemap(request)
