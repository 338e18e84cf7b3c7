"""Calendar files served by pages' routes, at addresses without a trailing slash.

Wagtail's own URL pattern serves only addresses that end in "/", but calendar apps
expect a file name: /events/calendar.ics, /events/<slug>/event.ics and
/groups/<slug>/events.ics. This pattern hands such addresses to Wagtail's page
routing, so the section pages' routes (and their Editors' slugs) still decide.
"""

from django.urls import re_path

from wagtail import views as wagtail_views

urlpatterns = [
    re_path(r"^((?:[\w\-]+/)+[\w\-]+\.ics)$", wagtail_views.serve, name="community-calendar-file"),
]
