"""Admin pages around a participant record: open it from a referral, enter SWEMWBS and the
follow-up answers from paper, make a questionnaire link, export, erase, the audit log.

Every view checks ``access.py`` itself (a hidden link is never the only guard); a record
the user may not see is a 404, like one that does not exist.
"""

import datetime
import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from sites.core.numbers import whole_number

from . import access, audit, retention, wellbeing
from .dates import planned
from .journey import JourneyError, open_participant, referrals_to_open
from .models import FollowUpAnswers, ParticipantAuditEntry, Timepoint
from .wellbeing_forms import FollowUpForm, SwemwbsForm, date_field, follow_up_answers

TEMPLATES = "connecting/admin/"


def recorded_follow_up(participant) -> FollowUpAnswers | None:
    """The record's follow-up answers, if any: read once per participant object (the
    record page's links and its list of questionnaires both ask)."""
    return getattr(participant, "follow_up_answers", None)


def participant_links(user, participant) -> list[tuple[str, str]]:
    """The record's own pages, as (label, url), for the top of the record."""
    # How to reach the person is on their referral, as they or their referrer gave it.
    links = [
        (
            gettext("How to get in touch (the referral)"),
            reverse("referrals:edit", args=[participant.referral_id]),
        )
    ]
    if wellbeing.swemwbs_offered():
        links += [
            (
                gettext("Enter a SWEMWBS from paper"),
                reverse("participants:swemwbs", args=[participant.pk]),
            ),
            (
                gettext("Make a questionnaire link"),
                reverse("participants:link", args=[participant.pk]),
            ),
        ]
    if recorded_follow_up(participant) is None:
        # Once entered, they are corrected from the record's list of questionnaires.
        links.append(
            (
                gettext("Enter the follow-up answers"),
                reverse("participants:follow_up", args=[participant.pk]),
            )
        )
    if access.is_team_lead(user):
        links += [
            (
                gettext("Download everything (JSON)"),
                reverse("participants:export", args=[participant.pk, "json"]),
            ),
            (
                gettext("Download everything (CSV)"),
                reverse("participants:export", args=[participant.pk, "csv"]),
            ),
            (
                gettext("Erase this person's records"),
                reverse("participants:erase", args=[participant.pk]),
            ),
            (
                gettext("Who opened this record"),
                reverse("participants:audit") + f"?participant={participant.pk}",
            ),
        ]
    return links


class ConnectingAdminView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "user"
    allowed = staticmethod(access.sees_participants)
    form_class = None
    participant = None
    audit_part = ""  # a page about one person: its opening goes in the audit log as this

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            if "pk" in kwargs:
                audit.refused(request.user, self.refused_part(), participant_id=kwargs["pk"])
            raise PermissionDenied
        if "pk" in kwargs:
            self.participant = access.participant_for(request.user, kwargs["pk"])
            if self.participant is None:
                audit.refused(request.user, self.refused_part(), participant_id=kwargs["pk"])
                raise Http404
            self.load_part()
            if request.method == "GET" and self.audit_part:
                audit.record(request.user, self.participant.pk, audit.Action.VIEW, self.audit_part)
        return super().dispatch(request, *args, **kwargs)

    def refused_part(self) -> str:
        """Which page was refused, for the audit log: its address's name ("erase"), never
        what it holds (the part it names is not looked up for someone refused)."""
        match = self.request.resolver_match
        return f"{match.url_name} page" if match and match.url_name else "page"

    def load_part(self):
        """Find the part of the record the page is about (404 if it is not this record's),
        before its opening is written in the audit log."""

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {"url": reverse("participants:index"), "label": gettext("Participants")},
        ]
        if self.participant:
            items.append(
                {
                    "url": reverse("participants:edit", args=[self.participant.pk]),
                    "label": self.participant.first_name or str(self.participant),
                }
            )
        return [*items, {"url": "", "label": self.get_page_title()}]

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return self.form_class(data, **self.form_kwargs())

    def form_kwargs(self):
        return {}

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                return self.form_valid(form)
            except (JourneyError, wellbeing.WellbeingError) as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(participant=self.participant, **kwargs)


# --- Opening a record ------------------------------------------------------------------


