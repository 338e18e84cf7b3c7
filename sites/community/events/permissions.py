"""Who may post an event, and as whom (a ``Host``); who may change one; who may say
"I'm going". Reads only: the writes are in services/events/."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sites.community.models import CommunityGroup, Event, GroupMembership
from sites.community.models.discussions import ModeratedStatus
from sites.community.services import moderation
from sites.community.services.accounts import get_profile, why_cannot_post
from sites.core.roles import BOROUGH_ADMINS, EDITORS
from sites.directory.models import OrganisationPage
from sites.directory.services.organisation_access import GROUP_PREFIX

from .recurrence import is_finished

EDITOR_GROUPS = (EDITORS, BOROUGH_ADMINS)
TEAM = "team"
PUBLISHED = Event.Status.PUBLISHED
HELD = Event.Status.HELD


def _active(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def is_editor(user) -> bool:
    """Editors, Borough admins and superusers."""
    if not _active(user):
        return False
    return user.is_superuser or user.groups.filter(name__in=EDITOR_GROUPS).exists()


def managed_organisations(user):
    """Live organisations ``user`` manages (through their organisation's own group)."""
    if not _active(user):
        return OrganisationPage.objects.none()
    groups = user.groups.filter(name__startswith=GROUP_PREFIX)
    return (
        OrganisationPage.objects.live()
        .filter(group_permissions__group__in=groups)
        .distinct()
        .order_by("title")
    )


def organised_groups(user):
    """Approved groups ``user`` organises."""
    if not _active(user):
        return CommunityGroup.objects.none()
    return CommunityGroup.objects.filter(
        status=CommunityGroup.Status.APPROVED,
        memberships__member=user,
        memberships__role=GroupMembership.Role.ORGANISER,
    ).order_by("name")


@dataclass(frozen=True)
class Host:
    """Who puts an event on: the borough's team, an organisation or a group."""

    key: str  # "team", "organisation-<id>" or "group-<id>": the form's value
    label: str
    organisation: OrganisationPage | None = None
    group: CommunityGroup | None = None


def hosts_for(user) -> list[Host]:
    """Whom ``user`` may post events as, in the order a form offers them."""
    hosts = [
        Host(f"organisation-{page.pk}", page.title, organisation=page)
        for page in managed_organisations(user)
    ]
    hosts += [
        Host(f"group-{group.pk}", group.name, group=group) for group in organised_groups(user)
    ]
    if is_editor(user):
        hosts.insert(0, Host(TEAM, _("The Connect & Do team (no organisation or group)")))
    return hosts


def host_of(event: Event) -> Host:
    if event.organisation_id:
        return Host(
            f"organisation-{event.organisation_id}",
            event.organisation.title,
            organisation=event.organisation,
        )
    if event.group_id:
        return Host(f"group-{event.group_id}", event.group.name, group=event.group)
    return Host(TEAM, _("The Connect & Do team"))


def _is_trusted_poster(user) -> bool:
    return is_editor(user) or moderation.is_moderator(user) or managed_organisations(user).exists()


def why_cannot_post_events(user) -> str | None:
    """None if ``user`` may post events; otherwise the reason, in words to show them."""
    if not getattr(user, "is_authenticated", False):
        return _("Please sign in to post an event.")
    if not user.is_active:
        return _("This account is closed.")
    profile = get_profile(user)
    if profile is not None and profile.is_suspended:
        until = date_format(timezone.localtime(profile.suspended_until), "j E Y")
        return _("Your account is paused until %(until)s. You cannot post events until then.") % {
            "until": until
        }
    if not hosts_for(user):
        return _(
            "Events are posted by organisations, by the organisers of groups and by "
            "Editors. To post an event, start a group or ask to manage your organisation's "
            "listing."
        )
    if _is_trusted_poster(user):
        return None
    return why_cannot_post(user)


def can_post_events(user) -> bool:
    return why_cannot_post_events(user) is None


def new_event_status(poster) -> str:
    """Published at once, or held for a moderator (the discussions' rule for members)."""
    if _is_trusted_poster(poster):
        return PUBLISHED
    if moderation.new_post_status(poster) == ModeratedStatus.VISIBLE:
        return PUBLISHED
    return HELD


def can_edit(user, event: Event) -> bool:
    """The poster, the event's organisation's managers, its group's organisers, Editors."""
    if not _active(user):
        return False
    if is_editor(user) or (event.posted_by_id and event.posted_by_id == user.pk):
        return True
    if event.organisation_id:
        return managed_organisations(user).filter(pk=event.organisation_id).exists()
    if event.group_id:
        return GroupMembership.objects.filter(
            group_id=event.group_id, member=user, role=GroupMembership.Role.ORGANISER
        ).exists()
    return False


def why_cannot_rsvp(user, event: Event) -> str | None:
    """None if ``user`` may say they are going (to some date); otherwise why not, in
    plain words. Whether a particular date may be chosen is ``bookable_occurrence``."""
    if not getattr(user, "is_authenticated", False):
        return _("Please sign in to say you are going.")
    profile = get_profile(user)
    if profile is not None and profile.is_suspended:
        until = date_format(timezone.localtime(profile.suspended_until), "j E Y")
        return _("Your account is paused until %(until)s. You cannot join events until then.") % {
            "until": until
        }
    if event.status == Event.Status.CANCELLED:
        return _("This event is cancelled.")
    if event.status != PUBLISHED:
        return _("You can say you are going once the event is on the website.")
    if is_finished(event):
        return _("This event has finished.")
    if event.group_id and event.group.is_members_only and not _in_group(user, event.group_id):
        return _("This event is for the members of its group. Join the group to go.")
    if not user.is_active:
        return _("This account is closed.")
    if profile is None:
        return _("Please set up your member profile before you join events.")
    if profile.email_confirmed_at is None:
        return _(
            "Please confirm your email address before you join events. "
            "Open the link in the email we sent you."
        )
    return None


def _in_group(user, group_id) -> bool:
    member = GroupMembership.objects.filter(group_id=group_id, member=user).exists()
    return member or moderation.is_moderator(user)
