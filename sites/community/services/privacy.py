"""A member's own data: download all of it, or erase the account.

``export_member_data(user)`` gathers everything the platform holds about one member,
and nothing about anyone else beyond what that member made (the groups they are in, the
discussions they posted in, the members they blocked) or received (private messages).

``erase_member(user)`` removes the account in one transaction. What happens to their
posts follows the borough's CommunitySettings.erasure_policy:

- ``anonymise``: posts stay, with no author; pages show them as from "deleted member";
- ``remove``: posts are marked removed and their words cleared, in the search index
  too. A discussion they started that holds nothing else is removed too.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Site

from search.indexing import sync_objects
from sites.community.messaging.privacy import erase_messages, export_messages
from sites.community.models import (
    Block,
    CommunityGroup,
    CommunitySettings,
    Event,
    EventAttendance,
    GroupJoinRequest,
    GroupMembership,
    HeldName,
    MemberProfile,
    ModerationAction,
    Post,
    Report,
    Thread,
)
from sites.community.models.discussions import ModeratedStatus
from sites.community.services.events import promote_waiting_list

REMOVED_THREAD_TITLE = "Deleted discussion"  # stored: in English


def _when(value):
    return value.isoformat() if value else None


# Steps that would tell a member they were reported, and so often by whom (in a private
# conversation only the other member can report), or that a safeguarding case is open
# about them. A subject access request may withhold what identifies another person or
# would put someone at risk; a moderator's decisions on their own posts are still there.
NOT_TOLD_TO_THE_MEMBER = {
    ModerationAction.Action.DISMISS,
    ModerationAction.Action.OPEN_CASE,
    ModerationAction.Action.CLOSE_CASE,
    ModerationAction.Action.ESCALATE_CASE,
    ModerationAction.Action.READ_MESSAGES,
}


def _report_about(report) -> str:
    if report.post_id:
        return _("a post")
    if report.message_id:
        return _("a private message")
    return _("a member")


def export_member_data(user) -> dict:
    """Everything about ``user``, ready for ``json.dumps``."""
    profile = MemberProfile.objects.filter(user=user).first()
    data = {
        "exported_at": _when(timezone.now()),
        "account": {
            "email": user.email,
            "joined": _when(user.date_joined),
            "last_signed_in": _when(user.last_login),
        },
        "profile": None,
        "interests": [],
    }
    if profile is not None:
        data["profile"] = {
            "display_name": profile.display_name,
            "about_me": profile.about,
            "profile_visible_to": profile.get_profile_visibility_display(),
            "show_about_me": profile.show_about,
            "show_interests": profile.show_interests,
            "show_groups": profile.show_groups,
            "show_me_in_group_member_lists": profile.show_in_group_member_lists,
            "who_can_send_me_messages": profile.get_messages_from_display(),
            "email_confirmed": _when(profile.email_confirmed_at),
            "confirmed_18_or_older": _when(profile.adult_confirmed_at),
            "trusted_to_post_without_waiting": profile.is_trusted,
            "paused_until": _when(profile.suspended_until),
            "emails": {
                "replies_to_my_discussions": profile.notify_replies,
                "new_events_in_my_groups": profile.notify_group_events,
                "decisions_about_my_posts": profile.notify_moderation,
                "requests_to_join_groups": profile.notify_join_requests,
                "new_private_messages": profile.notify_messages,
            },
            "language_of_my_emails": profile.language,
            "created": _when(profile.created_at),
        }
        data["interests"] = [interest.name for interest in profile.interests.all()]

    data["groups"] = [
        {
            "group": membership.group.name,
            "role": membership.get_role_display(),
            "joined": _when(membership.joined_at),
        }
        for membership in GroupMembership.objects.filter(member=user).select_related("group")
    ]
    data["groups_i_asked_to_join"] = [
        {
            "group": join_request.group.name,
            "status": join_request.get_status_display(),
            "asked": _when(join_request.asked_at),
            "answered": _when(join_request.decided_at),
        }
        for join_request in GroupJoinRequest.objects.filter(member=user).select_related("group")
    ]
    data["groups_i_proposed"] = [
        {
            "group": group.name,
            "status": group.get_status_display(),
            "proposed": _when(group.created_at),
        }
        for group in CommunityGroup.objects.filter(proposed_by=user)
    ]
    data["events"] = [
        {
            "event": attendance.event.title,
            "date": attendance.occurs_on.isoformat(),
            "starts": _when(attendance.event.starts_at),
            "my_answer": attendance.get_status_display(),
            "answered": _when(attendance.created_at),
        }
        for attendance in EventAttendance.objects.filter(member=user).select_related("event")
    ]
    data["events_i_posted"] = [
        {
            "event": event.title,
            "starts": _when(event.starts_at),
            "status": event.get_status_display(),
        }
        for event in Event.objects.filter(posted_by=user)
    ]
    data["discussions_i_started"] = [
        {
            "title": thread.title,
            "started": _when(thread.created_at),
            "status": thread.get_status_display(),
        }
        for thread in Thread.objects.filter(author=user)
    ]
    data["posts"] = [
        {
            "discussion": post.thread.title,
            "text": post.body,
            "status": post.get_status_display(),
            "posted": _when(post.created_at),
            "edited": _when(post.edited_at),
        }
        for post in Post.objects.filter(author=user).select_related("thread")
    ]
    data["reports_i_made"] = [
        {
            "about": _report_about(report),
            "reason": report.get_reason_display(),
            "details": report.details,
            "safety_concern": report.is_safeguarding,
            "status": report.get_status_display(),
            "made": _when(report.created_at),
        }
        for report in Report.objects.filter(reporter=user)
    ]
    blocked_names = dict(
        MemberProfile.objects.filter(user__blocks_received__blocker=user).values_list(
            "user_id", "display_name"
        )
    )
    data["members_i_blocked"] = [
        {
            "member": blocked_names.get(block.blocked_id, "a member"),
            "blocked": _when(block.created_at),
        }
        for block in Block.objects.filter(blocker=user)
    ]
    data["names_kept_for_me"] = [
        {"name_as_compared": held.name_key, "kept_until": _when(held.until)}
        for held in HeldName.objects.filter(held_for=user, until__gt=timezone.now())
    ]
    data["private_messages"] = export_messages(user)
    data["moderation_decisions_about_me"] = [
        {"decision": action.get_action_display(), "when": _when(action.created_at)}
        for action in ModerationAction.objects.filter(member=user).exclude(
            action__in=NOT_TOLD_TO_THE_MEMBER
        )
    ]
    return data


def erasure_policy() -> str:
    """The current borough's policy (call inside the borough's schema)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return CommunitySettings.ErasurePolicy.ANONYMISE
    return CommunitySettings.for_site(site).erasure_policy


