"""Who moderates, who decides groups and sees safeguarding cases, and which posts wait
for a moderator."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Site

from sites.community.models import (
    CommunitySettings,
    MemberProfile,
)
from sites.community.models.discussions import ModeratedStatus
from sites.core.roles import BOROUGH_ADMINS, EDITORS, MODERATORS, SAFEGUARDING_LEAD

# Staff groups that work the moderation queue, and those that approve new groups.
MODERATION_GROUPS = (MODERATORS, EDITORS, BOROUGH_ADMINS)
# Those who see safeguarding cases (Editors moderate, but do not see cases).
CASE_GROUPS = (SAFEGUARDING_LEAD, MODERATORS, BOROUGH_ADMINS)
GROUP_DECISION_GROUPS = (EDITORS, BOROUGH_ADMINS)
# Those who read members' private messages (a held one, or a reported conversation): the
# writer is told only a moderator will. Editors moderate posts and events, not messages.
MESSAGE_GROUPS = (MODERATORS, BOROUGH_ADMINS)

# (most attempts, in this many seconds), counted per member in the shared Redis.


MAX_SUSPENSION_DAYS = 365
DELETED_MEMBER = gettext_lazy("deleted member")


class ModerationError(Exception):
    """The action does not fit the thing (e.g. approving a post its author deleted)."""


def community_settings() -> CommunitySettings:
    """This borough's community settings (defaults if the borough has no site yet)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return CommunitySettings()
    return CommunitySettings.for_site(site)


def in_groups(user, names) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name__in=names).exists()


def is_moderator(user) -> bool:
    """Moderators, Editors, Borough admins and superusers work the moderation queue."""
    return in_groups(user, MODERATION_GROUPS)


def can_decide_groups(user) -> bool:
    """Editors (and Borough admins, superusers) approve or decline proposed groups."""
    return in_groups(user, GROUP_DECISION_GROUPS)


def can_see_cases(user) -> bool:
    """The safeguarding lead group, Moderators, Borough admins and superusers."""
    return in_groups(user, CASE_GROUPS)


def can_read_messages(user) -> bool:
    """Moderators, Borough admins and superusers: never Editors."""
    return in_groups(user, MESSAGE_GROUPS)


def require_message_moderator(user) -> None:
    if not can_read_messages(user):
        raise PermissionDenied(_("Only moderators can read private messages."))


def require_moderator(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied(_("Only moderators can do this."))


def profile_of(user) -> MemberProfile | None:
    if user is None:
        return None
    try:
        return user.member_profile
    except MemberProfile.DoesNotExist:
        return None


def display_name(user) -> str:
    """What other people see as a member's name: never their email address."""
    if user is None:
        return DELETED_MEMBER
    profile = profile_of(user)
    if profile is not None:
        return profile.display_name
    return _("Moderator") if is_moderator(user) else _("Member")


def new_post_status(user) -> str:
    """Held, or visible at once? (Moderators' own posts are never held.)"""
    if is_moderator(user):
        return ModeratedStatus.VISIBLE
    if community_settings().premoderate_everyone:
        return ModeratedStatus.HELD
    profile = profile_of(user)
    if profile is not None and profile.is_trusted:
        return ModeratedStatus.VISIBLE
    return ModeratedStatus.HELD
