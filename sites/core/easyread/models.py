"""The Easy Read field of a page or listing, edited in its own "Easy Read" admin tab."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.fields import StreamField
from wagtail.utils.decorators import cached_classmethod

from .blocks import EasyReadBlock

EASY_READ_HELP = _(
    "Optional. Shown instead of the usual text to visitors who turn Easy Read on. "
    "Short points, one idea each, with a picture beside each point. "
    "Leave empty and they see the usual text."
)

SIMPLE_WORDS_HELP = _(
    "Optional. A short Easy Read summary, shown above the usual details to visitors who "
    "turn Easy Read on: what it is, who it is for, what happens there. One idea a point, "
    "with a picture beside each."
)


EASY_READ_VERSION = _("Easy Read version")


def easy_read_field(verbose_name=EASY_READ_VERSION, help_text=EASY_READ_HELP):
    return StreamField(EasyReadBlock(), blank=True, verbose_name=verbose_name, help_text=help_text)


class EasyReadMixin(models.Model):
    """A key page's Easy Read version, or a listing's "In simple words" summary."""

    easy_read = easy_read_field()
    easy_read_panels = [FieldPanel("easy_read")]

    class Meta:
        abstract = True


class SimpleWordsMixin(EasyReadMixin):
    """A listing's optional summary: shown above its usual details (which stay)."""

    easy_read = easy_read_field(_("In simple words"), SIMPLE_WORDS_HELP)

    class Meta:
        abstract = True


class EasyReadPageMixin(EasyReadMixin):
    """For page types: Wagtail's usual tabs plus "Easy Read" (put it before Page)."""

    class Meta:
        abstract = True

    @cached_classmethod
    def get_edit_handler(cls):
        tabs = [
            ObjectList(panels, heading=heading)
            for panels, heading in (
                (cls.content_panels, _("Content")),
                (cls.promote_panels, _("Promote")),
                (cls.settings_panels, _("Settings")),
                (cls.easy_read_panels, _("Easy Read")),
            )
            if panels
        ]
        return TabbedInterface(tabs, base_form_class=cls.base_form_class).bind_to_model(cls)


class SimpleWordsPageMixin(EasyReadPageMixin):
    easy_read = easy_read_field(_("In simple words"), SIMPLE_WORDS_HELP)

    class Meta:
        abstract = True
