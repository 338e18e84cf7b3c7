from django import forms
from django.utils.translation import gettext_lazy as _

from .codes import DEFAULT, platform_languages


def _choices():
    return [
        (
            lang.code,
            f"{lang.name} ({lang.english_name})" if lang.name != lang.english_name else lang.name,
        )
        for lang in platform_languages()
        if lang.code != DEFAULT
    ]


class LanguagesForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Languages besides English"),
        help_text=_(
            "English is always offered. Pages in another language are at their own "
            "address (for example /pl/ for Polski)."
        ),
        choices=_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class SiteLanguageCheckboxes(forms.CheckboxSelectMultiple):
    """Tick boxes whose choices the borough's team named once, in English (interests):
    the form templates mark their labels with ``{% site_lang %}``, so a screen reader
    reads them as English on a page in another language."""

    choices_in_site_language = True
