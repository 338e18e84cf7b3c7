from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MemberProfile(models.Model):
    """What a member shares about themselves. No home address is ever asked for."""

    class MessagesFrom(models.TextChoices):
        NOBODY = "nobody", _("Nobody")
        GROUPS = "groups", _("People in my groups")
        GROUPS_AND_EVENTS = "groups-events", _("People in my groups, and people going to my events")

    class Visibility(models.TextChoices):
        MEMBERS = "members", _("Signed-in members")
        NOBODY = "nobody", _("Only me")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_profile"
    )
    display_name = models.CharField(
        max_length=60,
        help_text=_("The name other members see. It does not have to be your full name."),
    )
    # The name as a reader tells names apart (sites.core.text.name_key), unique in the
    # borough so that nobody can pass for someone else. Set only through
    # sites/community/services/names.py; empty (NULL) for an account whose name another
    # held first when the rule came in: they choose another when they next edit it.
    name_key = models.TextField(null=True, blank=True, editable=False)
    about = models.TextField(_("about me"), max_length=500, blank=True)
    interests = models.ManyToManyField("directory.Interest", blank=True, related_name="+")
    # Private by default: only signed-in members, and only what the member chose to show.
    profile_visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    show_about = models.BooleanField(default=True)
    show_interests = models.BooleanField(default=True)
    show_groups = models.BooleanField(default=False)
    show_in_group_member_lists = models.BooleanField(default=True)
    # Who may start a private conversation with me (sites/community/messaging/rules.py).
    messages_from = models.CharField(
        max_length=15, choices=MessagesFrom.choices, default=MessagesFrom.GROUPS
    )

    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    # When they ticked "I am 18 or older" at sign-up (the site is for adults). Empty for
    # members who joined before the box was asked: they are left as they are.
    adult_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_trusted = models.BooleanField(
        default=False, help_text=_("Trusted members' posts appear without waiting for a moderator.")
    )
    suspended_until = models.DateTimeField(null=True, blank=True)

    notify_replies = models.BooleanField(_("replies to my discussions"), default=True)
    notify_group_events = models.BooleanField(_("new events in my groups"), default=True)
    notify_moderation = models.BooleanField(_("decisions about my posts"), default=True)
    notify_join_requests = models.BooleanField(
        _("requests to join groups: answers to mine, and new ones for groups I organise"),
        default=True,
    )
    notify_messages = models.BooleanField(_("new private messages"), default=True)
    # The language of every email to the member (sites/community/services/language.py).
    language = models.CharField(
        _("language for emails"), max_length=10, default=settings.LANGUAGE_CODE
    )

    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["display_name"]
        constraints = [models.UniqueConstraint(fields=["name_key"], name="one_account_per_name")]

    def __str__(self):
        return self.display_name

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > timezone.now()


class HeldName(models.Model):
    """A name a member stopped using, kept from everyone else for a while
    (``services/names.py: NAME_HELD_FOR``), so that nobody can take it at once and pass
    for them with the people who knew them by it. Theirs to take back meanwhile; gone
    with their account."""

    name_key = models.TextField(unique=True)  # as MemberProfile.name_key
    held_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="held_names"
    )
    until = models.DateTimeField()

    def __str__(self):
        return f"{self.name_key} (held until {self.until:%Y-%m-%d})"


class Block(models.Model):
    """A member never sees, and is never contacted by, the members they block."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="no_blocking_yourself"
            ),
        ]

    def __str__(self):
        return f"{self.blocker} blocks {self.blocked}"
