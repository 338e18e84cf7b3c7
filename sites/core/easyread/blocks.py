"""An Easy Read text is a list of points: a few short sentences, one per line, and a
picture (a Wagtail image) with words saying what it shows."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from sites.core.pictures import ALT_TEXT_HELP, ALT_TEXT_REQUIRED

# UK Easy Read guidance: about 15 words a sentence at most (advice.py warns past it).
MAX_WORDS = 15


class EasyReadPointValue(blocks.StructValue):
    def lines(self) -> list[str]:
        """One idea a line: each non-empty line of the words, as the editor wrote it."""
        return [line.strip() for line in (self.get("text") or "").splitlines() if line.strip()]


class EasyReadPointBlock(blocks.StructBlock):
    text = blocks.TextBlock(
        label=_("Words"),
        max_length=400,
        help_text=_(
            "One idea. Put each sentence on its own line and use 15 words or fewer in "
            "each. Use everyday words."
        ),
    )
    picture = ImageChooserBlock(
        required=False,
        label=_("Picture"),
        help_text=_("A clear photo or drawing that shows the idea. It goes on the left."),
    )
    alt_text = blocks.CharBlock(
        required=False, max_length=250, label=_("Picture description"), help_text=ALT_TEXT_HELP
    )

    class Meta:
        icon = "pick"
        label = _("Point")
        value_class = EasyReadPointValue

    def clean(self, value):
        cleaned = super().clean(value)
        # Like every picture on the site: none without words for those who cannot see it.
        if cleaned.get("picture") and not (cleaned.get("alt_text") or "").strip():
            raise blocks.StructBlockValidationError(
                block_errors={"alt_text": ValidationError(ALT_TEXT_REQUIRED)}
            )
        return cleaned


class EasyReadBlock(blocks.StreamBlock):
    point = EasyReadPointBlock()

    class Meta:
        block_counts = {"point": {"max_num": 30}}
