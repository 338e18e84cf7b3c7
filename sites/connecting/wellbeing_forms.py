"""The SWEMWBS and follow-up forms: the coach's (from paper) and the person's (by link)."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import swemwbs
from .dates import happened
from .models import FollowUpAnswers, Timepoint


def date_field(label=None, validators=(happened,)):
    return forms.DateField(
        label=label or _("Date completed"),
        validators=list(validators),
        # A date box takes only 2026-04-24: any other format leaves it empty when filled in.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext("Enter the date."),
            "invalid": gettext("Enter a real date."),
        },
    )


class SwemwbsForm(forms.Form):
    """The seven statements, each answered 1 to 5 (also used by the public link page)."""

    def __init__(self, *args, with_timepoint=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_timepoint:
            self.fields["timepoint"] = forms.ChoiceField(
                label=gettext("When"),
                choices=Timepoint.choices,
                widget=forms.RadioSelect,
                error_messages={"required": gettext("Choose when it was completed.")},
            )
            self.fields["completed_on"] = date_field()
        for number, statement in enumerate(swemwbs.ITEMS, start=1):
            self.fields[f"item_{number}"] = forms.TypedChoiceField(
                label=statement,
                choices=swemwbs.ANSWERS,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": gettext("Choose an answer for “%(statement)s”.")
                    % {"statement": statement}
                },
            )

    def items(self) -> list[int]:
        return [self.cleaned_data[f"item_{n}"] for n in range(1, len(swemwbs.ITEMS) + 1)]


def follow_up_fields() -> dict:
    choices = [("yes", gettext("Yes")), ("no", gettext("No")), ("", gettext("Prefer not to say"))]
    return {
        name: forms.ChoiceField(
            label=question, choices=choices, required=False, widget=forms.RadioSelect
        )
        for name, question in FollowUpAnswers.QUESTIONS.items()
    }


def follow_up_answers(cleaned: dict) -> dict:
    return {
        name: {"yes": True, "no": False}.get(cleaned.get(name) or "")
        for name in FollowUpAnswers.QUESTIONS
    }


class FollowUpForm(forms.Form):
    def __init__(self, *args, with_date=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_date:
            self.fields["completed_on"] = date_field()
        self.fields.update(follow_up_fields())


class QuestionnaireForm(SwemwbsForm):
    """What the person answers through their link: SWEMWBS, and at follow-up the questions."""

    def __init__(self, *args, follow_up=False, **kwargs):
        super().__init__(*args, with_timepoint=False, **kwargs)
        if follow_up:
            self.fields.update(follow_up_fields())

    def follow_up(self) -> dict | None:
        if "more_supported" not in self.fields:
            return None
        return follow_up_answers(self.cleaned_data)
