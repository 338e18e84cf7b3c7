"""The one form of private messages: what you write. Reports use the discussions' form."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from sites.community.kept_words import KeepsWordsMixin
from sites.core.antispam import HumanCheckMixin
from sites.core.text import without_invisible
from sites.core.text_fields import LongTextField

MAX_LENGTH = 2000


class MessageForm(KeepsWordsMixin, HumanCheckMixin, forms.Form):
    body = LongTextField(
        label=gettext_lazy("Your message"),
        max_length=MAX_LENGTH,
        strip=False,
        rows=5,
        help_text=(
            gettext_lazy(
                "Plain text. Web addresses become links. No pictures or files. Please never share "
                "your home address, bank details or passwords."
            )
        ),
        error_messages={
            "required": gettext_lazy("Write your message."),
            "max_length": format_lazy(
                gettext_lazy("Keep your message under {count} characters."), count=MAX_LENGTH
            ),
        },
    )

    def clean_body(self):
        # A bell, an escape, an override out; LongTextField refuses a text with nothing to see.
        return without_invisible(self.cleaned_data["body"]).strip("\n").rstrip()
