"""The one form of private messages: what you write. Reports use the discussions' form."""

from django import forms
from django.core.exceptions import ValidationError

from sites.core.antispam import HumanCheckMixin

MAX_LENGTH = 2000


class MessageForm(HumanCheckMixin, forms.Form):
    body = forms.CharField(
        label="Your message",
        max_length=MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "Plain text. Web addresses become links. No pictures or files. Please never share "
            "your home address, bank details or passwords."
        ),
        error_messages={
            "required": "Write your message.",
            "max_length": f"Keep your message under {MAX_LENGTH} characters.",
        },
    )

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise ValidationError("Write your message.")
        return body.strip("\n").rstrip()
