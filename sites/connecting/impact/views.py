"""The impact report's pages: a borough's (Wagtail admin) and all boroughs' (console).

A borough's report: people holding "can see the impact report" (Community Connecting
team leads and Borough admins; not coaches, editors or anyone else), on that borough's
own host, for its own schema only. All boroughs: platform staff in the console, who get
the same aggregates summed over the live boroughs and nothing about anyone.

Each has the page, a print version (an A4 document) and a CSV, all for the period the
form chose; a period the form refuses shows its messages and no figures (status 400).
"""

from django_tenants.utils import schema_context

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from tenants.models import Borough
from tenants.views import platform_staff_required

from .charts import bar_chart
from .export import csv_response
from .period import PeriodForm
from .report import Report, boroughs_section, build_report
from .selectors import Figures, borough_figures

PERMISSION = "connecting.view_impact_report"
PRINT_TEMPLATE = "connecting/impact/print.html"


def can_see_report(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(PERMISSION)


def borough_report(borough, start, end) -> Report:
    """The report of the borough whose schema is current."""
    return build_report(borough_figures(start, end), borough.name, start, end)


def all_boroughs_report(start, end) -> Report:
    per_borough = {}
    for borough in Borough.objects.filter(status=Borough.Status.LIVE).order_by("name"):
        with schema_context(borough.schema_name):
            per_borough[borough.name] = borough_figures(start, end)
    report = build_report(sum(per_borough.values(), Figures()), gettext("All boroughs"), start, end)
    report.boroughs = boroughs_section(per_borough)
    return report


def report_context(report: Report | None, form: PeriodForm, base_url: str) -> dict:
    sections = []
    if report is not None:
        sections = [(s, bar_chart(s.chart, s.slug) if s.chart else "") for s in report.sections]
    return {
        "report": report,
        "sections": sections,
        "form": form,
        "csv_url": f"{base_url}report.csv?{form.query}" if report else "",
        "print_url": f"{base_url}print/?{form.query}" if report else "",
    }


def _respond(request, make_report, base_url: str, template: str, extra: dict, fmt: str = ""):
    form = PeriodForm(request.GET)
    report = None
    if form.is_valid():
        report = make_report(form.cleaned_data["start"], form.cleaned_data["end"])
        if fmt == "csv":
            return csv_response(report)
    context = {**extra, **report_context(report, form, base_url)}
    return render(
        request,
        PRINT_TEMPLATE if fmt == "print" and report else template,
        context,
        status=200 if report else 400,
    )


class BoroughReportView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Impact report")
    header_icon = "table"
    template_name = "connecting/impact/admin_report.html"
    fmt = ""

    def dispatch(self, request, *args, **kwargs):
        if not can_see_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        borough = request.borough
        return _respond(
            request,
            lambda start, end: borough_report(borough, start, end),
            reverse("connecting_impact:report"),
            self.template_name,
            self.get_context_data(**kwargs),
            self.fmt,
        )


@platform_staff_required
def console_report(request, fmt: str = ""):
    return _respond(
        request,
        all_boroughs_report,
        reverse("console-impact"),
        "connecting/impact/console_report.html",
        {},
        fmt,
    )
