"""Admin pages around a referral: its links, and a team lead's "Delete this person's
details" for a referral that never became a coaching record.

A referral with a record is erased or anonymised with the record (``retention.py``); one
without a record loses its personal details here, as the consent box promises ("You can
ask us to delete them at any time").
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import access, audit, retention
from .models import Participant, Referral
from .participant_views import TEMPLATES, ConnectingAdminView

# What "Delete this person's details" removes and what it keeps, as the page says it.
REMOVED = (
    _("their first name"),
    _("their phone number or email address, and the best times to get in touch"),
    _("their postcode district"),
    _("what they would like help with, their interests and the support they need"),
    _("the language they asked in"),
    _("the referrer's name, role, organisation, email address and why they referred"),
    _("the history of changes to this referral in “Site history”"),
)
KEPT = (
    _("whether it was a self-referral or a professional referral"),
    _("the dates it was received, contacted and closed, and why it was closed"),
    _("the audit log's lines about it (who opened it and when; never its content)"),
)


def referral_links(user, referral: Referral) -> list[tuple[str, str]]:
    """The referral's own pages, as (label, url), for the top of the referral."""
    record = Participant.objects.filter(referral=referral).values_list("pk", flat=True).first()
    links = []
    if record is not None and access.participant_for(user, record) is not None:
        links.append((gettext("The coaching record"), reverse("participants:edit", args=[record])))
    if access.is_team_lead(user):
        if record is None:
            links.append(
                (
                    gettext("Delete this person's details"),
                    reverse("referrals:delete_details", args=[referral.pk]),
                )
            )
        links.append(
            (
                gettext("Who opened this referral"),
                reverse("participants:audit") + f"?referral={referral.pk}",
            )
        )
    return links


class ForgetForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand: these details are deleted for good."),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class ForgetReferralView(ConnectingAdminView):
    """A team lead removes the personal details of a referral with no coaching record."""

    allowed = staticmethod(access.is_team_lead)
    page_title = _("Delete this person's details")
    template_name = TEMPLATES + "forget_referral.html"
    form_class = ForgetForm
    referral = None

    def dispatch(self, request, *args, pk, **kwargs):
        if not self.allowed(request.user):
            audit.refused(request.user, "delete details page", referral_id=pk)
            raise PermissionDenied
        self.referral = access.referrals_for(request.user).filter(pk=pk).first()
        if self.referral is None:
            audit.refused(request.user, "delete details page", referral_id=pk)
            raise Http404
        self.record = Participant.objects.filter(referral=self.referral).first()
        if request.method == "GET":
            audit.record(
                request.user,
                self.record.pk if self.record else None,
                audit.Action.VIEW,
                f"referral {pk} delete details form",
                referral_id=pk,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("referrals:index"), "label": gettext("Referrals")},
            {
                "url": reverse("referrals:edit", args=[self.referral.pk]),
                "label": str(self.referral),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            referral=self.referral, removed=REMOVED, kept=KEPT, **kwargs
        )
        if self.record is not None:
            # The record holds more than the referral: it is erased or anonymised whole.
            context["record_url"] = reverse("participants:edit", args=[self.record.pk])
        return context

    def post(self, request, *args, **kwargs):
        if self.record is not None:
            response = self.render_to_response(self.get_context_data(form=self.get_form()))
            response.status_code = 400
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            retention.anonymise_referral(self.referral, by=self.request.user)
        except retention.HasRecord:  # a record opened from it a moment ago
            return redirect("referrals:delete_details", self.referral.pk)
        messages.success(self.request, gettext("The person's details are deleted."))
        return redirect("referrals:index")


urlpatterns = [
    path("<int:pk>/delete-details/", ForgetReferralView.as_view(), name="delete_details"),
]
