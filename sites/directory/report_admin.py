"""Editors' screens for "Report a problem" reports (Directory → Problem reports).

The list links each report to its page, shows safeguarding concerns ("Something about it
worries me") first and marked, and can be filtered by status and problem. A report's
page says what was reported with links to it, the problem, what the visitor wrote and
how to reply; only its status can be changed.
"""

from django.db.models import Case, IntegerField, Value, When
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, Panel
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from sites.core import waiting

from . import waiting as directory_waiting
from .models import ListingReport
from .report_follow_ups import follow_ups
from .services.reports import report_links, set_report_status


class ListingReportPermissionPolicy(ModelPermissionPolicy):
    """Reports come from visitors only: nobody, not even an admin, adds one by hand."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


register_permission_policy(ListingReport, ListingReportPermissionPolicy(ListingReport))


def editors_queue(queryset):
    """Open reports before resolved ones; in each, safeguarding concerns first, then the
    oldest first."""
    concern_first = Case(
        When(reason=ListingReport.Reason.WORRYING, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return queryset.order_by("status", concern_first, "created_at", "pk")


class ProblemColumn(Column):
    """The problem chosen, with a "Safeguarding concern" tag when it may be one, and what
    was done about it elsewhere ("A safeguarding case is open": report_follow_ups.py)."""

    cell_template_name = "directory/admin/report_problem_cell.html"


class ReportSummaryPanel(Panel):
    """What was reported, with links to it; the problem; what the visitor wrote; how to
    reply to them. Only the field that applies (listing or event) is shown."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "directory/admin/report_summary.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["report"] = self.instance
            context["links"] = report_links(self.instance)
            context["follow_ups"] = follow_ups([self.instance], self.request.user)[self.instance.pk]
            return context


def listing_title(report: ListingReport) -> str:
    """The title of what was reported, from the rows the list already joined (the
    report's ``listing`` would fetch each page again as its own type)."""
    return (report.page or report.event).title


class ListingReportIndexView(IndexView):
    def get_base_queryset(self):
        return editors_queue(super().get_base_queryset().select_related("page", "event"))

    def get_table(self, object_list):
        # What was done about each report on this page, read once for the page.
        reports = list(object_list)
        found = follow_ups(reports, self.request.user)
        for report in reports:
            report.follow_ups = found[report.pk]
        return super().get_table(reports)


class ListingReportEditView(EditView):
    def save_instance(self):
        # Record who resolved it and when, as every other route through the service does.
        set_report_status(
            self.form.instance, self.form.instance.status, self.request.user, save=False
        )
        return super().save_instance()


class ListingReportInspectView(InspectView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # A report is about a listing page or an event, never both: leave out the other.
        empty = "event" if self.object.page_id else "page"
        self.fields = [name for name in self.fields if name != empty]
        # What was done about it elsewhere ("A safeguarding case is open"), when anything.
        self.follow_ups = follow_ups([self.object], request.user)[self.object.pk]
        if self.follow_ups:
            self.fields.append("follow_ups")

    def get_field_label(self, field_name, field):
        if field_name == "follow_ups":
            return gettext("What was done")
        return super().get_field_label(field_name, field)

    def get_follow_ups_display_value(self):
        return render_to_string(
            "directory/admin/report_follow_ups.html", {"follow_ups": self.follow_ups}
        )


class ListingReportViewSet(ModelViewSet):
    """Reports from 'Report a problem with this listing' (or event). Editors read them and
    close them."""

    model = ListingReport
    name = "listing_reports"
    url_prefix = "directory/reports"
    icon = "warning"
    menu_label = "Problem reports"
    index_view_class = ListingReportIndexView
    edit_view_class = ListingReportEditView
    inspect_view_class = ListingReportInspectView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        TitleColumn(
            "listing",
            label="Listing or event",
            accessor=listing_title,
            url_name="listing_reports:edit",
        ),
        ProblemColumn("reason", label="Problem", accessor="get_reason_display"),
        DateColumn("created_at", label="Reported"),
        Column("status", label="Status", accessor="get_status_display"),
    ]
    list_filter = ["status", "reason"]
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

    @cached_property
    def menu_item_class(self):
        # "Problem reports (2)": how many are open.
        return waiting.counted(super().menu_item_class, directory_waiting.listing_reports_count)

    # Only the status can be changed; what the visitor wrote is shown as it was sent.
    panels = [
        ReportSummaryPanel(heading=_("What was reported")),
        FieldPanel("status"),
    ]
