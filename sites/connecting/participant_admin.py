"""Participant records in the Wagtail admin: the list and the record, for coaches and leads.

Access is decided by ``access.py`` on every URL: a record another coach holds is a 404,
exactly like one that does not exist. Wagtail's generic history, usage, delete, copy and
inspect views are switched off (they would show the record to anyone with model
permissions, and log its title); every opening and every save is written to the
participant audit log instead. Participants are never in the reference index, so a
directory page's "usage" never names a person.
"""

from django import forms
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from sites.core.numbers import whole_number
from sites.directory.models import ActivityPage, OrganisationPage, PlacePage

from . import access, audit
from .admin_urls import NoClosedLinks, NoExport, without_generic_views
from .check_reminders import due_column, week_column, with_answers
from .correction_views import urlpatterns as correction_urlpatterns
from .correction_views import wellbeing_entries
from .journey import JourneyError, save_participant
from .models import CommunicationNeeds, Meeting, Participant
from .participant_views import participant_links
from .participant_views import urlpatterns as extra_urlpatterns

NEEDS_FIELDS = ("formats", "support", "contact_methods", "language", "details")


class ParticipantPermissionPolicy(BasePermissionPolicy):
    """Coaches and team leads only; instances through ``access.participants_for``."""

    def user_has_permission(self, user, action):
        return action in ("view", "change") and access.sees_participants(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and access.participants_for(user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if any(self.user_has_permission(user, action) for action in actions):
            return access.participants_for(user)
        return Participant.objects.none()

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.none()  # never used to notify anyone


register_permission_policy(Participant, ParticipantPermissionPolicy(Participant))


def _checkboxes(choices, label):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


LISTING_TYPES = (ActivityPage, OrganisationPage, PlacePage)


def _listing_ids_only(data):
    """The form's data with any chosen listing that is not a number left empty: the
    page chooser would fail showing it back (a crafted request; the chooser sends ids)."""
    bad = [
        key
        for key, value in data.items()
        if key.endswith("-listing") and value and whole_number(value) is None
    ]
    if not bad:
        return data
    data = data.copy()
    for key in bad:
        data[key] = ""
    return data


class ParticipantForm(WagtailAdminModelForm):
    """The record, its journey and its communication needs; only a team lead reassigns."""

    formats = _checkboxes(CommunicationNeeds.Format.choices, _("Information in these formats"))
    support = _checkboxes(CommunicationNeeds.Support.choices, _("Support to communicate"))
    contact_methods = _checkboxes(
        CommunicationNeeds.ContactMethod.choices, _("How they want to be contacted")
    )
    language = forms.CharField(label=_("Preferred language"), max_length=60, required=False)
    details = forms.CharField(
        label=_("Anything else about how to communicate"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        if kwargs.get("data") is not None:
            kwargs["data"] = _listing_ids_only(kwargs["data"])
        super().__init__(*args, **kwargs)
        participant = self.instance
        if "coach" in self.fields:
            self.fields["coach"].queryset = access.coaches()
            if not access.is_team_lead(self.for_user):
                self.fields["coach"].disabled = True
        needs = CommunicationNeeds.objects.filter(participant_id=participant.pk).first()
        if needs and not self.is_bound:
            for name in NEEDS_FIELDS:
                self.initial[name] = getattr(needs, name)
        # A contact can be one of this participant's meetings, never anyone else's.
        own_meetings = Meeting.objects.filter(participant_id=participant.pk or 0)
        tried = self.formsets.get("activities_tried")
        if tried is not None:
            for form in [*tried.forms, tried.empty_form]:
                form.fields["listing"].queryset = Page.objects.type(*LISTING_TYPES)
        contacts = self.formsets.get("contacts")
        if contacts is not None:
            for form in [*contacts.forms, contacts.empty_form]:
                form.fields["meeting"].queryset = own_meetings

    def clean(self):
        cleaned = super().clean()
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", gettext("The end cannot be before the start."))
        if ended and cleaned.get("status") == Participant.Status.ACTIVE:
            self.add_error(
                "ended_on",
                gettext(
                    "A journey still going on has no end date. Clear it, or choose how the "
                    "journey ended."
                ),
            )
        return cleaned

    def communication(self) -> dict:
        return {
            name: self.cleaned_data.get(name) or ([] if name in NEEDS_FIELDS[:3] else "")
            for name in NEEDS_FIELDS
        }


def _panels():
    from wagtail.admin.panels import PageChooserPanel

    journey = [
        MultiFieldPanel(
            [
                FieldPanel("referral", read_only=True),
                FieldPanel("coach"),
                FieldRowPanel(
                    [FieldPanel("status"), FieldPanel("started_on"), FieldPanel("ended_on")]
                ),
                FieldPanel("notes"),
            ],
            heading=gettext("The person and their coach"),
        ),
        InlinePanel(
            "meetings",
            heading=gettext("Meetings"),
            label=gettext("Meeting"),
            panels=[
                FieldPanel("kind"),
                FieldPanel("date"),
                FieldPanel("place_type"),
                FieldPanel("notes"),
            ],
        ),
        InlinePanel(
            "contacts",
            heading=gettext("Contact log"),
            label=gettext("Contact"),
            panels=[
                FieldPanel("channel"),
                FieldPanel("date"),
                FieldPanel("minutes"),
                FieldPanel("meeting"),
                FieldPanel("notes"),
            ],
        ),
    ]
    progress = [
        InlinePanel(
            "goals",
            heading=gettext("Goals"),
            label=gettext("Goal"),
            panels=[
                FieldPanel("text"),
                FieldPanel("status"),
                FieldPanel("set_on"),
                FieldPanel("achieved_on"),
            ],
        ),
        InlinePanel(
            "activities_tried",
            heading=gettext("Activities and organisations tried"),
            label=gettext("Activity or organisation"),
            panels=[
                PageChooserPanel("listing", list(LISTING_TYPES)),
                FieldPanel("other_name"),
                FieldPanel("tried_on"),
                FieldPanel("with_coach"),
                FieldPanel("kept_going"),
                FieldPanel("notes"),
            ],
        ),
        InlinePanel(
            "outcomes",
            heading=gettext("What they went on to do"),
            label=gettext("Outcome"),
            panels=[
                FieldPanel("kind"),
                FieldPanel("recorded_on"),
                FieldPanel("details"),
            ],
        ),
    ]
    needs = [FieldPanel(name) for name in NEEDS_FIELDS]
    return TabbedInterface(
        [
            ObjectList(journey, heading=gettext("Journey")),
            ObjectList(progress, heading=gettext("Goals and outcomes")),
            ObjectList(needs, heading=gettext("Communication needs")),
        ],
        base_form_class=ParticipantForm,
    )


class ParticipantIndexView(NoExport, generic.IndexView):
    add_item_label = _("Open a record from a referral")

    def get_base_queryset(self):
        return with_answers(access.participants_for(self.request.user).select_related("coach"))

    def get_add_url(self):
        return reverse("participants:open") if access.sees_participants(self.request.user) else None


class ParticipantEditView(NoClosedLinks, generic.EditView):
    template_name = "connecting/admin/participant_edit.html"

    def get_object(self, queryset=None):
        participant = access.participant_for(self.request.user, self.object_pk)
        if participant is None:
            audit.refused(
                self.request.user, "record page", participant_id=whole_number(str(self.object_pk))
            )
            raise Http404
        if self.request.method == "GET":
            audit.record(self.request.user, participant.pk, audit.Action.VIEW)
        return participant

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["participant_links"] = participant_links(self.request.user, self.object)
        context["wellbeing_entries"] = wellbeing_entries(self.request.user, self.object)
        return context

    def form_invalid(self, form):
        audit.record(self.request.user, self.object.pk, audit.Action.VIEW, "form with errors")
        return super().form_invalid(form)

    def save_instance(self):
        try:
            return save_participant(self.form, self.form.communication(), by=self.request.user)
        except JourneyError as error:  # pragma: no cover - the form checks these first
            raise Http404 from error


class ParticipantViewSet(ModelViewSet):
    model = Participant
    name = "participants"
    url_prefix = "participants"
    icon = "user"
    menu_label = _("Participants")
    menu_order = 261
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = ParticipantIndexView
    edit_view_class = ParticipantEditView
    list_display = [
        TitleColumn("first_name", label=_("First name"), url_name="participants:edit"),
        Column("coach", label=_("Coach"), accessor="coach"),
        DateColumn("started_on", label=_("Started")),
        Column("week", label=_("Week of coaching"), accessor=week_column),
        Column("status", label=_("Status"), accessor="get_status_display"),
        # "12-week check due", "Follow-up due" (sites/connecting/timepoints.py).
        Column("due", label=_("Due"), accessor=due_column),
    ]
    list_filter = ["status"]

    def get_edit_handler(self):
        return _panels().bind_to_model(self.model)

    def get_urlpatterns(self):
        return [
            *without_generic_views(super().get_urlpatterns()),
            *extra_urlpatterns,
            *correction_urlpatterns,
        ]
