"""A group's picture, set by its organisers; an untrusted organiser's picture waits for
an Editor (the people who approve groups) before anyone else sees it.

The same rule as posts (``moderation.new_post_status``): trusted members' and
moderators' pictures show at once. A waiting picture has ``picture_held`` set; the
public templates never show it (``includes/picture.html``). Editors approve or remove
it on the admin's "Groups to approve" page; each decision is in the moderation log.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from sites.community.models import CommunityGroup, ModerationAction
from sites.community.models.discussions import ModeratedStatus
from sites.core.picture_upload import PictureChange

from . import groups, moderation


def set_picture(user, group: CommunityGroup, change: PictureChange) -> CommunityGroup:
    """Add, keep (changing its words) or remove the group's picture. Organisers only."""
    if not groups.is_organiser(user, group):
        raise PermissionDenied(_("Only organisers can change the group's picture."))
    with transaction.atomic():
        locked = CommunityGroup.objects.select_for_update().get(pk=group.pk)
        # New words are checked like a new picture: both are public.
        changed = change.adds_picture or change.alt_text != locked.picture_alt_text
        for name, value in change.fields(locked.name, user).items():
            setattr(locked, name, value)
        if change.remove:
            locked.picture_held = False
        elif changed:
            locked.picture_held = moderation.new_post_status(user) == ModeratedStatus.HELD
        locked.save(update_fields=["picture", "picture_alt_text", "picture_held"])
    return locked


def pictures_waiting():
    return CommunityGroup.objects.filter(picture_held=True, picture__isnull=False).select_related(
        "picture"
    )


def decide_picture(editor, group: CommunityGroup, *, approve: bool, note: str = ""):
    """An Editor shows the waiting picture, or removes it from the group."""
    if not moderation.can_decide_groups(editor):
        raise PermissionDenied(_("Only Editors decide about groups' pictures."))
    with transaction.atomic():
        locked = CommunityGroup.objects.select_for_update().get(pk=group.pk)
        if not approve:
            locked.picture = None
            locked.picture_alt_text = ""
        locked.picture_held = False
        locked.save(update_fields=["picture", "picture_alt_text", "picture_held"])
        action = ModerationAction.Action.APPROVE if approve else ModerationAction.Action.REJECT
        moderation.log_action(editor, action, group=locked, note=f"Group picture. {note}".strip())
    return locked
