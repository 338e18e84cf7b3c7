"""Private messages: one-to-one conversations between members (sites/community/messaging/).

Never indexed for search, never in the API: these models are not ``index.Indexed``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy


class Conversation(models.Model):
    """Two members writing to each other. ``member_one`` has the lower user id, so a
    pair has one conversation; an erased member's side becomes empty ("a deleted member")."""

    member_one = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    member_two = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(default=timezone.now)
    # When each side was last emailed about a new message: at most one email an hour.
    one_emailed_at = models.DateTimeField(null=True, blank=True)
    two_emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member_one", "member_two"], name="one_conversation_per_pair"
            ),
            models.CheckConstraint(
                condition=models.Q(member_one__lt=models.F("member_two")),
                name="conversation_members_in_order",
            ),
        ]

    def __str__(self):
        return f"Conversation {self.pk}"

    def includes(self, user) -> bool:
        return user is not None and user.pk in (self.member_one_id, self.member_two_id)

    def other(self, user):
        """The other member (None when their account was erased)."""
        return self.member_two if user.pk == self.member_one_id else self.member_one


class Message(models.Model):
    """Plain text only: stored as typed, escaped on output with the discussions' safe links."""

    class Status(models.TextChoices):
        DELIVERED = "delivered", gettext_lazy("Delivered")
        HELD = "held", gettext_lazy("Waiting for a moderator")
        REJECTED = "rejected", gettext_lazy("Not passed on by a moderator")
        HIDDEN = "hidden", gettext_lazy("Hidden by a moderator")
        ERASED = "erased", gettext_lazy("Deleted with its author's account")

    class HeldBecause(models.TextChoices):
        NONE = "", gettext_lazy("Not held")
        FIRST = "first", gettext_lazy("A new member's first message to this person")
        LINK = "link", gettext_lazy("A web address from a new member")
        NEW = "new", gettext_lazy("A message from a member who is not trusted yet")
        CONTACT = (
            "contact",
            gettext_lazy("It may share a phone number, an email address or a home address"),
        )

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DELIVERED)
    held_because = models.CharField(
        max_length=10, choices=HeldBecause.choices, default=HeldBecause.NONE, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When the other member first saw it.
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["conversation", "status"], name="message_conv_status")]

    def __str__(self):
        return f"Message {self.pk} in conversation {self.conversation_id}"
