"""Members blocking members. A block works both ways for what people see:

- the blocker sees the blocked member's posts only as "hidden", in every discussion;
- the blocked member no longer sees the blocker's posts or discussions (so cannot reply
  to them), and the blocker's profile is "not found" for them.

Nobody is told that they were blocked.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext

from sites.community.models import Block


class BlockError(Exception):
    """You cannot block yourself, or a member who is not there."""


def block_member(blocker, blocked) -> Block:
    """Block ``blocked`` for ``blocker`` (blocking twice is fine)."""
    if blocked is None or blocker.pk == blocked.pk:
        raise BlockError(gettext("You cannot block yourself."))
    try:
        with transaction.atomic():
            block, _ = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    except IntegrityError:
        block = Block.objects.get(blocker=blocker, blocked=blocked)
    return block


def unblock_member(blocker, blocked) -> bool:
    """Lift a block. True if there was one."""
    deleted, _ = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    return bool(deleted)


def has_blocked(blocker, blocked) -> bool:
    if blocker is None or blocked is None or not getattr(blocker, "is_authenticated", False):
        return False
    return Block.objects.filter(blocker=blocker, blocked=blocked).exists()


def blocked_by(user) -> set[int]:
    """Ids of members ``user`` has blocked."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Block.objects.filter(blocker=user).values_list("blocked_id", flat=True))


def blocking(user) -> set[int]:
    """Ids of members who have blocked ``user``."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Block.objects.filter(blocked=user).values_list("blocker_id", flat=True))


def blocked_either_way(one, other) -> bool:
    if one is None or other is None or one.pk == other.pk:
        return False
    if not getattr(one, "is_authenticated", False):
        return False
    return Block.objects.filter(
        Q(blocker=one, blocked=other) | Q(blocker=other, blocked=one)
    ).exists()


def members_i_blocked(user):
    """My blocks, newest first, with each member's profile for their display name."""
    return (
        Block.objects.filter(blocker=user)
        .select_related("blocked__member_profile")
        .order_by("-created_at")
    )
