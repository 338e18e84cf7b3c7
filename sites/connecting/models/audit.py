"""Who opened or changed which participant record or referral, and when, and who was
refused one.

An entry names the record and the referral by id only (no name, no content), so the log
itself holds no personal details and outlives them: erasing a person keeps the entries
that say who opened their record and that it was erased. A referral with no record yet
has entries with its ``referral_id`` only; a refused attempt names the id asked for
(which may not exist).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ParticipantAuditEntry(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", "Opened"
        ADD = "add", "Added"
        CHANGE = "change", "Changed"
        DELETE = "delete", "Deleted"
        EXPORT = "export", "Exported"
        ERASE = "erase", "Erased"
        ANONYMISE = "anonymise", "Anonymised"
        LINK = "link", "Questionnaire link made"
        ANSWERED = "answered", "Questionnaire answered through a link"
        REFUSED = "refused", "Refused"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as written, so the entry still says who after the account is gone.
    username = models.CharField(max_length=150, blank=True)
    participant_id = models.PositiveBigIntegerField(db_index=True, null=True, blank=True)
    referral_id = models.PositiveBigIntegerField(db_index=True, null=True, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    # Which part, by kind and id ("contact 12"), never its content.
    detail = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "participant audit entries"

    def __str__(self):
        what = (
            f"participant {self.participant_id}"
            if self.participant_id is not None
            else f"referral {self.referral_id}"
        )
        return f"{self.username or 'system'} {self.action} {what}"
