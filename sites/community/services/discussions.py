"""Discussions: threads with replies, site-wide under a topic or inside a group.

Reading goes through ``readable_threads(user)``, the one place that decides who sees
which discussion: visible ones (and the reader's own, even while held), never those
of a members-only group the reader is not in, never those started by a member the
reader blocked or who blocked the reader. ``posts_for(user, thread)`` then says, for
each post, what this reader sees of it.

Posts are plain text, stored exactly as typed; templates escape them and make links
safe (``community_tags.plain_text``).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.community.discussions.links import post_url
from sites.community.models import Post, Thread, Topic
from sites.community.models.discussions import ModeratedStatus
from sites.core.once import SENT_AGAIN_WITHIN, made_once, sent_within
from sites.core.ratelimit import limit

from . import blocking, groups, moderation, notifications
from .accounts import why_cannot_post
from .language import in_language_of

# (most attempts, in this many seconds), per member, shared through Redis.


VISIBLE = ModeratedStatus.VISIBLE
HELD = ModeratedStatus.HELD
HIDDEN = ModeratedStatus.HIDDEN
REJECTED = ModeratedStatus.REJECTED
REMOVED = ModeratedStatus.REMOVED

ANONYMOUS_NAME = gettext_lazy("A member")


# The topics every borough starts with; Editors change them in the admin (Community menu).
DEFAULT_TOPICS = [
    ("Say hello", "New here? Tell us a little about yourself."),
    ("Things to do", "Ideas, questions and recommendations about what's on."),
    ("Hobbies and interests", "Share what you enjoy, and find people who enjoy it too."),
    ("Support and wellbeing", "Kind words, tips and places that help."),
    ("Around the borough", "Local news, places and questions."),
]


def ensure_default_topics() -> None:
    """Add the starting topics that are missing (idempotent; Editors' changes are kept)."""
    from django.utils.text import slugify

    if Topic.objects.exists():
        return
    for order, (name, description) in enumerate(DEFAULT_TOPICS):
        Topic.objects.get_or_create(
            slug=slugify(name),
            defaults={"name": name, "description": description, "sort_order": order},
        )


class CannotPost(Exception):
    """Why this member cannot post here, in words to show them."""


# --- Reading -----------------------------------------------------------------------------------


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


# --- Writing -----------------------------------------------------------------------------------


def _check_can_post(user) -> None:
    problem = why_cannot_post(user)
    if problem:
        raise CannotPost(problem)


def start_thread(author, *, title: str, body: str, topic=None, group=None, borough=None) -> Thread:
    """Start a discussion, held for a moderator unless ``author`` is trusted.

    Raises CannotPost, or RateLimited (nothing is created then).
    """
    _check_can_post(author)
    if group is not None:
        if group.status != groups.APPROVED:
            raise CannotPost(_("This group is waiting for approval."))
        if not (groups.is_member(author, group) or moderation.is_moderator(author)):
            raise CannotPost(_("Join the group to start a discussion."))
        topic = None
    elif topic is None:
        raise CannotPost(_("Choose a topic for your discussion."))
    title = title.strip()

    def make() -> Thread:
        limit("thread", author.pk)
        status = moderation.new_post_status(author)
        now = timezone.now()
        thread = Thread.objects.create(
            title=title,
            topic=topic,
            group=group,
            author=author,
            status=status,
            created_at=now,
            last_activity_at=now,
        )
        Post.objects.create(thread=thread, author=author, body=body, status=status, created_at=now)
        return thread

    same = Thread.objects.filter(
        author=author, title=title, topic=topic, group=group, status__in=(VISIBLE, HELD)
    ).filter(posts__body=body)
    thread, _made = made_once(
        ("thread", author.pk), lambda: sent_within(same, SENT_AGAIN_WITHIN), make
    )
    return thread


def reply(author, thread, body: str, *, borough=None) -> Post:
    """Reply to a discussion. Raises CannotPost or RateLimited (nothing is created then).
    The same reply sent again (Post pressed twice) is the first one: nothing new."""
    problem = why_cannot_reply(author, thread)
    if problem:
        raise CannotPost(problem)

    def make() -> Post:
        limit("post", author.pk)
        status = moderation.new_post_status(author)
        return Post.objects.create(thread=thread, author=author, body=body, status=status)

    same = Post.objects.filter(thread=thread, author=author, body=body, status__in=(VISIBLE, HELD))
    post, made = made_once(
        ("post", author.pk, thread.pk), lambda: sent_within(same, SENT_AGAIN_WITHIN), make
    )
    if made and post.status == VISIBLE:
        post_became_visible(post, borough=borough)
    return post


def held_post_approved(sender, *, post, borough=None, **kwargs) -> None:
    """Receives signals.held_post_approved (sent by moderation)."""
    post_became_visible(post, borough=borough)


def post_became_visible(post: Post, *, borough=None) -> None:
    """A reply appeared (at once, or when a moderator approved it): tell the thread's author."""
    thread = post.thread
    Thread.objects.filter(pk=thread.pk, last_activity_at__lt=post.created_at).update(
        last_activity_at=post.created_at
    )
    starter = thread.author
    first = thread.posts.order_by("created_at", "pk").first()
    if (
        starter is None
        or post.author_id is None
        or starter.pk == post.author_id
        or (first is not None and first.pk == post.pk)
        or blocking.blocked_either_way(starter, post.author)
        or thread_for(starter, thread.pk) is None
    ):
        return
    borough = borough or notifications.current_borough()
    body = post.body if len(post.body) <= 600 else post.body[:600].rstrip() + "…"
    with in_language_of(starter):
        words = {
            "name": moderation.display_name(starter),
            "author": moderation.display_name(post.author),
            "title": thread.title,
        }
        notifications.notify(
            borough,
            starter,
            "replies",
            _("New reply to “%(title)s”") % words,
            _("Hello %(name)s,") % words
            + "\n\n"
            + _("%(author)s replied to your discussion “%(title)s”:") % words
            + f"\n\n{body}\n\n"
            + _("Read it and reply:")
            + f"\n{notifications.absolute_url(borough, post_url(post))}",
        )


def _own_post(user, post: Post) -> None:
    if not getattr(user, "is_authenticated", False) or post.author_id != user.pk:
        raise PermissionDenied(_("You can only change your own posts."))


def edit_post(user, post: Post, body: str) -> Post:
    """Change my own post. A member who is not trusted waits for a moderator again."""
    _own_post(user, post)
    if post.status not in (VISIBLE, HELD):
        raise CannotPost(_("This post can no longer be changed."))
    _check_can_post(user)
    limit("post", user.pk)
    with transaction.atomic():
        post.body = body
        post.edited_at = timezone.now()
        post.save(update_fields=["body", "edited_at"])
        if post.status == VISIBLE and moderation.new_post_status(user) == HELD:
            moderation.set_post_status(post, HELD)
    return post


def delete_post(user, post: Post) -> Post:
    """Delete my own post: it shows as "This post was deleted". Reports about it stay open."""
    _own_post(user, post)
    if post.status == REMOVED:
        return post
    with transaction.atomic():
        post.status = REMOVED
        post.save(update_fields=["status"])
        thread = post.thread
        if not thread.posts.exclude(status=REMOVED).exists():
            thread.status = REMOVED
            thread.save(update_fields=["status"])
    return post