def erase_member(user, *, policy: str | None = None, borough=None) -> list[EventAttendance]:
    """Erase the member and everything personal about them, in one transaction.

    Then the place they held on each date of an event goes to the person waiting longest
    for that date (who is emailed from ``borough``, by default the current one). Returns
    those attendances.
    """
    policy = policy or erasure_policy()
    removed_posts = []
    with transaction.atomic():
        posts = Post.objects.filter(author=user)
        if policy == CommunitySettings.ErasurePolicy.REMOVE:
            removed_posts = list(posts.values_list("pk", flat=True))
            posts.update(author=None, status=ModeratedStatus.REMOVED, body="")
            # Their own discussions with nobody else's words left in them go too.
            for thread in Thread.objects.filter(author=user):
                if not thread.posts.exclude(status=ModeratedStatus.REMOVED).exists():
                    thread.status = ModeratedStatus.REMOVED
                    thread.title = REMOVED_THREAD_TITLE
                    thread.save(update_fields=["status", "title"])
        else:
            posts.update(author=None)
        Thread.objects.filter(author=user).update(author=None)
        Report.objects.filter(reporter=user).update(reporter=None)

        # Each date they had a place on: freed, then given to whoever waits for it.
        freed = [
            (attendance.event, attendance.occurs_on)
            for attendance in EventAttendance.objects.filter(
                member=user, status=EventAttendance.Status.GOING
            )
            .select_related("event")
            .order_by("event_id", "occurs_on")
        ]
        EventAttendance.objects.filter(member=user).delete()
        GroupMembership.objects.filter(member=user).delete()
        GroupJoinRequest.objects.filter(member=user).delete()
        Block.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()
        erase_messages(user)
        MemberProfile.objects.filter(user=user).delete()
        user.delete()
    # update() sent no signal: take the removed posts' words out of the search index.
    sync_objects(Post, removed_posts)
    # After the erasure is committed: promotion locks each event itself, and emails.
    promoted = []
    for event, day in freed:
        promoted += promote_waiting_list(event, day, borough=borough)
    return promoted
