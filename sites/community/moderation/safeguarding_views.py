"""Safeguarding cases in the Wagtail admin: the list, one case (closing it with an
outcome), and flagging a report as a safeguarding concern.

Cases are for the safeguarding lead group, Moderators and Borough admins only; every
view checks it (a hidden menu is never the only guard). Writes go through
``services.safeguarding``.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.community.models import Report, SafeguardingCase
from sites.community.services import moderation, safeguarding
from sites.community.services import safeguarding_selectors as cases
from sites.community.services.case_summary import case_summary
from sites.directory.services.reports import report_links

from .views import TEMPLATES, ModerationView


class CloseCaseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("What was done"),
        choices=SafeguardingCase.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose what was done.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (needed for 'No action needed')"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("outcome") == SafeguardingCase.Outcome.NO_ACTION
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Say why no action is needed."))
        return data


class CaseView(ModerationView):
    header_icon = "warning"
    allowed = staticmethod(moderation.can_see_cases)

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        items.append({"url": reverse("community_safeguarding_cases"), "label": _("Safeguarding")})
        return [*items, {"url": "", "label": self.get_page_title()}]


class CaseListView(CaseView):
    page_title = gettext_lazy("Safeguarding cases")
    template_name = TEMPLATES + "cases.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        open_cases, closed_cases = cases.open_and_recent_cases()
        return super().get_context_data(open_cases=open_cases, closed_cases=closed_cases, **kwargs)


class CaseDetailView(CaseView):
    page_title = gettext_lazy("A safeguarding case")
    template_name = TEMPLATES + "case.html"

    def get_case(self):
        return get_object_or_404(
            SafeguardingCase.objects.select_related(
                "member__member_profile",
                "report__post__thread__group",
                "listing_report",
                "opened_by__member_profile",
                "closed_by",
            ),
            pk=self.kwargs["case_id"],
        )

    def get_context_data(self, form=None, **kwargs):
        case = self.get_case()
        return super().get_context_data(
            case=case,
            summary=case_summary(case),  # in the reader's admin language
            **self.listing_context(case),
            member_name=moderation.display_name(case.member),
            opened_by_name=moderation.display_name(case.opened_by) if case.opened_by else "",
            recent_posts=cases.member_recent_posts(case.member),
            earlier_reports=cases.member_earlier_reports(case.member, exclude=case.report),
            guidance=safeguarding.GUIDANCE,
            lead=safeguarding.safeguarding_lead(),
            history=case.actions.select_related("moderator").order_by("created_at", "pk"),
            form=form or CloseCaseForm(),
            **kwargs,
        )

    def listing_context(self, case) -> dict:
        """A case from a listing report: what was reported, where the public sees it, and
        the report itself for those who may open it (Editors)."""
        if not case.is_about_listing:
            return {}
        report = case.listing_report  # None once the listing or the report is deleted
        may_open = report and self.request.user.has_perm("directory.change_listingreport")
        return {
            "about": safeguarding.case_about(case),
            "listing_title": case.listing_title,
            "listing_url": report_links(report).public_url if report else "",
            "listing_report_url": reverse("listing_reports:edit", args=[report.pk])
            if may_open
            else "",
        }

    def post(self, request, *args, **kwargs):
        case = self.get_case()
        form = CloseCaseForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                safeguarding.close_case(
                    request.user,
                    case,
                    outcome=data["outcome"],
                    reason=data["reason"],
                    notes=data["notes"],
                )
            except safeguarding.CaseError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The case is closed. The outcome is in the log."))
                return redirect("community_safeguarding_cases")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class FlagReportView(ModerationView):
    """'This is a safeguarding concern': a moderator opens a case from any report."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        report = get_object_or_404(Report, pk=self.kwargs["report_id"])
        note = (request.POST.get("note") or "")[:2000]
        case = safeguarding.flag_report(request.user, report, note=note, borough=request.borough)
        messages.success(request, _("A safeguarding case is open and the lead has been emailed."))
        if moderation.can_see_cases(request.user):
            return redirect("community_safeguarding_case", case.pk)
        return redirect("community_moderation_queue")
