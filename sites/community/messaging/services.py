"""Writing private messages: start a conversation, send, read, and moderators' decisions.

- Any message that looks like it shares a phone number, an email address or a home
  address (``sites.core.personal_details.shares_contact_details``) is held for a
  moderator, whoever writes it, trusted or not.
- A message from a member who is not trusted is held for a moderator, every one of them,
  until a moderator trusts the member: the one rule posts and events follow
  (``moderation.new_post_status``), not a count of messages passed on. Held messages
  wait in the moderation queue; approving one delivers it.
- New conversations are limited per member per day; messages per ten minutes; and a
  member's messages waiting for a moderator at once (``MAX_WAITING``), so a new account
  cannot fill the moderation queue.
- A suspended member cannot send; their messages the other person has not read yet are
  no longer shown (``selectors.delivered``) until the suspension ends.
- Every decision is written to the moderation log (``ModerationAction``).

Nothing here logs a message's words.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from sites.community.models import Conversation, Message, ModerationAction, Report
from sites.community.models.discussions import ModeratedStatus
from sites.community.services import moderation
from sites.community.templatetags.community_tags import URL
from sites.core.once import SENT_AGAIN_WITHIN, made_once, sent_within
from sites.core.personal_details import shares_contact_details
from sites.core.ratelimit import limit

from . import notify, rules

Status = Message.Status
Held = Message.HeldBecause


class CannotWrite(Exception):
    """Why this message cannot be sent, in words to show the sender."""


MAX_WAITING = 5


def _check_waiting(sender) -> None:
    if Message.objects.filter(sender=sender, status=Status.HELD).count() >= MAX_WAITING:
        raise CannotWrite(
            gettext(
                "You have %(count)s messages waiting for a moderator. Please wait until they "
                "have been checked, then write again."
            )
            % {"count": MAX_WAITING}
        )


def _in_order(one, other):
    return (one, other) if one.pk < other.pk else (other, one)


def conversation_between(one, other) -> Conversation | None:
    first, second = _in_order(one, other)
    return Conversation.objects.filter(member_one=first, member_two=second).first()


def has_link(text: str) -> bool:
    """Does the text hold a web address (what plain_text would turn into a link)?"""
    return URL.search(text) is not None


def held_because(sender, conversation: Conversation, body: str) -> str:
    """Why this message waits for a moderator ("" if it goes straight through)."""
    if shares_contact_details(body):
        return Held.CONTACT
    if moderation.new_post_status(sender) == ModeratedStatus.VISIBLE:
        return Held.NONE
    if has_link(body):
        return Held.LINK
    if not conversation.messages.filter(sender=sender, status=Status.DELIVERED).exists():
        return Held.FIRST
    return Held.NEW  # not trusted yet: one message passed on does not make them trusted


def start_conversation(sender, recipient, body: str, *, borough=None) -> Message:
    """Write to someone for the first time (or add to the conversation we already have).
    Raises CannotWrite or RateLimited; nothing is created then."""
    conversation = conversation_between(sender, recipient) if recipient else None
    if conversation is not None:
        return send_message(sender, conversation, body, borough=borough)
    problem = rules.why_cannot_write(sender, recipient)
    if problem:
        raise CannotWrite(problem)
    if moderation.new_post_status(sender) != ModeratedStatus.VISIBLE or shares_contact_details(
        body
    ):
        _check_waiting(sender)  # a first message will wait: checked before anything is made
    limit("messages-new-conversation", sender.pk)
    first, second = _in_order(sender, recipient)
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                member_one=first, member_two=second, started_by=sender
            )
    except IntegrityError:  # started a moment ago, from another tab
        conversation = conversation_between(sender, recipient)
    return send_message(sender, conversation, body, borough=borough, counted=True)


def send_message(sender, conversation, body: str, *, borough=None, counted=False) -> Message:
    """Add a message to a conversation ``sender`` is in. Raises CannotWrite or RateLimited.
    The same message sent again (Send pressed twice) is the first one: nothing new."""
    if not conversation.includes(sender):
        raise CannotWrite(gettext("You are not in this conversation."))
    recipient = conversation.other(sender)
    problem = rules.why_cannot_write(sender, recipient, conversation=conversation)
    if problem:
        raise CannotWrite(problem)

    def make() -> Message:
        if not counted:
            limit("messages-message", sender.pk)
        because = held_because(sender, conversation, body)
        if because:
            _check_waiting(sender)
        now = timezone.now()
        message = Message.objects.create(
            conversation=conversation,
            sender=sender,
            body=body,
            status=Status.HELD if because else Status.DELIVERED,
            held_because=because,
            created_at=now,
        )
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
        return message

    same = Message.objects.filter(
        conversation=conversation,
        sender=sender,
        body=body,
        status__in=(Status.DELIVERED, Status.HELD),
    )
    message, made = made_once(
        ("message", sender.pk, conversation.pk), lambda: sent_within(same, SENT_AGAIN_WITHIN), make
    )
    if made and message.status == Status.DELIVERED:
        notify.tell_recipient(message, recipient, borough=borough)
    return message


def mark_read(user, conversation, now=None) -> int:
    """The messages ``user`` has now seen. Returns how many were new."""
    from .selectors import delivered

    return (
        delivered(conversation.messages.exclude(sender=user), user)
        .filter(read_at__isnull=True)
        .update(read_at=now or timezone.now())
    )


# --- Moderators ---------------------------------------------------------------------------


def report_message(reporter, message: Message, *, reason: str, details="", borough=None):
    """'Report this message': into the moderation queue (a safeguarding case when the
    reason is someone's safety). Raises ModerationError or RateLimited."""
    if message.sender_id is None or message.sender_id == reporter.pk:
        raise moderation.ModerationError(gettext("You cannot report this message."))
    return moderation.report_message(
        reporter, message, reason=reason, details=details, borough=borough
    )


def open_reported_conversation(moderator, report: Report) -> list[Message]:
    """A moderator opens the conversation of a reported message: allowed only through a
    report, and every opening goes into the moderation log."""
    moderation.require_message_moderator(moderator)
    message = report.message
    if message is None:
        return []
    conversation = message.conversation
    names = " and ".join(
        str(rules.display_name(member))
        for member in (conversation.member_one, conversation.member_two)
    )
    moderation.log_action(
        moderator,
        ModerationAction.Action.READ_MESSAGES,
        member=report.reported_member,
        report=report,
        message=message,
        note=f"The conversation between {names}.",
    )
    return list(
        conversation.messages.select_related("sender__member_profile").order_by("created_at", "pk")
    )


def _decide(moderator, message: Message, status: str, action: str, *, note="", report=None):
    moderation.require_message_moderator(moderator)
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        if locked.status == Status.ERASED:
            raise moderation.ModerationError(gettext("Its author deleted their account."))
        old = locked.status
        locked.status = status
        locked.save(update_fields=["status"])
        if report is not None and report.status == Report.Status.OPEN:
            report.status = Report.Status.CLOSED
            report.save(update_fields=["status"])
        moderation.log_action(
            moderator, action, member=locked.sender, message=locked, report=report, note=note
        )
    return old, locked


def approve_message(moderator, message: Message, *, note="", borough=None) -> Message:
    """Pass a held message on; the other member is emailed as for any new message."""
    if message.status != Status.HELD:
        raise moderation.ModerationError(gettext("This message is not waiting for a moderator."))
    # While it waited, the other member may have blocked the sender or chosen "Nobody".
    recipient = message.conversation.other(message.sender)
    if recipient is not None:
        recipient = rules.messageable_member(recipient.pk) or recipient  # as it is now
    if recipient is not None and rules.why_cannot_write(
        message.sender, recipient, conversation=message.conversation
    ):
        raise moderation.ModerationError(
            gettext(
                "The other member no longer takes messages from this member, so it cannot "
                "be passed on. Reject it instead."
            )
        )
    _, message = _decide(
        moderator, message, Status.DELIVERED, ModerationAction.Action.APPROVE, note=note
    )
    if recipient is not None:
        notify.tell_recipient(message, recipient, borough=borough)
    return message


def reject_message(moderator, message: Message, *, note="") -> Message:
    if message.status != Status.HELD:
        raise moderation.ModerationError(gettext("This message is not waiting for a moderator."))
    return _decide(moderator, message, Status.REJECTED, ModerationAction.Action.REJECT, note=note)[
        1
    ]


def hide_message(moderator, message: Message, *, note="", report=None) -> Message:
    """Take a reported message away: the other member sees "hidden by a moderator"."""
    return _decide(
        moderator, message, Status.HIDDEN, ModerationAction.Action.HIDE, note=note, report=report
    )[1]


def held_messages():
    return Message.objects.filter(status=Status.HELD).select_related(
        "sender__member_profile", "conversation"
    )