class OpenForm(forms.Form):
    referral = forms.ModelChoiceField(
        queryset=None, label=_("Referral"), error_messages={"required": _("Choose the referral.")}
    )
    coach = forms.ModelChoiceField(
        queryset=None, label=_("Coach"), error_messages={"required": _("Choose the coach.")}
    )
    started_on = date_field(_("Start date"), validators=[planned])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referral"].queryset = referrals_to_open()
        self.fields["coach"].queryset = access.coaches()
        if not access.is_team_lead(user):
            # A coach opens records for themselves only.
            self.fields["coach"].queryset = access.coaches().filter(pk=user.pk)
        self.fields["coach"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class OpenView(ConnectingAdminView):
    page_title = _("Open a record from a referral")
    template_name = TEMPLATES + "form.html"
    form_class = OpenForm

    def form_kwargs(self):
        initial = {"started_on": timezone.localdate()}
        if access.is_coach(self.request.user):
            initial["coach"] = self.request.user.pk
        if whole_number(self.request.GET.get("referral")) is not None:
            initial["referral"] = self.request.GET["referral"]
        return {"user": self.request.user, "initial": initial}

    def form_valid(self, form):
        participant = open_participant(
            form.cleaned_data["referral"],
            coach=form.cleaned_data["coach"],
            started_on=form.cleaned_data["started_on"],
            by=self.request.user,
        )
        messages.success(
            self.request, gettext("The record is open and the referral is now in coaching.")
        )
        return redirect("participants:edit", participant.pk)


# --- SWEMWBS and the follow-up answers -----------------------------------------------


class SwemwbsView(ConnectingAdminView):
    audit_part = "SWEMWBS form"
    page_title = _("Enter a SWEMWBS from paper")
    template_name = TEMPLATES + "form.html"
    form_class = SwemwbsForm

    def get(self, request, *args, **kwargs):
        if not wellbeing.swemwbs_offered():
            return self.render_to_response(
                self.get_context_data(unavailable=wellbeing.NOT_REGISTERED)
            )
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        wellbeing.record_swemwbs(
            self.participant,
            timepoint=form.cleaned_data["timepoint"],
            items=form.items(),
            completed_on=form.cleaned_data["completed_on"],
            by=self.request.user,
        )
        messages.success(self.request, gettext("The questionnaire is saved."))
        return redirect("participants:edit", self.participant.pk)


class FollowUpView(ConnectingAdminView):
    audit_part = "follow-up form"
    page_title = _("Enter the follow-up answers")
    template_name = TEMPLATES + "form.html"
    form_class = FollowUpForm

    def get(self, request, *args, **kwargs):
        if recorded_follow_up(self.participant) is not None:
            # Said before the nine answers are typed, not after they are sent.
            already = gettext(
                "The follow-up answers are already recorded. To put one right, use "
                "Correct beside them on the record."
            )
            return self.render_to_response(self.get_context_data(unavailable=already))
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        wellbeing.record_follow_up(
            self.participant,
            answers=follow_up_answers(form.cleaned_data),
            completed_on=form.cleaned_data["completed_on"],
            by=self.request.user,
        )
        messages.success(self.request, gettext("The follow-up answers are saved."))
        return redirect("participants:edit", self.participant.pk)


class LinkForm(forms.Form):
    timepoint = forms.ChoiceField(
        label=_("Which questionnaire"),
        choices=Timepoint.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose which questionnaire.")},
    )


class LinkView(ConnectingAdminView):
    audit_part = "questionnaire link form"
    page_title = _("Make a questionnaire link")
    template_name = TEMPLATES + "link.html"
    form_class = LinkForm

    def form_valid(self, form):
        link, token = wellbeing.make_link(
            self.participant, timepoint=form.cleaned_data["timepoint"], by=self.request.user
        )
        url = self.request.build_absolute_uri(reverse("connecting:questionnaire", args=[token]))
        # Shown once: only the token's hash is kept, so nobody can see this link again.
        return self.render_to_response(self.get_context_data(form=form, link=link, url=url))


# --- Export, erase, audit log (team leads) -------------------------------------------


class TeamLeadView(ConnectingAdminView):
    allowed = staticmethod(access.is_team_lead)


class ExportView(TeamLeadView):
    def get(self, request, *args, fmt, **kwargs):
        if fmt not in ("json", "csv"):
            raise Http404
        data = retention.export_participant(self.participant, by=request.user)
        name = f"participant-{self.participant.pk}-{datetime.date.today():%Y%m%d}"
        if fmt == "csv":
            response = HttpResponse(
                retention.export_csv(data), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        else:
            response = HttpResponse(
                json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        response["Cache-Control"] = "no-store"
        return response


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand: the referral, the record and everything in it are deleted for good."
        ),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class EraseView(TeamLeadView):
    audit_part = "erase form"
    page_title = _("Erase this person's records")
    template_name = TEMPLATES + "form.html"
    form_class = EraseForm

    def form_valid(self, form):
        retention.erase_person(self.participant, by=self.request.user)
        messages.success(self.request, gettext("The person's records are erased."))
        return redirect("participants:index")


class AuditLogView(TeamLeadView):
    page_title = _("Who opened participant records and referrals")
    template_name = TEMPLATES + "audit.html"

    def get(self, request, *args, **kwargs):
        entries = ParticipantAuditEntry.objects.all()
        for name in ("participant", "referral"):
            wanted = whole_number(request.GET.get(name))
            if wanted is not None:
                entries = entries.filter(**{f"{name}_id": wanted})
        return self.render_to_response(self.get_context_data(entries=entries[:500]))


urlpatterns = [
    path("open/", OpenView.as_view(), name="open"),
    path("audit/", AuditLogView.as_view(), name="audit"),
    path("<int:pk>/swemwbs/", SwemwbsView.as_view(), name="swemwbs"),
    path("<int:pk>/follow-up/", FollowUpView.as_view(), name="follow_up"),
    path("<int:pk>/link/", LinkView.as_view(), name="link"),
    path("<int:pk>/export.<str:fmt>", ExportView.as_view(), name="export"),
    path("<int:pk>/erase/", EraseView.as_view(), name="erase"),
]
