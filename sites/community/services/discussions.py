"""Discussions: threads with replies, site-wide under a topic or inside a group.

The writes: starting a discussion, replying, editing and deleting one's own posts, and
telling a discussion's author about a reply. Who may read what is decided in
``sites/community/discussions/selectors.py`` (``readable_threads``, ``posts_for``).

Posts are plain text, stored exactly as typed; templates escape them and make links
safe (``community_tags.plain_text``).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.community.discussions.links import post_url
from sites.community.discussions.selectors import (
    HELD,
    REMOVED,
    VISIBLE,
    thread_for,
    why_cannot_reply,
)
from sites.community.models import Post, Thread, Topic
from sites.core.once import SENT_AGAIN_WITHIN, made_once, sent_within
from sites.core.ratelimit import limit

from . import blocking, groups, moderation, notifications
from .accounts import why_cannot_post
from .language import in_language_of

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
