"""The borough register, kept in the public schema."""

from django_tenants.models import DomainMixin, TenantMixin

from django.db import models
from django.utils import timezone

from .validators import validate_borough_slug


class Borough(TenantMixin):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        LIVE = "live", "Live"
        RETIRING = "retiring", "Retiring"
        ARCHIVED = "archived", "Archived"

    # Served by host and given background tasks; a retiring borough takes neither, so
    # nothing new is written between its export and the drop of its schema.
    OPEN_STATUSES = (Status.DRAFT, Status.LIVE)

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=40, unique=True, validators=[validate_borough_slug])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    theme = models.CharField(max_length=50, default="default")
    default_language = models.CharField(max_length=10, default="en-gb")
    contact_email = models.EmailField(
        help_text="The Community Connecting team's address; replies to borough emails go here."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    launched_at = models.DateTimeField(null=True, blank=True)

    # Schemas are created and dropped by tenants.services, step by step, never by save().
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.LIVE

    @property
    def primary_host(self) -> str | None:
        domain = self.get_primary_domain()
        return domain.domain if domain else None


class Domain(DomainMixin):
    class Meta:
        ordering = ["domain"]

    def __str__(self):
        return self.domain


class TemplateScript(models.Model):
    """The template schema as SQL, for making new borough schemas (tenants/template_script.py).

    One row per template; ``fingerprint`` is the template's migration digest when it was taken.
    """

    template = models.CharField(max_length=63, unique=True)
    fingerprint = models.CharField(max_length=64)
    script = models.TextField()
    taken_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.template} script ({self.fingerprint[:8]})"
