"""A borough host: its Wagtail admin, media, documents and pages."""

from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from tenants import views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("media/<str:schema_name>/<path:path>", views.serve_media, name="borough-media"),
    path("health/", views.health, name="health"),
    path("", include(wagtail_urls)),
]

handler404 = "tenants.views.page_not_found"
handler500 = "tenants.views.server_error"
