"""The directory's place in the Wagtail admin: a "Directory" menu for Editors.

Add another viewset (such as join requests) by defining it here and listing it in
``DirectoryViewSetGroup.items``.
"""

from django.contrib.auth.models import Group
from django.utils.functional import cached_property

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from sites.core import waiting
from sites.core.roles import ORGANISATION_MANAGERS

from . import waiting as directory_waiting
from .admin_views import (
    EditorsMenuItem,
    JoinRequestViewSet,
    SpreadsheetViewSet,
    StaleListingsViewSet,
    is_directory_editor,
)
from .models import ListingReport
from .services.reports import set_report_status


class ListingReportPermissionPolicy(ModelPermissionPolicy):
    """Reports come from visitors only: nobody, not even an admin, adds one by hand."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


register_permission_policy(ListingReport, ListingReportPermissionPolicy(ListingReport))


class ListingReportEditView(EditView):
    def save_instance(self):
        # Record who resolved it and when, as every other route through the service does.
        set_report_status(
            self.form.instance, self.form.instance.status, self.request.user, save=False
        )
        return super().save_instance()


class ListingReportViewSet(ModelViewSet):
    """Reports from 'Report a problem with this listing' (or event). Editors read them and
    close them."""

    model = ListingReport
    name = "listing_reports"
    url_prefix = "directory/reports"
    icon = "warning"
    menu_label = "Problem reports"
    edit_view_class = ListingReportEditView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        Column("listing", label="Listing or event", accessor="listing"),
        Column("reason", label="Problem", accessor="get_reason_display"),
        DateColumn("created_at", label="Reported"),
        Column("status", label="Status", accessor="get_status_display"),
    ]
    list_filter = ["status"]
    inspect_view_fields = [
        "page",
        "event",
        "reason",
        "details",
        "reporter_email",
        "status",
        "created_at",
        "resolved_at",
        "resolved_by",
    ]

    # Only the status can be changed; what the visitor wrote is shown as it was sent.
    @cached_property
    def menu_item_class(self):
        # "Problem reports (2)": how many are open.
        return waiting.counted(super().menu_item_class, directory_waiting.listing_reports_count)

    panels = [
        FieldPanel("page", read_only=True),
        FieldPanel("event", read_only=True),
        FieldPanel("reason", read_only=True),
        FieldPanel("details", read_only=True),
        FieldPanel("reporter_email", read_only=True),
        FieldPanel("status"),
    ]


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
    activity."""

    name = "organisation_manager"
    order = 20
    template_name = "directory/admin/organisation_manager_panel.html"

    def __init__(self, pages):
        self.pages = pages

    def get_context_data(self, parent_context):
        return {
            "pages": self.pages,
            "changes_asked": directory_waiting.pages_with_changes_asked(self.pages),
            "awaiting": directory_waiting.pages_awaiting_approval(self.pages),
            "approved": directory_waiting.pages_recently_approved(self.pages),
        }


def is_organisation_manager(user) -> bool:
    return Group.objects.filter(user=user, name=ORGANISATION_MANAGERS).exists()


@hooks.register("construct_homepage_panels")
def add_organisation_manager_panel(request, panels):
    user = request.user
    if is_organisation_manager(user) and not is_directory_editor(user):
        panels.insert(0, OrganisationManagerPanel(list(directory_waiting.managed_pages(user))))
