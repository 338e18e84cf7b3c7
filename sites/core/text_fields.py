"""The one form field for words people type into public forms.

- Line breaks are counted as the browser counts them, one character each: a browser sends
  "\\r\\n" for each, and its ``maxlength`` lets through text that would otherwise be
  refused as too long.
- A required field needs a character a reader can see: a right-to-left mark, zero-width
  or non-breaking spaces alone look empty, so they get the field's "required" message.

``TextField`` is one line; ``LongTextField`` is a box of several lines.
"""

from django import forms
from django.core.exceptions import ValidationError

from .text import has_visible_character, one_kind_of_line_break


class TextField(forms.CharField):
    def to_python(self, value):
        if isinstance(value, str):
            value = one_kind_of_line_break(value)
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if self.required and not has_visible_character(value):
            raise ValidationError(self.error_messages["required"], code="required")


class LongTextField(TextField):
    def __init__(self, *, rows: int = 5, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(**kwargs)
