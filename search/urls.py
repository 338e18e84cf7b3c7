"""The search box on every borough host. Included before Wagtail's page catch-all."""

from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="page"),
    path("search.json", views.search_json, name="json"),
    path("search/autocomplete.json", views.autocomplete_json, name="autocomplete"),
]
