"""Routes each request to its borough's schema, or to the platform, by host name."""

from django_tenants.postgresql_backend.base import FakeTenant

from django.conf import settings
from django.db import connection
from django.shortcuts import render
from django.urls import set_urlconf

from wagtail.contrib.redirects.middleware import RedirectMiddleware

from .content import borough_content
from .routing import borough_for_host


class BoroughMiddleware:
    """Unknown hosts get a plain 404 page; disallowed hosts a 400.

    Comes before every middleware that uses the database or the URLconf. Only
    SecurityMiddleware and WhiteNoise run first: static files are the same on every host.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        connection.set_schema_to_public()
        # get_host() validates against ALLOWED_HOSTS and raises DisallowedHost (400).
        hostname = request.get_host().split(":")[0].lower()
        if hostname == settings.PLATFORM_HOST:
            request.tenant = FakeTenant(schema_name=settings.PUBLIC_SCHEMA_NAME)
            request.borough = None
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
        else:
            borough = borough_for_host(hostname)
            if borough is None:
                request.borough = None
                return render(request, "404.html", {"unknown_host": True}, status=404)
            borough.domain_url = hostname
            request.tenant = request.borough = borough
            connection.set_tenant(borough)
            request.urlconf = settings.ROOT_URLCONF
            # Wagtail's own lookup is a query per request; this one is cached per borough.
            request._wagtail_site = borough_content().site_for_request(request)
        set_urlconf(request.urlconf)
        return self.get_response(request)


class BoroughRedirectMiddleware(RedirectMiddleware):
    """Wagtail's redirects, on borough hosts only: the public schema has no Wagtail tables."""

    def process_response(self, request, response):
        if getattr(request, "borough", None) is None:
            return response
        return super().process_response(request, response)
