"""Forms for discussions, reports and blocking, in plain words."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from sites.community.kept_words import KeepsWordsMixin
from sites.community.models import Report, Topic
from sites.core.antispam import HumanCheckMixin
from sites.core.text import has_letter_or_number, has_visible_character, one_line
from sites.core.text_fields import LongTextField

BODY_HINT = gettext_lazy("Plain text. Web addresses become links. Please be kind.")


def _clean_text(value: str) -> str:
    return value.strip("\n").rstrip()  # LongTextField refuses a text with nothing to see


class PostForm(KeepsWordsMixin, HumanCheckMixin, forms.Form):
    body = LongTextField(
        label=gettext_lazy("Your reply"),
        max_length=5000,
        strip=False,
        rows=6,
        help_text=BODY_HINT,
        error_messages={"required": gettext_lazy("Write your reply.")},
    )

    def clean_body(self):
        return _clean_text(self.cleaned_data["body"])


class EditPostForm(PostForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = gettext_lazy("Your post")
        self.fields["body"].error_messages["required"] = gettext_lazy("Write your post.")


class NewThreadForm(KeepsWordsMixin, HumanCheckMixin, forms.Form):
    topic = forms.ModelChoiceField(
        label=gettext_lazy("Topic"),
        queryset=Topic.objects.all(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose a topic.")},
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=150,
        help_text=gettext_lazy(
            "A short question or subject, for example “Where can I learn to paint?”"
        ),
        error_messages={"required": gettext_lazy("Give your discussion a title.")},
    )
    body = LongTextField(
        label=gettext_lazy("What you want to say"),
        max_length=5000,
        strip=False,
        rows=8,
        help_text=BODY_HINT,
        error_messages={"required": gettext_lazy("Write what you want to say.")},
    )

    def __init__(self, *args, with_topic: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_topic:
            del self.fields["topic"]
        # Honeypot and timestamp stay last.
        order = [name for name in ("topic", "title", "body") if name in self.fields]
        self.order_fields(order)

    def clean_title(self):
        title = one_line(self.cleaned_data["title"])
        if not has_letter_or_number(title):
            raise ValidationError(gettext_lazy("Give your discussion a title."))
        return title

    def clean_body(self):
        return _clean_text(self.cleaned_data["body"])


class ReportForm(HumanCheckMixin, forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("What is wrong?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose what is wrong.")},
    )
    details = LongTextField(
        label=gettext_lazy("Tell us more"),
        max_length=2000,
        required=False,
        rows=5,
        help_text=gettext_lazy(
            "Anything that helps a moderator understand. Only moderators read this."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == Report.Reason.OTHER and not has_visible_character(
            cleaned.get("details", "")
        ):
            self.add_error("details", gettext_lazy("Tell us what is wrong."))
        return cleaned
