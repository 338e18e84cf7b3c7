"""The one form of private messages: what you write. Reports use the discussions' form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from sites.core.antispam import HumanCheckMixin
from sites.core.text import without_invisible

MAX_LENGTH = 2000


class MessageForm(HumanCheckMixin, forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your message"),
        max_length=MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
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
        body = without_invisible(self.cleaned_data["body"])  # a bell, an escape, an override
        if not body.strip():
            raise ValidationError(gettext_lazy("Write your message."))
        return body.strip("\n").rstrip()
