"""What "My page" and members' profile pages show."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Page

from sites.community.events.recurrence import Occurrence, occurrence_on
from sites.community.events.selectors import audience
from sites.community.models import (
    CommunityGroup,
    Event,
    EventAttendance,
    GroupIndexPage,
    GroupJoinRequest,
    GroupMembership,
    MemberProfile,
)
from sites.community.services.blocking import blocked_by, blocked_either_way, blocking
from sites.core.languages.codes import supported
from sites.directory.models import ActivityPage
from sites.directory.selectors import visible_activities


def my_groups(user) -> QuerySet:
    """My memberships, of groups that are open or waiting for approval."""
    return (
        GroupMembership.objects.filter(
            member=user,
            group__status__in=[CommunityGroup.Status.APPROVED, CommunityGroup.Status.PROPOSED],
        )
        .select_related("group")
        .order_by("group__name")
    )


def my_join_requests(user) -> QuerySet:
    """My requests to join members-only groups (waiting, or lately declined): never
    memberships, so they are listed apart from my groups."""
    return (
        GroupJoinRequest.objects.filter(member=user, group__status=CommunityGroup.Status.APPROVED)
        .select_related("group")
        .order_by("group__name")
    )


@dataclass(frozen=True)
class MyEvent:
    """One date of an event I am going to (or waiting for), and that time."""

    attendance: EventAttendance
    occurrence: Occurrence

    @property
    def event(self) -> Event:
        return self.attendance.event


# Held events wait for a moderator and removed ones are gone: neither is listed. A
# cancelled one stays (marked), so members see that it is off.
MY_EVENT_STATUSES = [Event.Status.PUBLISHED, Event.Status.CANCELLED]


def my_upcoming_events(user, now=None) -> list[MyEvent]:
    """Each date I am going to, or waiting for a place on, whose time has not finished,
    soonest first. A repeating event is listed once for each date I chose."""
    now = now or timezone.now()
    attendances = EventAttendance.objects.filter(
        member=user,
        status__in=[EventAttendance.Status.GOING, EventAttendance.Status.WAITING],
        event__status__in=MY_EVENT_STATUSES,
        occurs_on__gte=timezone.localdate(now) - datetime.timedelta(days=1),
        # Never an event I may no longer see (a members-only group I have left).
        event__in=Event.objects.filter(audience(user)),
    ).select_related("event")
    mine = []
    for attendance in attendances:
        occurrence = occurrence_on(attendance.event, attendance.occurs_on)
        if occurrence is not None and occurrence.ends_at > now:
            mine.append(MyEvent(attendance, occurrence))
    return sorted(mine, key=lambda m: (m.occurrence.starts_at, m.event.pk))


def things_to_do_for(profile: MemberProfile | None, count: int = 6) -> list[ActivityPage]:
    """Live, visible activities that share at least one of my interests."""
    if profile is None:
        return []
    interest_ids = list(profile.interests.values_list("pk", flat=True))
    if not interest_ids:
        return []
    activities = list(
        visible_activities().filter(interests__in=interest_ids).distinct().order_by("title")[:count]
    )
    # Two organisations may each run "Befriending phone calls": say whose each one is.
    organisations = _in_reader_language(
        Page.objects.filter(path__in={activity.path[: -Page.steplen] for activity in activities})
    )
    for activity in activities:
        organisation = organisations.get(activity.path[: -Page.steplen])
        activity.run_by_page = organisation
        activity.run_by = organisation.title if organisation else ""
    return activities


def _in_reader_language(pages) -> dict[str, Page]:
    """Each of ``pages`` by its path, as its live translation into the language of the page
    being served (same translation key, the reader's locale) where there is one, else as
    it is: a Polish reader sees an organisation's Polish name once it is translated."""
    pages = {page.path: page for page in pages.select_related("locale")}
    language = supported(translation.get_language()) or settings.LANGUAGE_CODE
    keys = [page.translation_key for page in pages.values()]
    translated = {
        page.translation_key: page
        for page in Page.objects.live()
        .filter(translation_key__in=keys, locale__language_code=language)
        .select_related("locale")
    }
    return {path: translated.get(page.translation_key, page) for path, page in pages.items()}


def groups_section():
    return GroupIndexPage.objects.live().public().first()


def visible_profile(viewer, profile_id: int) -> MemberProfile | None:
    """The profile ``viewer`` may see, or None.

    Only signed-in members; only profiles shown to members (or your own); never between
    two members when either has blocked the other.
    """
    if not getattr(viewer, "is_authenticated", False):
        return None
    profile = (
        MemberProfile.objects.filter(pk=profile_id, user__is_active=True)
        .select_related("user")
        .first()
    )
    if profile is None:
        return None
    if profile.user_id == viewer.pk:
        return profile
    if profile.profile_visibility != MemberProfile.Visibility.MEMBERS:
        return None
    if blocked_either_way(viewer, profile.user):
        return None
    return profile


def profile_groups(profile: MemberProfile) -> QuerySet:
    """Groups to list on a profile page: approved, public ones only."""
    return CommunityGroup.objects.filter(
        memberships__member_id=profile.user_id,
        status=CommunityGroup.Status.APPROVED,
        visibility=CommunityGroup.Visibility.PUBLIC,
    ).distinct()


def profile_urls(viewer, user_ids) -> dict[int, str]:
    """Links to the profile pages ``viewer`` may open, by the members' user ids.

    The same rule as ``visible_profile``: signed-in members only; no link to a profile
    shown to "Only me" (but your own), a deleted account, or a member blocked either way,
    so a name is a link exactly when the page would open. Names in discussions and group
    member lists link here: a profile is where "Send a message", "Report" and "Block" are.
    """
    if not getattr(viewer, "is_authenticated", False):
        return {}
    wanted = {pk for pk in user_ids if pk is not None} - blocked_by(viewer) - blocking(viewer)
    shown = Q(profile_visibility=MemberProfile.Visibility.MEMBERS) | Q(user_id=viewer.pk)
    profiles = MemberProfile.objects.filter(shown, user_id__in=wanted, user__is_active=True)
    return {
        user_id: reverse("member-profile", kwargs={"pk": pk})
        for user_id, pk in profiles.values_list("user_id", "pk")
    }
