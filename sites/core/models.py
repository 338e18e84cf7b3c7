"""Settings and mixins shared by every page family of a borough site."""

from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from .blocks import FooterLinkBlock
from .colours import validate_colour_behind_dark_text, validate_colour_behind_white_text
from .numbers import validate_phone_number
from .pictures import LogoSettingsForm, check_alt_text, optional_image


@register_setting(icon="image")
class BrandingSettings(BaseSiteSetting):
    """The borough's name, logo, colours and contact details, edited by Borough admins."""

    site_name = models.CharField(
        max_length=100,
        help_text="Shown at the top of every page: 'Connect & Do' and the borough's name.",
    )
    logo = optional_image(
        "Optional. An SVG or PNG, shown beside the name at the top of every page."
    )
    logo_alt_text = models.CharField(
        "logo description",
        max_length=200,
        blank=True,
        help_text="What the logo says or shows, e.g. 'Connect & Do'. Required with a logo.",
    )
    primary_colour = models.CharField(
        max_length=7,
        default="#1d4f91",
        validators=[validate_colour_behind_white_text],
        help_text="Header and buttons, behind white text. Must be dark enough to read.",
    )
    highlight_colour = models.CharField(
        max_length=7,
        default="#ffdd00",
        validators=[validate_colour_behind_dark_text],
        help_text="Keyboard focus and highlights, behind dark text. Must be light enough.",
    )
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True, validators=[validate_phone_number])
    contact_hours = models.CharField(
        max_length=200,
        blank=True,
        help_text="When people can call, e.g. 'Monday to Friday, 9am to 5pm'.",
    )
    office_address = models.TextField(
        blank=True, help_text="The team's office, if people can visit. Never a home address."
    )
    footer_links = StreamField([("link", FooterLinkBlock())], blank=True)

    base_form_class = LogoSettingsForm

    panels = [
        FieldPanel("site_name"),
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("logo_alt_text")], "Logo"),
        MultiFieldPanel([FieldPanel("primary_colour"), FieldPanel("highlight_colour")], "Colours"),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_hours"),
                FieldPanel("office_address"),
            ],
            "Contact details",
        ),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = "Branding"

    def __str__(self):
        return self.site_name

    def clean(self):
        super().clean()
        check_alt_text(self.logo, self.logo_alt_text, "logo_alt_text")


class RateCount(models.Model):
    """A rate limit's count while Redis is out (sites/core/ratelimit.py), in the borough's
    own schema. ``key`` is the hashed key Redis would hold; rows expire with the period."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.count}"
