from django.db import models


class OrganisationJoinRequest(models.Model):
    """An organisation asking, from the public site, to list itself. Editors decide."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an Editor"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    organisation_name = models.CharField(max_length=120)
    summary = models.CharField(max_length=250, help_text="What the organisation does.")
    website = models.URLField(blank=True)
    charity_number = models.CharField(max_length=20, blank=True)
    contact_name = models.CharField(max_length=100)
    contact_email = models.EmailField()
    contact_phone = models.CharField(max_length=30, blank=True)
    # The language of the page they asked on: every email to the contact is written in it
    # (blank for requests from before it was kept: the borough's language).
    language = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(blank=True)
    organisation_page = models.ForeignKey(
        "directory.OrganisationPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["status", "created_at"]

    def __str__(self):
        return self.organisation_name
