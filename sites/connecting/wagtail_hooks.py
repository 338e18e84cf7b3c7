"""Referrals in the Wagtail admin: the Community Connecting team's queue.

Only the "Community Connecting team leads" and "Coaches" groups hold the referral
permissions (``sites/core/permissions.py``); the menu item and every URL check them, so
Editors, Moderators and Organisation managers get nothing. Which referrals each of them
reads is ``access.referrals_for``: a coach does not read another coach's participant's
referral. Every opening of a referral is written in the audit log (under its record's id
too, when it has one), and so is every refused one.
"""

from django.db import connection
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from sites.core.numbers import whole_number

from . import access, audit, check_reminders, retention
from .admin_urls import NoClosedLinks, NoExport, without_generic_views
from .models import Participant, Referral
from .models.referrals import NOT_RECORDED, outside_notice_for_the_team
from .referral_views import referral_links
from .referral_views import urlpatterns as referral_urlpatterns
from .services import StatusError, check_status_change, set_status


class ReferralPermissionPolicy(ModelPermissionPolicy):
    """Referrals come from the public forms only, and are closed, never deleted, here."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)


register_permission_policy(Referral, ReferralPermissionPolicy(Referral))


class ReferralStatusForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        try:
            check_status_change(
                self.instance, cleaned.get("status") or "", cleaned.get("close_reason") or ""
            )
            set_status(
                self.instance,
                cleaned.get("status") or "",
                cleaned.get("close_reason") or "",
                save=False,
            )
        except StatusError as error:
            self.add_error(error.field, error.message)
        return cleaned


def _read_only(*names):
    return [FieldPanel(name, read_only=True) for name in names]


class OutsidePanel(FieldPanel):
    """Whether the postcode may be outside the borough (connecting/area.py), read only."""

    def format_value_for_display(self, value):
        if not value:
            return _("No")
        return outside_notice_for_the_team(getattr(connection.tenant, "name", ""))


class AskedInPanel(FieldPanel):
    """The language they asked in, read only; "Not recorded" where none was kept."""

    def format_value_for_display(self, value):
        return super().format_value_for_display(value) if value else str(NOT_RECORDED)


class ReferralIndexView(NoExport, generic.IndexView):
    def get_base_queryset(self):
        return access.referrals_for(self.request.user)


class ReferralEditView(NoClosedLinks, generic.EditView):
    template_name = "connecting/admin/referral_edit.html"

    def form_invalid(self, form):
        self._audit("referral {pk}, form with errors")
        return super().form_invalid(form)

    def _audit(self, detail: str) -> None:
        """Every opening, with or without a record: under the record's id too, if any."""
        record = Participant.objects.filter(referral=self.object).values_list("pk", flat=True)
        audit.record(
            self.request.user,
            record.first(),
            audit.Action.VIEW,
            detail.format(pk=self.object.pk),
            referral_id=self.object.pk,
        )

    def get_object(self, queryset=None):
        pk = whole_number(str(self.object_pk))
        referral = access.referrals_for(self.request.user).filter(pk=pk).first() if pk else None
        if referral is None:
            audit.refused(self.request.user, "referral page", referral_id=pk)
            raise Http404
        if self.request.method == "GET":
            self.object = referral
            self._audit("referral {pk}")
        return referral

    # The referral's history is its audit lines, linked for team leads (referral_links).
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["referral_links"] = referral_links(self.request.user, self.object)
        return context


class ReferralViewSet(ModelViewSet):
    model = Referral
    name = "referrals"
    url_prefix = "referrals"
    icon = "group"
    menu_label = _("Referrals")
    menu_order = 260
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = ReferralIndexView
    edit_view_class = ReferralEditView
    list_display = [
        TitleColumn("first_name", label=_("First name"), url_name="referrals:edit"),
        Column("kind", label=_("From"), accessor="get_kind_display"),
        Column("postcode_district", label=_("Area"), accessor="area"),
        Column("language", label=_("Asked in"), accessor="asked_in"),
        DateColumn("created_at", label=_("Received")),
        Column("status", label=_("Status"), accessor="get_status_display"),
    ]
    list_filter = ["status", "kind"]

    def get_urlpatterns(self):
        return [*without_generic_views(super().get_urlpatterns()), *referral_urlpatterns]

    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("status"), FieldPanel("close_reason")],
                heading=_("Where it stands"),
            ),
            MultiFieldPanel(
                # The language they asked in: a coach can call with an interpreter.
                [
                    *_read_only(*Referral.PERSON_FIELDS),
                    OutsidePanel("postcode_may_be_outside", read_only=True),
                    AskedInPanel("language", read_only=True),
                ],
                heading=_("The person"),
            ),
            MultiFieldPanel(
                _read_only(
                    "kind",
                    "referrer_name",
                    "referrer_role",
                    "referrer_organisation",
                    "referrer_email",
                    "reason",
                    "created_at",
                    "contacted_at",
                    "closed_at",
                ),
                heading=_("The referral"),
            ),
        ],
        base_form_class=ReferralStatusForm,
    )


@hooks.register("register_admin_viewset")
def register_referral_viewset():
    return ReferralViewSet()


@hooks.register("register_admin_viewset")
def register_participant_viewset():
    from .participant_admin import ParticipantViewSet

    return ParticipantViewSet()


# The privacy notice's starting text (sites/standard/starting/privacy.py) reads these.
hooks.register("privacy_notice_facts", retention.privacy_notice_facts)
# The coaches' reminder days past the technical records' period (sites/core/retention.py).
hooks.register("delete_old_records", check_reminders.delete_old_reminder_days)
hooks.register("delete_old_records", retention.delete_old_access_log)

from .impact import hooks as impact_hooks  # noqa: E402, F401 (the impact report's menu and URLs)
