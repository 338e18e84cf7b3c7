"""The public "List your organisation" form."""

import time

from django import forms
from django.core import signing

SALT = "sites.directory.list-your-organisation"
# Nobody reads this form, fills in six boxes and presses Send in under five seconds.
MIN_SECONDS_TO_FILL_IN = 5
FORM_LIFETIME_SECONDS = 24 * 60 * 60

NOT_SENT = (
    "Sorry, we could not send your request. Check your answers, wait a few seconds, "
    "then press “Send request” again."
)
EXPIRED = "This form was open for a long time. Please press “Send request” again."


def started_token(at: float | None = None) -> str:
    """A signed note of when the form was shown."""
    return signing.dumps({"at": time.time() if at is None else at}, salt=SALT)


class JoinRequestForm(forms.Form):
    organisation_name = forms.CharField(
        label="Name of your organisation or group",
        max_length=120,
        error_messages={"required": "Enter the name of your organisation or group."},
    )
    summary = forms.CharField(
        label="What does it do?",
        max_length=250,
        help_text="One or two plain sentences, for example “A walking group for people "
        "over 50 in Brixton”.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Tell us in a sentence what your organisation does.",
            "max_length": "Use 250 characters or fewer.",
        },
    )
    website = forms.URLField(
        label="Website",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address like https://example.org."},
    )
    charity_number = forms.CharField(
        label="Registered charity number",
        max_length=20,
        required=False,
        help_text="If you are a registered charity.",
    )
    contact_name = forms.CharField(
        label="Your name",
        max_length=100,
        error_messages={"required": "Enter your name."},
    )
    contact_email = forms.EmailField(
        label="Your email address",
        help_text="We write to you here, and it becomes your sign-in to update the listing. "
        "We do not show it on the site.",
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@example.org.",
        },
    )
    contact_phone = forms.CharField(
        label="Your phone number",
        max_length=30,
        required=False,
        help_text="In case we need to talk. We do not show it on the site.",
    )
    # People never see this box (it is in a hidden block); form-filling robots fill it in.
    homepage = forms.CharField(label="Leave this empty", required=False)
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        autocomplete = {
            "organisation_name": "organization",
            "website": "url",
            "contact_name": "name",
            "contact_email": "email",
            "contact_phone": "tel",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["homepage"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def _started_at(self) -> float | None:
        """When the form was shown; raises SignatureExpired if that was too long ago."""
        token = self.data.get("started", "") if self.is_bound else ""
        try:
            value = signing.loads(token, salt=SALT, max_age=FORM_LIFETIME_SECONDS)
        except signing.SignatureExpired:
            raise
        except signing.BadSignature:
            return None
        started = value.get("at") if isinstance(value, dict) else None
        return float(started) if isinstance(started, int | float) else None

    def started_token(self) -> str:
        """Keep the first token across corrections, so a quick fix is not 'too fast'."""
        try:
            started = self._started_at()
        except signing.SignatureExpired:
            started = None
        return self.data["started"] if started is not None else started_token()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("homepage"):
            raise forms.ValidationError(NOT_SENT, code="robot")
        try:
            started = self._started_at()
        except signing.SignatureExpired:
            raise forms.ValidationError(EXPIRED, code="expired") from None
        if started is None or time.time() - started < MIN_SECONDS_TO_FILL_IN:
            raise forms.ValidationError(NOT_SENT, code="too-fast")
        return cleaned

    def service_arguments(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in (
                "organisation_name",
                "summary",
                "website",
                "charity_number",
                "contact_name",
                "contact_email",
                "contact_phone",
            )
        }
