"""An optional picture with its words, for every kind of listing (organisations,
activities, places, events, groups): a Wagtail image, and alt text that is required as
soon as a picture is chosen, so nobody who cannot see it misses what it shows."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from .numbers import whole_number

ALT_TEXT_HELP = (
    "What the picture shows, for people who cannot see it, e.g. 'Six people walking "
    "along the river'. Required when there is a picture."
)
ALT_TEXT_REQUIRED = "Say what the picture shows, for people who cannot see it."


def check_alt_text(image, alt_text: str, field: str = "picture_alt_text") -> None:
    """Refuse a picture without words; also used by the branding's logo."""
    if image is not None and not (alt_text or "").strip():
        raise ValidationError({field: ALT_TEXT_REQUIRED})


def optional_image(help_text: str) -> models.ForeignKey:
    """A Wagtail image that may be left out (a listing's picture, the borough's logo)."""
    return models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


class PictureMixin(models.Model):
    picture = optional_image("Optional. A photo or drawing that shows what it is like.")
    picture_alt_text = models.CharField(
        "picture description", max_length=250, blank=True, help_text=ALT_TEXT_HELP
    )

    picture_panels = [
        MultiFieldPanel([FieldPanel("picture"), FieldPanel("picture_alt_text")], "Picture")
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        check_alt_text(self.picture, self.picture_alt_text)


class PictureChoiceField(forms.ModelChoiceField):
    """An image chooser's field that refuses a value which is not a picture in the
    library with a clear message, and shows the picture saved before instead of it.

    A browser only ever sends a picture's number, but a hand-made form can send anything
    ("abc"): Wagtail's chooser then looks it up to show it again, and fails.
    """

    default_error_messages = {
        "invalid_choice": gettext_lazy(
            "That picture is not in the image library. Choose the picture again."
        )
    }

    def bound_data(self, data, initial):
        if data in self.empty_values or whole_number(str(data)) is not None:
            return data
        return initial


class LogoSettingsForm(WagtailAdminModelForm):
    """The Branding settings form: its logo is a ``PictureChoiceField``."""

    class Meta:
        field_classes = {"logo": PictureChoiceField}
