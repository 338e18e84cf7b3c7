"""A member's list of things they would like to try. A visitor without an account keeps
theirs in the session instead (services.py); both hold only references to items."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SavedItem(models.Model):
    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("Activity")
        PLACE = "place", _("Place")
        EVENT = "event", _("Event")
        GROUP = "group", _("Group")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_items"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # A page id (activity, place) or a row id (event, group); an item since removed or
    # made private is simply left out when the list is shown.
    object_id = models.PositiveIntegerField()
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["saved_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind", "object_id"], name="one_saved_item_per_thing"
            )
        ]

    def __str__(self):
        return f"{self.member} saved {self.kind} {self.object_id}"

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.object_id}"
