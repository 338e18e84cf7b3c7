from django import forms
from django.utils.translation import gettext_lazy as _

from sites.core.antispam import HumanCheckMixin

from .selectors import parse_ref


class SaveForm(forms.Form):
    """The "Save to my list" / "Remove from my list" button on an item's page."""

    item = forms.CharField(max_length=30)
    action = forms.ChoiceField(choices=[("save", "save"), ("remove", "remove")])
    next = forms.CharField(max_length=500, required=False)

    def clean_item(self):
        ref = parse_ref(self.cleaned_data["item"])
        if ref is None:
            raise forms.ValidationError(_("We did not recognise that thing to save."))
        return ref


class EmailListForm(HumanCheckMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We send your list to this address once. We do not keep the address."),
        error_messages={
            "required": _("Type the email address to send your list to."),
            "invalid": _("Type an email address like name@example.com."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
