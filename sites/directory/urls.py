"""Directory views outside the page tree, on borough hosts."""

from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("report-a-problem/<int:page_id>/", views.report_problem, name="report-problem"),
    path("report-a-problem/<int:page_id>/thank-you/", views.report_thanks, name="report-thanks"),
]
