"""What a member sees of their conversations. Only the two members of a conversation
ever see it on the site; moderators only through a report (``admin_views.py``)."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.community.models import Conversation, MemberProfile, Message
from sites.community.services import blocking

from . import rules

Status = Message.Status


def _suspended_now() -> Q:
    """Messages whose sender is paused right now."""
    return Q(
        sender__member_profile__suspended_until__gt=timezone.now(),
    )


def delivered(messages, reader):
    """Of ``messages`` (written by the other member), those ``reader`` receives: delivered,
    and not (while unread) from a member who is suspended now."""
    return messages.filter(status=Status.DELIVERED).exclude(
        _suspended_now() & Q(read_at__isnull=True)
    )


def _seen_by(user) -> Q:
    """Messages ``user`` sees the words or a notice of."""
    received = Q(status__in=[Status.DELIVERED, Status.HIDDEN, Status.ERASED]) & ~Q(sender=user)
    return Q(sender=user) | received


def conversations_of(user):
    """Conversations ``user`` is in and can see something of (a message from a new member
    waiting for a moderator is not yet seen by the person it is to)."""
    visible = Message.objects.filter(_seen_by(user), conversation=OuterRef("pk"))
    return Conversation.objects.filter(
        Q(member_one=user) | Q(member_two=user), Exists(visible)
    ).select_related("member_one__member_profile", "member_two__member_profile")


def conversation_for(user, conversation_id) -> Conversation | None:
    """The conversation, if ``user`` is in it and can see it; None (so: not found) otherwise."""
    if not getattr(user, "is_authenticated", False):
        return None
    return conversations_of(user).filter(pk=conversation_id).first()


def unread_count(user, conversation) -> int:
    return (
        delivered(conversation.messages.exclude(sender=user), user)
        .filter(read_at__isnull=True)
        .count()
    )


@dataclass
class ConversationSummary:
    conversation: Conversation
    other_name: str
    shared: str
    unread: int


def my_conversations(user, limit: int | None = None) -> list[ConversationSummary]:
    """My conversations, latest first, each with what the two of us share."""
    conversations = conversations_of(user).order_by("-last_message_at", "-pk")
    unread = delivered(Message.objects.exclude(sender=user), user).filter(read_at__isnull=True)
    counts = dict(
        unread.filter(conversation__in=conversations.values("pk"))
        .values("conversation")
        .annotate(n=Count("pk"))
        .values_list("conversation", "n")
    )
    summaries = []
    for conversation in conversations[:limit] if limit else conversations:
        other = conversation.other(user)
        summaries.append(
            ConversationSummary(
                conversation,
                rules.display_name(other),
                rules.shared_context(user, other).in_words() if other else "",
                counts.get(conversation.pk, 0),
            )
        )
    return summaries


@dataclass
class MessageView:
    """What one reader sees of one message."""

    message: Message
    author_name: str
    mine: bool
    show_body: bool
    notice: str = ""
    blocked: bool = False  # hidden because the viewer blocked its author

    @property
    def can_report(self) -> bool:
        # A member who blocks someone in fear can still report what they sent.
        visible = self.show_body or self.blocked
        return not self.mine and visible and self.message.sender_id is not None

    @property
    def is_new(self) -> bool:
        return not self.mine and self.message.read_at is None


def messages_for(user, conversation) -> list[MessageView]:
    """The conversation as ``user`` sees it, oldest first (newest last)."""
    other = conversation.other(user)
    other_name = rules.display_name(other)
    i_blocked = other is not None and blocking.has_blocked(user, other)
    profile = MemberProfile.objects.filter(user=other).first() if other else None
    paused = profile is not None and profile.is_suspended
    views = []
    messages = conversation.messages.select_related("sender").order_by("created_at", "pk")
    for message in messages:
        if message.sender_id == user.pk:
            views.append(
                MessageView(message, _("You"), True, True, _my_notice(message, other_name))
            )
            continue
        if message.status == Status.ERASED or other is None:
            notice = _("This message was deleted with its author's account.")
            views.append(MessageView(message, rules.DELETED_MEMBER, False, False, notice))
        elif message.status == Status.HIDDEN:
            notice = _("This message was hidden by a moderator.")
            views.append(MessageView(message, other_name, False, False, notice))
        elif message.status != Status.DELIVERED or (paused and message.read_at is None):
            continue
        elif i_blocked:
            notice = _("You blocked this member, so their message is hidden.")
            views.append(MessageView(message, other_name, False, False, notice, blocked=True))
        else:
            views.append(MessageView(message, other_name, False, True))
    return views


def _my_notice(message: Message, other_name: str) -> str:
    if message.status == Status.HELD:
        return _(
            "Waiting for a moderator. %(other_name)s will see it once a moderator has "
            "checked it. We check new members' first messages, and web addresses, to keep "
            "everyone safe."
        ) % {"other_name": other_name}
    if message.status == Status.REJECTED:
        return _("A moderator did not pass this message on. %(other_name)s has not seen it.") % {
            "other_name": other_name
        }
    if message.status == Status.HIDDEN:
        return _("A moderator has hidden this message.")
    return ""


# --- Links from other pages (My page, profiles) -----------------------------------------


def my_page_conversations(user, limit: int = 10) -> list[ConversationSummary] | None:
    """My page's latest conversations; None while the borough has messages switched off."""
    if not rules.messaging_enabled():
        return None
    return my_conversations(user, limit)


def write_to_url(viewer, profile: MemberProfile) -> str | None:
    """The "Send a message" link on a profile: only when messages are on and the two
    share a group or an event. It does not depend on the other member's setting or blocks
    (the page behind it answers the same either way)."""
    from django.urls import reverse

    if profile.user_id == viewer.pk or not rules.messaging_enabled():
        return None
    if not rules.shared_context(viewer, profile.user):
        return None
    return reverse("messaging:new", args=[profile.pk])
