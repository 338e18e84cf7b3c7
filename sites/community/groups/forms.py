"""Forms for proposing a group and adding organisers, in plain words."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from sites.community.models import CommunityGroup
from sites.community.services import group_proposals
from sites.community.services import groups as group_service
from sites.core.antispam import HumanCheckMixin
from sites.core.languages.forms import SiteLanguageCheckboxes
from sites.core.picture_upload import PictureFormMixin
from sites.core.text import has_letter_or_number, one_line
from sites.core.text_fields import LongTextField
from sites.directory.models import Interest


class ProposeGroupForm(HumanCheckMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the group"),
        max_length=100,
        # No place in the example: it would be one borough's place on every borough's form.
        help_text=gettext_lazy("For example, “Sunday morning walkers”."),
        error_messages={"required": gettext_lazy("Enter a name for the group.")},
    )
    description = LongTextField(
        label=gettext_lazy("What the group is about"),
        max_length=2000,
        rows=6,
        help_text=gettext_lazy(
            "Who it is for and what you will do together. Plain text; links are fine."
        ),
        error_messages={"required": gettext_lazy("Say what the group is about.")},
    )
    interests = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Interests"),
        queryset=Interest.objects.all(),
        required=False,
        widget=SiteLanguageCheckboxes,
        help_text=gettext_lazy(
            "Tick any that fit, so people with these interests can find the group."
        ),
    )
    meets_where = forms.CharField(
        label=gettext_lazy("Where the group meets"),
        max_length=200,
        required=False,
        help_text=(
            gettext_lazy(
                "A public place, such as a library, café or community centre, or “online”. "
                "Never someone's home address."
            )
        ),
    )
    meets_when = forms.CharField(
        label=gettext_lazy("When the group meets"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "For example, “Saturday mornings” or “the first Monday of the month”."
        ),
    )
    visibility = forms.ChoiceField(
        label=gettext_lazy("Who can read the group's discussion?"),
        choices=[
            (CommunityGroup.Visibility.PUBLIC, gettext_lazy("Anyone")),
            (CommunityGroup.Visibility.MEMBERS_ONLY, gettext_lazy("Only members of the group")),
        ],
        initial=CommunityGroup.Visibility.PUBLIC,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("Everyone can see the group's name, description and when it meets."),
    )

    def clean_name(self):
        name = one_line(self.cleaned_data["name"])
        if not has_letter_or_number(name):
            raise ValidationError(gettext_lazy("Enter a name for the group."))
        return name

    def clean_meets_where(self):
        where = one_line(self.cleaned_data["meets_where"])
        if group_proposals.looks_like_a_home(where):
            raise ValidationError(group_proposals.HOME_ADDRESS_MESSAGE)
        return where


class AddOrganiserForm(forms.Form):
    member = forms.TypedChoiceField(
        label=gettext_lazy("Which member should become an organiser?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose a member.")},
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [
            (m.member_id, group_service.moderation.display_name(m.member))
            for m in group_service.co_organiser_candidates(group)
        ]


class AnswerJoinRequestForm(forms.Form):
    """One organiser's answer to one request (each request on the page has its own form)."""

    request = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(
        choices=[("yes", gettext_lazy("Let them join")), ("no", gettext_lazy("Say no"))],
        error_messages={
            "required": gettext_lazy("Choose yes or no."),
            "invalid_choice": gettext_lazy("Choose yes or no."),
        },
    )


class GroupPictureForm(PictureFormMixin):
    """The group's picture and its words, for its organisers."""

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_picture(group)
