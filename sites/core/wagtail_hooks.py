"""The "Waiting for you" panel at the top of the admin dashboard (rows from every app:
``sites/core/waiting.py``)."""

from wagtail import hooks

from . import waiting


@hooks.register("construct_homepage_panels")
def add_waiting_for_you_panel(request, panels):
    panel = waiting.dashboard_panel(request)
    if panel is not None:
        panels.insert(0, panel)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def advise_on_easy_read(request, page):
    """A warning, never a refusal: long sentences or points without a picture."""
    from django.contrib import messages

    from .easyread.advice import advice_message

    specific = page.specific
    points = getattr(specific, "easy_read", None)
    if points:
        label = str(specific._meta.get_field("easy_read").verbose_name)
        message = advice_message(label, points)
        if message:
            messages.warning(request, message)
