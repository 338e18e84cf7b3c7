"""The forms of the moderation pages: what a moderator decides, and why."""

from django import forms
from django.utils.translation import gettext, gettext_lazy

from sites.community.services import moderation


class ActionForm(forms.Form):
    ACTIONS = [
        ("approve", gettext_lazy("Approve")),
        ("reject", gettext_lazy("Reject")),
        ("hide", gettext_lazy("Hide")),
        ("warn", gettext_lazy("Warn the member")),
        ("suspend", gettext_lazy("Suspend the member")),
        ("unsuspend", gettext_lazy("Lift the suspension")),
        ("trust", gettext_lazy("Trust the member")),
        ("dismiss", gettext_lazy("Dismiss the report")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    post = forms.IntegerField(required=False)
    report = forms.IntegerField(required=False)
    event = forms.IntegerField(required=False)
    note = forms.CharField(required=False, max_length=2000)
    message = forms.CharField(required=False, max_length=2000)
    days = forms.IntegerField(required=False, min_value=1, max_value=moderation.MAX_SUSPENSION_DAYS)

    def problem(self) -> str:
        """What to change, in plain words, when the form is not valid."""
        if "days" in self.errors:
            return gettext(
                "Nothing was done. Suspend for a whole number of days, from 1 to %(most)s."
            ) % {"most": moderation.MAX_SUSPENSION_DAYS}
        if "note" in self.errors or "message" in self.errors:
            return gettext("Nothing was done. Please write at most 2,000 characters.")
        return gettext("Something was missing, so nothing was done. Please try again.")


class GroupDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", gettext_lazy("Approve")), ("decline", gettext_lazy("Decline"))]
    )
    note = forms.CharField(required=False, max_length=2000)
