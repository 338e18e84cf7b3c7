"""Reading discussions: who sees which discussion, and what each reader sees of a post.

``readable_threads(user)`` is the one place that decides who sees which discussion:
visible ones (and the reader's own, even while held), never those of a members-only
group the reader is not in, never those started by a member the reader blocked or who
blocked the reader. ``posts_for(user, thread)`` then says, for each post, what this
reader sees of it. The writes (starting, replying, editing, deleting) are in
``sites/community/services/discussions.py``.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.community.models import Post, Thread, Topic
from sites.community.models.discussions import ModeratedStatus
from sites.community.services import blocking, groups, moderation
from sites.community.services.accounts import why_cannot_post

VISIBLE = ModeratedStatus.VISIBLE
HELD = ModeratedStatus.HELD
HIDDEN = ModeratedStatus.HIDDEN
REJECTED = ModeratedStatus.REJECTED
REMOVED = ModeratedStatus.REMOVED

ANONYMOUS_NAME = gettext_lazy("A member")


def topics() -> QuerySet:
    return Topic.objects.all()


def hidden_author_ids(user) -> set[int]:
    """Members whose discussions ``user`` does not see: blocked, either way."""
    return blocking.blocked_by(user) | blocking.blocking(user)


def readable_threads(user) -> QuerySet:
    """Every discussion ``user`` (perhaps anonymous) may open."""
    threads = Thread.objects.filter(
        Q(group__isnull=True) | Q(group__in=groups.readable_group_ids(user))
    )
    shown = Q(status=VISIBLE)
    if getattr(user, "is_authenticated", False):
        shown |= Q(author=user) & ~Q(status=REMOVED)
        hidden = hidden_author_ids(user)
        if hidden:
            threads = threads.exclude(author_id__in=hidden)
    return threads.filter(shown).select_related("topic", "group", "author__member_profile")


def site_threads(user, topic: Topic | None = None) -> QuerySet:
    """Site-wide discussions (not in a group), newest activity first."""
    threads = readable_threads(user).filter(group__isnull=True)
    if topic is not None:
        threads = threads.filter(topic=topic)
    return threads.order_by("-last_activity_at", "-pk")


def group_threads(user, group) -> QuerySet:
    if not groups.can_read_discussion(user, group):
        return Thread.objects.none()
    return readable_threads(user).filter(group=group).order_by("-last_activity_at", "-pk")


def thread_for(user, thread_id) -> Thread | None:
    """The discussion if ``user`` may read it; None (so: "not found") otherwise."""
    return readable_threads(user).filter(pk=thread_id).first()


def post_view_for(user, post_id) -> "PostView | None":
    """What ``user`` sees of one post, or None if they may not see it at all."""
    post = (
        Post.objects.select_related("thread", "author__member_profile").filter(pk=post_id).first()
    )
    if post is None or thread_for(user, post.thread_id) is None:
        return None
    views = posts_for(user, post.thread, only=[post])
    return views[0] if views else None


def reader_name(viewer, author) -> str:
    """Display names are for signed-in members; visitors see "A member"."""
    if author is None:
        return moderation.DELETED_MEMBER
    if not getattr(viewer, "is_authenticated", False):
        return ANONYMOUS_NAME
    return moderation.display_name(author)


@dataclass
class PostView:
    """What one reader sees of one post."""

    post: Post
    author_name: str
    show_body: bool
    is_mine: bool
    # "", or a plain note: "This post was deleted.", "Waiting for a moderator…"
    notice: str = ""
    state: str = "visible"
    author_url: str = ""  # their profile page, where the reader may open it

    @property
    def can_change(self) -> bool:
        return self.is_mine and self.post.status in (VISIBLE, HELD)

    @property
    def can_report(self) -> bool:
        return not self.is_mine and self.show_body and self.post.author_id is not None


def posts_for(user, thread, only=None) -> list[PostView]:
    """The posts of ``thread`` as ``user`` sees them, oldest first."""
    posts = (
        only
        if only is not None
        else thread.posts.select_related("author__member_profile").order_by("created_at", "pk")
    )
    signed_in = getattr(user, "is_authenticated", False)
    blocked_by_me = blocking.blocked_by(user) if signed_in else set()
    blocking_me = blocking.blocking(user) if signed_in else set()
    views = []
    for post in posts:
        mine = signed_in and post.author_id == user.pk
        name = reader_name(user, post.author)
        if post.author_id in blocking_me:
            continue
        if post.author_id in blocked_by_me:
            views.append(
                PostView(
                    post,
                    name,
                    False,
                    False,
                    _("You blocked this member, so their post is hidden."),
                    "blocked",
                )
            )
        elif post.status == REMOVED:
            views.append(PostView(post, name, False, mine, _("This post was deleted."), "deleted"))
        elif post.status == VISIBLE:
            views.append(PostView(post, name, True, mine))
        elif post.status == HIDDEN:
            if mine:
                views.append(
                    PostView(
                        post,
                        name,
                        True,
                        True,
                        _("A moderator has hidden this post. Only you can see it."),
                        "hidden",
                    )
                )
            else:
                views.append(
                    PostView(
                        post,
                        name,
                        False,
                        False,
                        _("This post was hidden by a moderator."),
                        "hidden",
                    )
                )
        elif mine and post.status == HELD:
            views.append(
                PostView(
                    post,
                    name,
                    True,
                    True,
                    _(
                        "Waiting for a moderator. Only you can see this post until "
                        "a moderator has checked it."
                    ),
                    "held",
                )
            )
        elif mine and post.status == REJECTED:
            views.append(
                PostView(
                    post,
                    name,
                    True,
                    True,
                    _("A moderator did not approve this post. Only you can see it."),
                    "rejected",
                )
            )
    return views


def why_cannot_reply(user, thread) -> str | None:
    """None if ``user`` may reply to ``thread``; otherwise why not, in plain words."""
    problem = why_cannot_post(user)
    if problem:
        return problem
    if thread_for(user, thread.pk) is None:
        return _("You cannot reply to this discussion.")
    if thread.status != VISIBLE:
        return _("You can reply once a moderator has checked this discussion.")
    if thread.group_id and not (
        groups.is_member(user, thread.group) or moderation.is_moderator(user)
    ):
        return _("Join the group to reply.")
    return None
