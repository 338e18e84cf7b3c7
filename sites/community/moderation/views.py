"""The moderation queue, group approvals and the audit log, in the Wagtail admin.

For Moderators, Editors (and Borough admins, superusers); group decisions for Editors.
The queue holds reports, held posts and held events. Every action goes through
``services.moderation``, ``services.events`` or ``services.group_proposals``, which write the
audit log.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from sites.community.events import recurrence
from sites.community.events.links import event_url_or_none
from sites.community.models import (
    CommunityGroup,
    Event,
    ModerationAction,
    Post,
    Report,
    SafeguardingCase,
)
from sites.community.models.discussions import ModeratedStatus
from sites.community.services import events as event_service
from sites.community.services import group_pictures, group_proposals, moderation
from sites.community.services import groups as group_service
from sites.core.languages.isolation import with_names

from .forms import ActionForm, GroupDecisionForm

TEMPLATES = "community/moderation/"


class ModerationView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "warning"
    allowed = staticmethod(moderation.is_moderator)

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        if self.get_page_title() != QueueView.page_title:
            items.append(
                {"url": reverse("community_moderation_queue"), "label": gettext("Moderation")}
            )
        return [*items, {"url": "", "label": self.get_page_title()}]


class QueueView(ModerationView):
    page_title = gettext_lazy("Moderation queue")
    template_name = TEMPLATES + "queue.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            items=moderation.moderation_queue(self.request.user), **kwargs
        )


class PostItemView(ModerationView):
    """A post to decide about: held, or reported (the report is given with ?report=)."""

    page_title = gettext_lazy("A post to check")
    template_name = TEMPLATES + "item.html"

    def get_context_data(self, **kwargs):
        post = get_object_or_404(
            Post.objects.select_related("thread__group", "thread__topic", "author__member_profile"),
            pk=self.kwargs["post_id"],
        )
        return super().get_context_data(**_item_context(post=post), **kwargs)


class ReportItemView(ModerationView):
    page_title = gettext_lazy("A report to check")
    template_name = TEMPLATES + "item.html"

    def get(self, request, *args, **kwargs):
        report = get_object_or_404(Report, pk=self.kwargs["report_id"])
        if report.message_id:  # a private message: opened, and logged, on its own page
            return redirect("community_message_report", report.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        report = get_object_or_404(
            Report.objects.select_related(
                "post__thread__group",
                "post__author__member_profile",
                "reported_member__member_profile",
                "reporter__member_profile",
            ),
            pk=self.kwargs["report_id"],
        )
        case = SafeguardingCase.objects.filter(report=report).first()
        return super().get_context_data(
            **_item_context(post=report.post, report=report),
            case=case,
            sees_cases=moderation.can_see_cases(self.request.user),
            **kwargs,
        )


class EventItemView(ModerationView):
    """An event waiting for a moderator (or one decided already: its status is shown)."""

    page_title = gettext_lazy("An event to check")
    template_name = TEMPLATES + "event.html"

    def get_context_data(self, **kwargs):
        event = get_object_or_404(
            Event.objects.select_related(
                "group", "organisation", "place", "posted_by__member_profile"
            ),
            pk=self.kwargs["event_id"],
        )
        return super().get_context_data(
            **_member_context(event.posted_by),
            event=event,
            when=recurrence.when_in_words(event),
            where=event_service.where_in_words(event),
            host=event_service.host_of(event),
            public_url=event_url_or_none(event),
            interests=event.interests.all(),
            **kwargs,
        )


def _member_context(member) -> dict:
    """What the item pages show about the member, for the warn, suspend and trust forms."""
    return {
        "member": member,
        "member_name": moderation.display_name(member),
        "profile": moderation.profile_of(member),
        "history": (
            # Safeguarding case actions stay on the case page, for those who see cases.
            ModerationAction.objects.filter(member=member, case__isnull=True).select_related(
                "moderator"
            )[:20]
            if member
            else []
        ),
        "max_days": moderation.MAX_SUSPENSION_DAYS,
    }


def _item_context(*, post=None, report=None) -> dict:
    member = report.reported_member if report else post.author
    return {
        **_member_context(member),
        "post": post,
        "report": report,
        "thread_posts": (
            post.thread.posts.select_related("author__member_profile").order_by("created_at")[:50]
            if post
            else []
        ),
        "open_reports": (
            Report.objects.filter(post=post, status=Report.Status.OPEN).select_related(
                "reporter__member_profile"
            )
            if post
            else Report.objects.none()
        ),
        "statuses": ModeratedStatus,
    }


class ActView(ModerationView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ActionForm(request.POST)
        if not form.is_valid():
            # Back to the item, with what to change: nothing is done.
            messages.error(request, form.problem())
            return redirect(_item_or_queue(form.cleaned_data))
        data = form.cleaned_data
        post = get_object_or_404(Post, pk=data["post"]) if data["post"] else None
        report = get_object_or_404(Report, pk=data["report"]) if data["report"] else None
        event = get_object_or_404(Event, pk=data["event"]) if data["event"] else None
        if post is None and report is None and event is None:
            raise Http404
        if (
            report is not None
            and report.message_id
            and not moderation.can_read_messages(request.user)
        ):
            raise Http404  # a report about a private message: Moderators only, as its page
        if event is not None:
            member = event.posted_by
        else:
            member = post.author if post else report.reported_member
        if report is not None and report.reported_member_id:
            member = report.reported_member
        kwargs = {"borough": request.borough}
        note = data["note"]
        try:
            if event is not None and data["action"] in ("approve", "reject", "hide"):
                done = self._decide_event(data["action"], request.user, event, note, kwargs)
            else:
                if event is not None:
                    kwargs["event"] = event
                done = self._act(
                    data["action"], request.user, post, report, member, data, note, kwargs
                )
        except (moderation.ModerationError, event_service.EventError) as error:
            messages.error(request, str(error))
            return redirect(_item_url(post, report, event))
        if report is not None and moderation.open_cases().filter(report=report).exists():
            done += gettext(
                " The safeguarding case stays open until what was done is recorded on it."
            )
        messages.success(request, done)
        return redirect("community_moderation_queue")

    def _decide_event(self, action, moderator, event, note, kwargs) -> str:
        if action == "approve":
            event_service.approve_event(moderator, event, note=note, **kwargs)
            return gettext("“%(title)s” is on the website.") % {"title": event.title}
        if action == "reject":
            event_service.reject_event(moderator, event, note=note, **kwargs)
            return gettext("“%(title)s” is rejected. It will not be listed.") % {
                "title": event.title
            }
        raise moderation.ModerationError(gettext("An event cannot be hidden. Reject it instead."))

    def _act(self, action, moderator, post, report, member, data, note, kwargs) -> str:
        name = moderation.display_name(member)
        if action in ("approve", "reject", "hide"):
            if post is None:
                raise moderation.ModerationError(gettext("This report is not about a post."))
            service = {
                "approve": moderation.approve_post,
                "reject": moderation.reject_post,
                "hide": moderation.hide_post,
            }[action]
            service(moderator, post, note=note, report=report, borough=kwargs["borough"])
            return {
                "approve": gettext("The post is visible."),
                "reject": gettext("The post is rejected."),
                "hide": gettext("The post is hidden."),
            }[action]
        if action == "warn":
            _, emailed = moderation.warn_member(
                moderator,
                member,
                message=data["message"] or note,
                post=post,
                report=report,
                **kwargs,
            )
            return gettext("%(name)s is warned.") % {"name": name} + (
                "" if emailed else NOT_EMAILED
            )
        if action == "suspend":
            if not data["days"]:
                raise moderation.ModerationError(gettext("Say for how many days."))
            _, emailed = moderation.suspend_member(
                moderator,
                member,
                days=data["days"],
                note=note,
                post=post,
                report=report,
                **kwargs,
            )
            return gettext("%(name)s is suspended for %(days)s days.") % {
                "name": name,
                "days": data["days"],
            } + ("" if emailed else NOT_EMAILED)
        if action == "unsuspend":
            moderation.unsuspend_member(moderator, member, note=note)
            return gettext("%(name)s can post again.") % {"name": name}
        if action == "trust":
            moderation.trust_member(
                moderator, member, note=note, post=post, report=report, **kwargs
            )
            return gettext("%(name)s is trusted: their posts will appear without waiting.") % {
                "name": name
            }
        if action == "dismiss":
            if report is None:
                raise moderation.ModerationError(gettext("There is no report to dismiss."))
            moderation.dismiss_report(moderator, report, note=note)
            return gettext("The report is dismissed.")
        raise moderation.ModerationError(gettext("Unknown action."))


NOT_EMAILED = gettext_lazy(
    " They have turned off emails about moderators' decisions, so no email was sent."
)


def _item_or_queue(data) -> str:
    """The page of the post, report or event a form named, if it is there; else the queue."""
    found = [
        model.objects.filter(pk=data[name]).first() if data.get(name) else None
        for name, model in (("post", Post), ("report", Report), ("event", Event))
    ]
    if any(found):
        return _item_url(*found)
    return reverse("community_moderation_queue")


def _item_url(post, report, event=None) -> str:
    if report is not None:
        return reverse("community_moderation_report", args=[report.pk])
    if event is not None:
        return reverse("community_moderation_event", args=[event.pk])
    return reverse("community_moderation_post", args=[post.pk])


class GroupsView(ModerationView):
    page_title = gettext_lazy("Groups to approve")
    header_icon = "group"
    template_name = TEMPLATES + "groups.html"
    allowed = staticmethod(moderation.can_decide_groups)

    def get_context_data(self, **kwargs):
        decided = (
            CommunityGroup.objects.exclude(status=CommunityGroup.Status.PROPOSED)
            .select_related("decided_by")
            .order_by(F("approved_at").desc(nulls_last=True), "-created_at")[:20]
        )
        return super().get_context_data(
            waiting=group_proposals.groups_waiting_for_decision(),
            decided=decided,
            pictures=group_pictures.pictures_waiting(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        group = get_object_or_404(CommunityGroup, pk=request.POST.get("group"))
        picture_decision = request.POST.get("picture_decision")
        if picture_decision in ("show", "remove"):
            group_pictures.decide_picture(request.user, group, approve=picture_decision == "show")
            if picture_decision == "show":
                done = gettext("The picture of “%(name)s” is shown.")
            else:
                done = gettext("The picture of “%(name)s” is removed.")
            messages.success(request, with_names(done, name=group.name))
            return redirect("community_moderation_groups")
        form = GroupDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("Choose approve or decline."))
            return redirect("community_moderation_groups")
        decide = (
            group_proposals.approve_group
            if form.cleaned_data["decision"] == "approve"
            else group_proposals.decline_group
        )
        try:
            decide(request.user, group, note=form.cleaned_data["note"], borough=request.borough)
        except group_service.GroupError as error:
            messages.error(request, str(error))
        else:
            if decide is group_proposals.approve_group:
                done = gettext("“%(name)s” is approved. We have emailed the proposer.")
            else:
                done = gettext("“%(name)s” is declined. We have emailed the proposer.")
            messages.success(request, with_names(done, name=group.name))
        return redirect("community_moderation_groups")


class LogView(ModerationView):
    page_title = gettext_lazy("Moderation log")
    header_icon = "history"
    template_name = TEMPLATES + "log.html"

    def get_context_data(self, **kwargs):
        actions = moderation.audit_log()
        if not moderation.can_see_cases(self.request.user):
            actions = actions.filter(case__isnull=True)
        page = Paginator(actions, 50).get_page(self.request.GET.get("p"))
        return super().get_context_data(actions=page, **kwargs)
