"""Admin pages that put right a SWEMWBS or follow-up entry (writes in ``corrections.py``).

Whoever may see the record corrects what was entered from paper; a team lead deletes an
entry recorded against the wrong person. Each page checks ``access.py`` through
``ConnectingAdminView``, and an entry of another record is a 404 like the record itself.
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import access, corrections
from .models import FollowUpAnswers, WellbeingResponse
from .participant_views import (
    TEMPLATES,
    ConnectingAdminView,
    TeamLeadView,
    recorded_follow_up,
)
from .wellbeing_forms import FollowUpForm, SwemwbsForm, follow_up_answers

ANSWER_CHOICE = {True: "yes", False: "no", None: ""}
CORRECTION_INTRO = _(
    "Correct what was typed from the paper form. The corrected answers replace the earlier "
    "ones and the impact report counts them, except in a quarter whose figures are already "
    "frozen (a team lead can freeze them again); the audit log keeps who corrected it and "
    "when."
)
LINK_ENTRY = _(
    "The person answered this themselves through their link, so it cannot be changed. "
    "If it is on the wrong record, ask a team lead to delete it."
)


def describe(entry: WellbeingResponse | FollowUpAnswers) -> str:
    """Which entry, in words (no answers or scores)."""
    values = {
        "date": date_format(entry.completed_on, "j M Y"),
        "source": entry.how_entered,
    }
    if isinstance(entry, WellbeingResponse):
        when = entry.get_timepoint_display().lower()
        return gettext("The SWEMWBS %(when)s, completed on %(date)s (%(source)s).") % {
            "when": when,
            **values,
        }
    return gettext("The follow-up answers, completed on %(date)s (%(source)s).") % values


def wellbeing_entries(user, participant) -> list[dict]:
    """The record's SWEMWBS and follow-up entries, each with the links this user may use
    (the caller has already checked that the user may see the record)."""
    lead = access.is_team_lead(user)

    def row(entry, kind: str, args: list) -> dict:
        correct = corrections.correctable(entry)
        return {
            "entry": entry,
            "correct_url": reverse(f"participants:correct_{kind}", args=args) if correct else "",
            "delete_url": reverse(f"participants:delete_{kind}", args=args) if lead else "",
        }

    entries = [
        row(response, "swemwbs", [participant.pk, response.pk])
        for response in participant.wellbeing_responses.all()
    ]
    follow_up = recorded_follow_up(participant)
    if follow_up:
        entries.append(row(follow_up, "follow_up", [participant.pk]))
    return entries


class EntryMixin:
    """The entry the page is about: a SWEMWBS by its id, or the record's follow-up answers."""

    entry = None

    def load_part(self):
        if "entry" in self.kwargs:
            found = WellbeingResponse.objects.filter(participant=self.participant)
            self.entry = found.filter(pk=self.kwargs["entry"]).first()
        else:
            self.entry = recorded_follow_up(self.participant)
        if self.entry is None:
            raise Http404

    @property
    def audit_part(self):
        part = f"swemwbs {self.entry.pk}" if "entry" in self.kwargs else "follow-up answers"
        return f"{part} {self.action_name} form"

    def done(self, message):
        messages.success(self.request, message)
        return redirect("participants:edit", self.participant.pk)


class CorrectView(EntryMixin, ConnectingAdminView):
    action_name = "correction"
    template_name = TEMPLATES + "form.html"

    def get(self, request, *args, **kwargs):
        if not corrections.correctable(self.entry):
            return self.render_to_response(self.get_context_data(unavailable=LINK_ENTRY))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        # Which entry, and who entered it, before what correcting it does.
        intro = f"{describe(self.entry)} {CORRECTION_INTRO}"
        return super().get_context_data(intro=intro, **kwargs)

    def saved(self, replaced):
        if replaced:
            return self.done(gettext("The correction is saved."))
        return self.done(gettext("Nothing was different, so nothing was changed."))


class CorrectSwemwbsView(CorrectView):
    page_title = _("Correct a SWEMWBS entered from paper")
    form_class = SwemwbsForm

    def form_kwargs(self):
        initial = {name: getattr(self.entry, name) for name in WellbeingResponse.ITEM_FIELDS}
        initial.update(timepoint=self.entry.timepoint, completed_on=self.entry.completed_on)
        return {"initial": initial}

    def form_valid(self, form):
        replaced = corrections.correct_swemwbs(
            self.entry,
            timepoint=form.cleaned_data["timepoint"],
            items=form.items(),
            completed_on=form.cleaned_data["completed_on"],
            by=self.request.user,
        )
        return self.saved(replaced)


class CorrectFollowUpView(CorrectView):
    page_title = _("Correct the follow-up answers")
    form_class = FollowUpForm

    def form_kwargs(self):
        initial = {
            name: ANSWER_CHOICE[getattr(self.entry, name)] for name in FollowUpAnswers.QUESTIONS
        }
        return {"initial": {"completed_on": self.entry.completed_on, **initial}}

    def form_valid(self, form):
        replaced = corrections.correct_follow_up(
            self.entry,
            answers=follow_up_answers(form.cleaned_data),
            completed_on=form.cleaned_data["completed_on"],
            by=self.request.user,
        )
        return self.saved(replaced)


class DeleteEntryForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand: this was recorded against the wrong person, and it is deleted for "
            "good (it leaves the impact report too)."
        ),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class DeleteEntryView(EntryMixin, TeamLeadView):
    action_name = "delete"
    page_title = _("Delete an entry recorded against the wrong person")
    template_name = TEMPLATES + "form.html"
    form_class = DeleteEntryForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            intro=describe(self.entry),
            submit_label=gettext("Delete this entry"),
            danger=True,
            **kwargs,
        )

    def form_valid(self, form):
        corrections.delete_entry(self.entry, by=self.request.user)
        return self.done(gettext("The entry is deleted."))


urlpatterns = [
    path(
        "<int:pk>/swemwbs/<int:entry>/correct/",
        CorrectSwemwbsView.as_view(),
        name="correct_swemwbs",
    ),
    path("<int:pk>/swemwbs/<int:entry>/delete/", DeleteEntryView.as_view(), name="delete_swemwbs"),
    path("<int:pk>/follow-up/correct/", CorrectFollowUpView.as_view(), name="correct_follow_up"),
    path("<int:pk>/follow-up/delete/", DeleteEntryView.as_view(), name="delete_follow_up"),
]
