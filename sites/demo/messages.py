"""Demo conversations for ``seed_demo``: the demo member writes with a few people who share
a group with them. Idempotent (a pair that has a conversation is left alone), written with
the factories (no email), the same every run."""

import datetime

from django.utils import timezone

from sites.community.messaging.rules import shared_groups
from sites.community.messaging.services import conversation_between
from sites.community.models import Message

# (what the demo member says, what the other person answers)
DEMO_CONVERSATIONS = [
    (
        "Hello! It was lovely to meet you at the group. Are you coming again next week?",
        "Hello Sam! Yes, I will be there. Shall we meet at the gates a bit before?",
    ),
    (
        "Thank you for the tip about the library. I went on Thursday and loved it.",
        "I'm so glad. See you at the next meeting.",
    ),
    (
        "Would you like to walk together on Sunday? I go at a slow pace.",
        "That sounds nice. Let's see how the weather is.",
    ),
]


def seed_conversations(members: dict, demo_member_name: str, *, now=None) -> int:
    """A few conversations between the demo member and members of their groups.
    Returns how many were added."""
    from sites.community.messaging.factories import ConversationFactory, MessageFactory

    now = now or timezone.now()
    demo_member = members[demo_member_name]
    others = [
        user
        for name, user in sorted(members.items())
        if name != demo_member_name and shared_groups(demo_member, user)
    ]
    added = 0
    for index, (other, (said, answer)) in enumerate(zip(others, DEMO_CONVERSATIONS, strict=False)):
        if conversation_between(demo_member, other) is not None:
            continue
        started = now - datetime.timedelta(days=index + 1, hours=3)
        conversation = ConversationFactory(
            member_one=demo_member,
            member_two=other,
            started_by=demo_member,
            created_at=started,
            last_message_at=started + datetime.timedelta(hours=2),
        )
        MessageFactory(
            conversation=conversation,
            sender=demo_member,
            body=said,
            created_at=started,
            read_at=started + datetime.timedelta(hours=1),
        )
        # The last one is not read yet, so "new" shows on the demo member's pages.
        MessageFactory(
            conversation=conversation,
            sender=other,
            body=answer,
            created_at=started + datetime.timedelta(hours=2),
            read_at=None if index == 0 else started + datetime.timedelta(hours=3),
            status=Message.Status.DELIVERED,
        )
        added += 1
    return added
