"""The impact report's pages: a borough's (Wagtail admin) and all boroughs' (console).

A borough's report: people holding "can see the impact report" (Community Connecting
team leads and Borough admins; not coaches, editors or anyone else), on that borough's
own host, for its own schema only. All boroughs: platform staff in the console, who get
the boroughs' shown figures added up (``shown.add_up``) and nothing about anyone.

Both show a quarter's frozen figures (``frozen.py``), frozen at its first reading. Each
has the page, a print version (an A4 document) and a CSV, all for the quarter the form
chose; a quarter the form refuses shows its messages and no figures (status 400).
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

from ..access import is_team_lead
from .charts import bar_chart
from .export import csv_response
from .frozen import frozen_quarter, frozen_words
from .period import PeriodForm, Quarter
from .report import Report, boroughs_section, build_report
from .shown import add_up

PERMISSION = "connecting.view_impact_report"
PRINT_TEMPLATE = "connecting/impact/print.html"


def can_see_report(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(PERMISSION)


def may_refreeze(user) -> bool:
    """Community Connecting team leads only (not Commissioners or Borough admins)."""
    return can_see_report(user) and is_team_lead(user)


def borough_report(borough, quarter: Quarter, *, now=None) -> Report:
    """The report of the borough whose schema is current: its frozen figures."""
    frozen = frozen_quarter(quarter, now=now)
    return build_report(frozen.figures, borough.name, quarter, [frozen_words(frozen)])


def all_boroughs_report(quarter: Quarter, *, now=None) -> Report:
    """Every live borough's frozen, shown figures, and their total (``shown.add_up``):
    nothing in it is more than the boroughs' own reports show."""
    per_borough, refrozen = {}, []
    for borough in Borough.objects.filter(status=Borough.Status.LIVE).order_by("name"):
        with schema_context(borough.schema_name):
            frozen = frozen_quarter(quarter, now=now)
        per_borough[borough.name] = frozen.figures
        if frozen.times_frozen > 1:
            refrozen.append(f"{borough.name}: {frozen_words(frozen)}")
    total = add_up(list(per_borough.values()))
    words = [
        gettext(
            "Each borough's figures are frozen the first time its report for the quarter is "
            "read, and these totals add up what each borough's report shows."
        ),
        *refrozen,
    ]
    report = build_report(total, gettext("All boroughs"), quarter, words)
    report.boroughs = boroughs_section(per_borough, total)
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
        report = make_report(form.cleaned_data["quarter"])
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if may_refreeze(self.request.user):
            context["refreeze_url"] = reverse("connecting_impact:refreeze")
        return context

    def get(self, request, *args, **kwargs):
        borough = request.borough
        return _respond(
            request,
            lambda quarter: borough_report(borough, quarter),
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
