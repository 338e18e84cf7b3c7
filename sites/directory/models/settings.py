from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="time")
class DirectorySettings(BaseSiteSetting):
    """How long a listing stays trusted without being checked, per borough."""

    reminder_after_months = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text="Ask organisations to check a listing after this many months.",
    )
    hide_after_months = models.PositiveSmallIntegerField(
        default=9,
        validators=[MinValueValidator(2), MaxValueValidator(48)],
        help_text="Hide a listing from the public after this many months unchecked. "
        "Nothing is deleted.",
    )
    editors_email = models.EmailField(
        blank=True, help_text="Reports about listings go here as well as to every Editor."
    )

    panels = [
        FieldPanel("reminder_after_months"),
        FieldPanel("hide_after_months"),
        FieldPanel("editors_email"),
    ]

    class Meta:
        verbose_name = "Directory"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.hide_after_months <= self.reminder_after_months:
            raise ValidationError(
                {"hide_after_months": "Hide listings later than you send the reminder."}
            )
