"""/api/openreferral/ on each borough host. Paths work with or without a final slash."""

from django.urls import path, re_path

from . import views

app_name = "openreferral"

ID = r"(?P<id>[^/]+)"

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="root"),
    re_path(r"^openapi\.json$", views.OpenApiView.as_view(), name="openapi"),
    re_path(r"^services/?$", views.ServiceListView.as_view(), name="services"),
    re_path(rf"^services/{ID}/?$", views.ServiceDetailView.as_view(), name="service"),
    re_path(
        r"^service_at_locations/?$",
        views.ServiceAtLocationListView.as_view(),
        name="service-at-locations",
    ),
    re_path(
        rf"^service_at_locations/{ID}/?$",
        views.ServiceAtLocationDetailView.as_view(),
        name="service-at-location",
    ),
    re_path(r"^organizations/?$", views.OrganizationListView.as_view(), name="organizations"),
    re_path(
        rf"^organizations/{ID}/?$", views.OrganizationDetailView.as_view(), name="organization"
    ),
    re_path(r"^taxonomies/?$", views.TaxonomyListView.as_view(), name="taxonomies"),
    re_path(rf"^taxonomies/{ID}/?$", views.TaxonomyDetailView.as_view(), name="taxonomy"),
    re_path(r"^taxonomy_terms/?$", views.TaxonomyTermListView.as_view(), name="taxonomy-terms"),
    re_path(
        rf"^taxonomy_terms/{ID}/?$", views.TaxonomyTermDetailView.as_view(), name="taxonomy-term"
    ),
    re_path(r"^.*$", views.NotFoundView.as_view(), name="not-found"),
]
