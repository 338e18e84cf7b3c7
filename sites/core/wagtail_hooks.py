"""The "Waiting for you" panel at the top of the admin dashboard (rows from every app:
``sites/core/waiting.py``)."""

from wagtail import hooks

from . import waiting


@hooks.register("construct_homepage_panels")
def add_waiting_for_you_panel(request, panels):
    panel = waiting.dashboard_panel(request)
    if panel is not None:
        panels.insert(0, panel)
