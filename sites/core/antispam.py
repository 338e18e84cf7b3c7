"""A quiet check that a person, not a spam robot, filled in a public form.

    class ProposeGroupForm(HumanCheckMixin, forms.Form):
        ...

The mixin adds two fields:

- a honeypot: a text box labelled "Leave this empty", hidden from sight (people using
  a screen reader hear its label), never auto-filled and skipped by the Tab key. Robots
  fill in every box they find;
- a signed timestamp of when the form was shown. A person needs a few seconds to read
  and fill in a form (``human_check_min_seconds``); a form kept open longer than
  ``human_check_max_age`` is refused too, so an old token cannot be replayed for ever.

A form that has a real field called ``website`` names its honeypot otherwise
(``human_check_honeypot = "homepage"``).

Either failure is a polite non-field error, so ``is_valid()`` is False and the view
creates nothing. The timestamp is renewed when the check fails, so pressing the button
again works. ``includes/form.html`` renders the timestamp as a hidden input and the
honeypot inside a visually hidden block.

Tests (and other engineers' tests) post ``human_check_data()`` with their form data.
"""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"
STARTED_FIELD = "form_started"
SALT = "connectdo.antispam.form-started"

MIN_SECONDS = 3
MAX_AGE_SECONDS = 2 * 60 * 60

HONEYPOT_MESSAGE = _(
    "Sorry, we could not send this form. Please leave the box called "
    "“Leave this empty” empty, then press the button again."
)
TOO_FAST_MESSAGE = _("That was very quick. Please check your answers, then press the button again.")
TOO_OLD_MESSAGE = _(
    "This page was open for a long time. Please check your answers, then press the button again."
)


def started_token(now: float | None = None) -> str:
    return signing.dumps(now if now is not None else time.time(), salt=SALT)


def human_check_data(seconds_ago: float = 10) -> dict:
    """Form data as a person would send it: honeypot empty, started ``seconds_ago``."""
    return {HONEYPOT_FIELD: "", STARTED_FIELD: started_token(time.time() - seconds_ago)}


class HoneypotInput(forms.TextInput):
    def __init__(self):
        super().__init__(attrs={"autocomplete": "off", "tabindex": "-1"})


class HumanCheckMixin:
    """Put it first: ``class MyForm(HumanCheckMixin, forms.Form)``."""

    human_check_min_seconds: float = MIN_SECONDS
    human_check_max_age: float = MAX_AGE_SECONDS
    human_check_honeypot: str = HONEYPOT_FIELD

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        honeypot = forms.CharField(
            label=gettext("Leave this empty"), required=False, widget=HoneypotInput()
        )
        honeypot.is_honeypot = True  # includes/form.html hides its block from sight
        self.fields[self.human_check_honeypot] = honeypot
        self.fields[STARTED_FIELD] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=started_token
        )

    def human_check_problem(self) -> str | None:
        if self.data.get(self.human_check_honeypot, ""):
            return HONEYPOT_MESSAGE
        try:
            started = float(signing.loads(self.data.get(STARTED_FIELD, ""), salt=SALT))
        except (signing.BadSignature, TypeError, ValueError):
            return TOO_FAST_MESSAGE
        seconds = time.time() - started
        if seconds > self.human_check_max_age:
            return TOO_OLD_MESSAGE
        if seconds < self.human_check_min_seconds:
            return TOO_FAST_MESSAGE
        return None

    def clean(self):
        cleaned_data = super().clean()
        problem = self.human_check_problem()
        if problem:
            # Shown again with an empty honeypot and a fresh timestamp, so a person who
            # simply presses the button again gets through.
            self.data = self.data.copy()
            self.data[self.human_check_honeypot] = ""
            self.data[STARTED_FIELD] = started_token()
            raise forms.ValidationError(problem, code="human-check")
        return cleaned_data
