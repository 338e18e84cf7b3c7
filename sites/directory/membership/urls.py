"""Public pages for organisations, on borough hosts."""

from django.urls import path

from . import views

app_name = "directory_membership"

urlpatterns = [
    path("list-your-organisation/", views.join, name="join"),
    path("list-your-organisation/thank-you/", views.join_thanks, name="join-thanks"),
    path(
        "listing-still-up-to-date/<str:token>/",
        views.still_up_to_date,
        name="still-up-to-date",
    ),
]
