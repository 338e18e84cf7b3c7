"""A borough host: its Wagtail admin, media, documents and pages.

Public pages carry their language (``/pl/events/``; English without a prefix) through
``i18n_patterns``; the admin, API, media, documents, robots.txt, the sitemap and the
favicon stay unprefixed (sites/core/languages/middleware.py chooses the language).
"""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern as WAGTAIL_SERVE_PATTERN

from sites.community.accounts.views import AdminPasswordResetView, AdminSignInView
from sites.core import views as core_views
from sites.core.languages.views import serve_with_english_fallback
from sites.directory.admin_reports import PageTypesUsageReport
from tenants import views

urlpatterns = [
    # Wagtail's own view, with the limit every password reset has.
    path("admin/password_reset/", AdminPasswordResetView.as_view()),
    # Wagtail's own sign-in, remembering the browser (sites/core/new_browsers.py).
    path("admin/login/", AdminSignInView.as_view()),
    # Wagtail's report, naming no draft its reader may not find (page_policy.py).
    path("admin/reports/page-types-usage/", PageTypesUsageReport.as_view()),
    path(
        "admin/reports/page-types-usage/results/",
        PageTypesUsageReport.as_view(results_only=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("media/<str:schema_name>/<path:path>", views.serve_media, name="borough-media"),
    path("robots.txt", core_views.robots_txt, name="robots-txt"),
    path("sitemap.xml", core_views.sitemap, name="sitemap"),  # only this borough's own site
    path("favicon.svg", core_views.favicon, name="favicon"),
    path("favicon.ico", core_views.favicon_ico),
    path("api/openreferral/", include("sites.directory.openreferral.urls")),
]
urlpatterns += i18n_patterns(
    path("", include("sites.directory.urls")),
    path("", include("sites.directory.membership.urls")),
    path("", include("sites.community.accounts.urls")),
    path("", include("sites.community.discussions.urls")),
    path("", include("sites.community.messaging.urls")),  # /messages/, members only
    path("", include("search.urls")),  # /search/, /search.json, /search/autocomplete.json
    path("", include("sites.community.events.urls")),  # calendar files (.ics) of pages
    path("", include("sites.connecting.urls")),
    path("", include("sites.mylist.urls")),  # /my-list/: saved things, print, email, share
    # Wagtail's routes, but its page view serves a page not yet translated in English
    # (at the translated address) instead of a 404.
    *[route for route in wagtail_urls.urlpatterns if route.name != "wagtail_serve"],
    re_path(WAGTAIL_SERVE_PATTERN, serve_with_english_fallback, name="wagtail_serve"),
    prefix_default_language=False,
)

handler400 = "tenants.views.bad_request"
handler404 = "tenants.views.page_not_found"
handler500 = "tenants.views.server_error"
