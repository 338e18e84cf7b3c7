"""The "Waiting for you" panel at the top of the admin dashboard (rows from every app:
``sites/core/waiting.py``)."""

from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import retention, staff, waiting
from .languages.views import LanguagesView, can_choose_languages
from .ratelimit import RateLimited


@hooks.register("construct_homepage_panels")
def add_waiting_for_you_panel(request, panels):
    panel = waiting.dashboard_panel(request)
    if panel is not None:
        panels.insert(0, panel)


# --- Languages (sites/core/languages/) ---------------------------------------------------


class LanguagesMenuItem(MenuItem):
    def is_shown(self, request):
        return can_choose_languages(request.user)


@hooks.register("register_admin_urls")
def register_languages_url():
    return [path("languages/", LanguagesView.as_view(), name="borough_languages")]


@hooks.register("register_settings_menu_item")
def register_languages_menu_item():
    return LanguagesMenuItem(
        _("Languages"), reverse("borough_languages"), icon_name="site", order=602
    )


@hooks.register("construct_settings_menu")
def hide_locales_but_from_superusers(request, menu_items):
    """Wagtail's Locales screen can change a language's code under its pages and has no
    notion of English being kept: Borough admins use Languages instead."""
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name != "locales"]


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


@hooks.register("before_edit_user")
def remember_the_email_before_an_edit(request, user):
    request.email_before_edit = user.email


@hooks.register("after_edit_user")
def tell_the_old_address_of_a_changed_email(request, user):
    """Someone else changing a staff account's email never goes unseen by its owner."""
    old = getattr(request, "email_before_edit", "")
    if old and old.casefold() != (user.email or "").casefold():
        staff.tell_the_old_address(request.borough, user, old, request.user)


@hooks.register("after_create_user")
def invite_new_staff(request, user):
    """A new staff account chooses its own password, from an emailed link."""
    words = {"email": user.email}
    try:
        sent = staff.invite_staff(request.borough, user, request.user)
    except RateLimited as refused:
        messages.warning(
            request,
            gettext(
                "We did not email %(email)s: %(wait)s They can also ask for a link with "
                '"Forgotten password?" on the admin\'s sign-in page.'
            )
            % {**words, "wait": refused.text},
        )
        return
    if sent:
        messages.success(
            request, gettext("We emailed %(email)s a link to choose their password.") % words
        )
    elif not user.has_usable_password():
        messages.warning(
            request,
            gettext(
                "We could not email %(email)s. They can ask for a link with "
                '"Forgotten password?" on the admin\'s sign-in page.'
            )
            % words,
        )


# The periods the privacy notice gives, and the daily job that keeps them (retention.py).
hooks.register("privacy_notice_facts", retention.privacy_notice_facts)
hooks.register("delete_old_records", retention.delete_old_technical_records)
hooks.register("delete_old_records", retention.delete_old_earlier_versions)
