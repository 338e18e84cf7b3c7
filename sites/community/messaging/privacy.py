"""A member's private messages in their data export, and erased with their account."""

from django.db.models import Q

from sites.community.models import Conversation, Message

from . import rules, selectors


def _when(value):
    return value.isoformat() if value else None


def export_messages(user) -> list[dict]:
    """Each conversation as the member sees it: their own messages, and what they received."""
    data = []
    for conversation in selectors.conversations_of(user).order_by("created_at", "pk"):
        other = conversation.other(user)
        data.append(
            {
                "with": rules.display_name(other),
                "started": _when(conversation.created_at),
                "messages": [
                    {
                        "from": "me" if view.mine else view.author_name,
                        "text": view.message.body if view.show_body else "",
                        "note": view.notice,
                        "sent": _when(view.message.created_at),
                        # When I read what I received; never when they read mine.
                        "read": None if view.mine else _when(view.message.read_at),
                    }
                    for view in selectors.messages_for(user, conversation)
                ],
            }
        )
    return data


def erase_messages(user) -> None:
    """Within the account's erasure: clear the words of every message ``user`` wrote (the
    other member sees "deleted with its author's account" and "a deleted member"), and
    remove conversations nobody is left in. Deleting the user empties their side."""
    # What the other member never had (held, or not passed on) goes without a trace.
    never_delivered = [Message.Status.HELD, Message.Status.REJECTED]
    Message.objects.filter(sender=user, status__in=never_delivered).delete()
    Message.objects.filter(sender=user).update(body="", status=Message.Status.ERASED)
    mine = Q(member_one=user) | Q(member_two=user)
    alone = Q(member_one__isnull=True) | Q(member_two__isnull=True)
    Conversation.objects.filter(mine & alone).delete()
