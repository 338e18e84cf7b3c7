"""The directory's place in the Wagtail admin: a "Directory" menu for Editors.

Add another viewset (such as join requests) by defining it here and listing it in
``DirectoryViewSetGroup.items``.
"""

from django.contrib import messages
from django.contrib.auth.models import Group
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSetGroup

from sites.core import waiting
from sites.core.roles import ORGANISATION_MANAGERS

from . import waiting as directory_waiting
from .admin_homes import URL_NAME, HideStreetAddressNow, HideStreetAddressView
from .admin_views import (
    EditorsMenuItem,
    JoinRequestViewSet,
    SpreadsheetViewSet,
    StaleListingsViewSet,
    is_directory_editor,
)
from .models import PlacePage
from .models.mixins import FreshnessMixin
from .page_policy import without_others_drafts
from .panels import place_adding_url
from .report_admin import ListingReportViewSet
from .selectors import managed_organisations, managed_place_ids
from .services import retention
from .services.hide_now import unticks_a_hide_made_since
from .services.homes import (
    HIDDEN_AT_ONCE,
    HIDDEN_AT_ONCE_LABEL,
    HIDDEN_AT_ONCE_MESSAGE,
    HIDDEN_NOW,
    hide_home_at_once,
)
from .services.listing_text import address_flags, address_flags_message
from .services.organisation_access import keep_new_place


class CountedJoinRequestViewSet(JoinRequestViewSet):
    # "Join requests (2)": organisations waiting for an Editor's answer.
    menu_item_class = waiting.counted(
        EditorsMenuItem, directory_waiting.organisation_requests_count
    )


class DirectoryViewSetGroup(ViewSetGroup):
    menu_label = "Directory"
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (
        ListingReportViewSet,
        CountedJoinRequestViewSet,
        StaleListingsViewSet,
        SpreadsheetViewSet,
    )


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return DirectoryViewSetGroup()


waiting.register(order=100)(directory_waiting.editor_rows)


class OrganisationManagerPanel(Component):
    """An organisation manager's dashboard: their pages, what an Editor asked them to
    change, what waits for an Editor, what was approved lately, and how to add an
    activity or a place."""

    name = "organisation_manager"
    order = 20
    template_name = "directory/admin/organisation_manager_panel.html"

    def __init__(self, pages, user):
        self.pages = pages
        self.user = user

    def get_context_data(self, parent_context):
        page_ids = directory_waiting.own_page_ids(self.pages)
        page_ids += [str(pk) for pk in managed_place_ids(self.user)]
        return {
            "pages": self.pages,
            "add_place_url": place_adding_url(self.user),
            "changes_asked": directory_waiting.pages_with_changes_asked(page_ids),
            "awaiting": directory_waiting.pages_awaiting_approval(page_ids),
            "approved": directory_waiting.pages_recently_approved(page_ids),
        }


def is_organisation_manager(user) -> bool:
    return Group.objects.filter(user=user, name=ORGANISATION_MANAGERS).exists()


@hooks.register("construct_homepage_panels")
def add_organisation_manager_panel(request, panels):
    user = request.user
    if is_organisation_manager(user) and not is_directory_editor(user):
        panels.insert(0, OrganisationManagerPanel(managed_organisations(user), user))


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_of_a_home_address(request, page):
    """A warning, never a refusal: the words may hold a home address (the Editor who
    approves the change sees the same at the top of the page). Listings only: an
    information page may give the council's own address."""
    if not isinstance(page.specific, FreshnessMixin):
        return
    flags = address_flags(page.specific)
    if flags:
        messages.warning(request, address_flags_message(flags))


@hooks.register("after_edit_page")
def hide_a_home_at_once(request, page):
    """A manager's revision that hides a live place's street address hides it at once
    (services/homes.py). ``after_edit_page``, not the workflow's submission signal: it
    follows every way the edit view saves a revision (a draft, "Submit for moderation",
    resubmitting after "Request changes", restarting or cancelling the workflow), and it
    has the request, for the message. A place that is not live yet is not public: a new
    one (``after_create_page``) has nothing to hide."""
    if hide_home_at_once(page.specific, request.user):
        messages.success(request, HIDDEN_NOW)


@hooks.register("register_admin_urls")
def register_hide_street_address_url():
    return [
        path(
            "directory/places/<int:page_id>/hide-street-address/",
            HideStreetAddressView.as_view(),
            name=URL_NAME,
        )
    ]


HIDDEN_WHILE_OPEN = gettext_lazy(
    "The street address was hidden while you had this page open, so nothing was saved. "
    "Below is its latest version: untick “Hide street address” there if the street "
    "should show again."
)


@hooks.register("before_edit_page")
def keep_a_street_hidden_while_the_form_was_open(request, page):
    """An edit form opened before the street was hidden (or a revert to a version from
    before), posted with the box unticked, would show it again unseen
    (services/hide_now.py): refused, nothing saved."""
    match = request.resolver_match
    reverting_to = match.kwargs.get("revision_id") if match else None
    if request.method == "POST" and unticks_a_hide_made_since(
        page.specific, request.POST, request.user, reverting_to
    ):
        messages.error(request, HIDDEN_WHILE_OPEN)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("register_page_header_buttons")
def hide_street_address_now_button(page, user, view_name, next_url=None):
    """For a place the edit form will not save (locked): admin_homes.py."""
    if page.specific_class is not None and issubclass(page.specific_class, PlacePage):
        yield HideStreetAddressNow(page=page)


@hooks.register("register_log_actions")
def register_home_hidden_at_once(actions):
    actions.register_action(HIDDEN_AT_ONCE, HIDDEN_AT_ONCE_LABEL, HIDDEN_AT_ONCE_MESSAGE)


@hooks.register("after_create_page")
def keep_a_managers_new_place(request, page):
    """A place added by someone who may not change every place (an organisation
    manager) stays their organisation's to change while it waits for approval."""
    if isinstance(page.specific, PlacePage) and not (
        page.get_parent().permissions_for_user(request.user).can_edit()
    ):
        keep_new_place(page, request.user)


@hooks.register("after_copy_page")
def keep_a_managers_copied_place(request, page, new_page):
    """A copy is a new place too: without this its maker would stay its owner, and
    Wagtail lets an owner edit their page for as long as they may add places."""
    keep_a_managers_new_place(request, new_page)


@hooks.register("construct_page_chooser_queryset")
def hide_others_drafts_in_the_chooser(pages, request):
    """Anyone chooses a live page, or a draft they may edit (a manager: one their
    organisation added); the explorer and the admin's search leave the others out too
    (page_policy.py). Editors may edit every page, so they lose nothing."""
    user = request.user
    if user.is_superuser:
        return pages
    return without_others_drafts(pages, user)


# Requests and listing reports past the privacy notice's period (sites/core/retention.py).
hooks.register("delete_old_records", retention.delete_old_requests_and_reports)
