"""The community's place in the Wagtail admin: a "Community" menu with the moderation
queue (its label says how many things wait), groups waiting for approval, the moderation
log and the discussion topics; and a line on the admin's home page saying how many things
wait for a moderator.

Shown to Moderators, Editors, Borough admins and superusers (groups: Editors and up);
each view checks the same again, so a hidden menu is never the only guard.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from sites.core import waiting

from .messaging import admin_views as message_views
from .models import CommunityGroup, Event, Topic
from .moderation import safeguarding_views, views
from .services import moderation, retention
from .services.group_pictures import pictures_waiting
from .services.group_proposals import groups_waiting_for_decision
from .services.safeguarding import safeguarding_lead


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return moderation.is_moderator(request.user)


# "Moderation queue (3)": cases (for those who see them), reports, held posts and events.
ModerationQueueMenuItem = waiting.counted(
    ModeratorMenuItem, lambda request: moderation.queue_size(request.user)
)


class CaseViewerMenuItem(MenuItem):
    def is_shown(self, request):
        return moderation.can_see_cases(request.user)


SafeguardingMenuItem = waiting.counted(
    CaseViewerMenuItem, lambda request: moderation.open_cases().count()
)


class ModerationQueueSummaryItem(SummaryItem):
    """On the admin's home page: "3 things are waiting for a moderator" (plain HTML)."""

    order = 50
    template_name = "community/moderation/summary_item.html"

    def is_shown(self):
        return moderation.is_moderator(self.request.user)

    def get_context_data(self, parent_context):
        return {"waiting": moderation.queue_size(self.request.user)}


@hooks.register("construct_homepage_summary_items")
def add_moderation_queue_summary(request, summary_items):
    summary_items.append(ModerationQueueSummaryItem(request))


class GroupDecisionMenuItem(MenuItem):
    def is_shown(self, request):
        return moderation.can_decide_groups(request.user)


class EditorsPermissionPolicy(BasePermissionPolicy):
    """Editors (and Borough admins, superusers) may do everything with topics."""

    def user_has_permission(self, user, action):
        return moderation.can_decide_groups(user)

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(
                Q(is_superuser=True) | Q(groups__name__in=moderation.GROUP_DECISION_GROUPS),
                is_active=True,
            )
            .distinct()
        )


register_permission_policy(Topic, EditorsPermissionPolicy(Topic))


class TopicViewSet(ModelViewSet):
    """The site-wide discussion topics, for Editors."""

    model = Topic
    name = "community_topics"
    url_prefix = "community/topics"
    icon = "tag"
    add_to_admin_menu = False  # listed in the Community menu below
    copy_view_enabled = False
    form_fields = ["name", "slug", "description", "sort_order"]
    list_display = ["name", "description", "sort_order"]


topic_viewset = TopicViewSet()


@hooks.register("register_admin_viewset")
def register_topic_viewset():
    return topic_viewset


class SimpleWordsPermissionPolicy(EditorsPermissionPolicy):
    """Editors write a group's or event's "In simple words" here; nothing else."""

    def user_has_permission(self, user, action):
        return action == "change" and super().user_has_permission(user, action)


class SimpleWordsViewSet(ModelViewSet):
    """Only the Easy Read summary: organisers keep writing the rest on the public site."""

    add_to_admin_menu = False  # listed in the Community menu below
    copy_view_enabled = False
    inspect_view_enabled = False
    panels = [FieldPanel("easy_read")]


class GroupSimpleWordsViewSet(SimpleWordsViewSet):
    model = CommunityGroup
    name = "community_group_simple_words"
    url_prefix = "community/simple-words/groups"
    icon = "group"
    list_display = ["name", "status"]


class EventSimpleWordsViewSet(SimpleWordsViewSet):
    model = Event
    name = "community_event_simple_words"
    url_prefix = "community/simple-words/events"
    icon = "date"
    list_display = ["title", "starts_at", "status"]


for simple_words_model in (CommunityGroup, Event):
    register_permission_policy(simple_words_model, SimpleWordsPermissionPolicy(simple_words_model))
group_words_viewset = GroupSimpleWordsViewSet()
event_words_viewset = EventSimpleWordsViewSet()


@hooks.register("register_admin_viewset")
def register_simple_words_viewsets():
    return [group_words_viewset, event_words_viewset]


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path(
            "community/moderation/",
            views.QueueView.as_view(),
            name="community_moderation_queue",
        ),
        path(
            "community/moderation/posts/<int:post_id>/",
            views.PostItemView.as_view(),
            name="community_moderation_post",
        ),
        path(
            "community/moderation/reports/<int:report_id>/",
            views.ReportItemView.as_view(),
            name="community_moderation_report",
        ),
        path(
            "community/moderation/events/<int:event_id>/",
            views.EventItemView.as_view(),
            name="community_moderation_event",
        ),
        path("community/moderation/act/", views.ActView.as_view(), name="community_moderation_act"),
        path(
            "community/moderation/reports/<int:report_id>/flag/",
            safeguarding_views.FlagReportView.as_view(),
            name="community_moderation_flag",
        ),
        path(
            "community/safeguarding/",
            safeguarding_views.CaseListView.as_view(),
            name="community_safeguarding_cases",
        ),
        path(
            "community/safeguarding/<int:case_id>/",
            safeguarding_views.CaseDetailView.as_view(),
            name="community_safeguarding_case",
        ),
        path("community/groups/", views.GroupsView.as_view(), name="community_moderation_groups"),
        path("community/log/", views.LogView.as_view(), name="community_moderation_log"),
        # Private messages: a reported conversation, a held message, and the decision.
        path(
            "community/messages/reports/<int:report_id>/",
            message_views.ReportedConversationView.as_view(),
            name="community_message_report",
        ),
        path(
            "community/messages/<int:message_id>/",
            message_views.HeldMessageView.as_view(),
            name="community_message_held",
        ),
        path(
            "community/messages/<int:message_id>/decide/",
            message_views.DecideMessageView.as_view(),
            name="community_message_decide",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_community_menu():
    return SubmenuMenuItem(
        gettext_lazy("Community"),
        Menu(
            items=[
                SafeguardingMenuItem(
                    gettext_lazy("Safeguarding cases"),
                    reverse("community_safeguarding_cases"),
                    icon_name="warning",
                    order=50,
                ),
                ModerationQueueMenuItem(
                    gettext_lazy("Moderation queue"),
                    reverse("community_moderation_queue"),
                    icon_name="warning",
                    order=100,
                ),
                GroupDecisionMenuItem(
                    gettext_lazy("Groups to approve"),
                    reverse("community_moderation_groups"),
                    icon_name="group",
                    order=200,
                ),
                ModeratorMenuItem(
                    gettext_lazy("Moderation log"),
                    reverse("community_moderation_log"),
                    icon_name="history",
                    order=300,
                ),
                GroupDecisionMenuItem(
                    gettext_lazy("Discussion topics"),
                    reverse(topic_viewset.get_url_name("index")),
                    icon_name="tag",
                    order=400,
                ),
                GroupDecisionMenuItem(
                    _("Groups in simple words"),
                    reverse(group_words_viewset.get_url_name("index")),
                    icon_name="group",
                    order=500,
                ),
                GroupDecisionMenuItem(
                    _("Events in simple words"),
                    reverse(event_words_viewset.get_url_name("index")),
                    icon_name="date",
                    order=510,
                ),
            ]
        ),
        icon_name="group",
        order=260,
    )


@waiting.register(order=10)
def moderator_rows(request) -> list[waiting.WaitingRow]:
    """Safeguarding cases first (for those who see them), then the moderation queue."""
    user = request.user
    rows = []
    if moderation.can_see_cases(user):
        rows.append(
            waiting.WaitingRow(
                gettext_lazy("Open safeguarding cases"),
                moderation.open_cases().count(),
                reverse("community_safeguarding_cases"),
                urgent=True,
            )
        )
    if moderation.is_moderator(user):
        queue = reverse("community_moderation_queue")
        counts = moderation.queue_counts(user)
        rows += [
            waiting.WaitingRow(
                gettext_lazy("Reports about posts, events and messages"), counts["reports"], queue
            ),
            waiting.WaitingRow(
                gettext_lazy("Posts waiting for a moderator"), counts["held-posts"], queue
            ),
            waiting.WaitingRow(
                gettext_lazy("Events waiting for a moderator"), counts["held-events"], queue
            ),
        ]
        if moderation.can_read_messages(user):
            rows.append(
                waiting.WaitingRow(
                    gettext_lazy("Messages waiting for a moderator"),
                    counts["held-messages"],
                    queue,
                )
            )
    return rows


@waiting.register(order=50)
def group_decision_rows(request) -> list[waiting.WaitingRow]:
    """Editors decide proposed groups and the pictures untrusted organisers add."""
    if not moderation.can_decide_groups(request.user):
        return []

    page = reverse("community_moderation_groups")
    return [
        waiting.WaitingRow(
            gettext_lazy("Groups to approve"), groups_waiting_for_decision().count(), page
        ),
        waiting.WaitingRow(
            gettext_lazy("Group pictures to check"), pictures_waiting().count(), page
        ),
    ]


class NoSafeguardingLeadPanel(Component):
    """A warning at the top of the dashboard until the borough has a safeguarding lead."""

    name = "no_safeguarding_lead"
    order = 0
    template_name = "community/moderation/no_safeguarding_lead.html"


@hooks.register("construct_homepage_panels")
def warn_without_safeguarding_lead(request, panels):
    if moderation.can_see_cases(request.user) and safeguarding_lead() is None:
        panels.insert(0, NoSafeguardingLeadPanel())


# Safety records past the privacy notice's period (sites/core/retention.py); the directory
# keeps a listing report while its safeguarding case is open.
hooks.register("delete_old_records", retention.delete_old_safety_records)
hooks.register("listing_reports_kept", retention.listing_reports_with_a_case)
