"""Wellbeing: SWEMWBS answers at three points, the follow-up questions, single-use links.

SWEMWBS (the Short Warwick-Edinburgh Mental Wellbeing Scale) is used under registration
with its owners (Warwick Medical School): a borough records that it has registered in
``ConnectingSettings.swemwbs_registered`` and only then is the questionnaire offered.
The items, their wording and the raw-to-metric conversion are in ``sites/connecting/swemwbs.py``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .coaching import Participant

ITEM_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Timepoint(models.TextChoices):
    START = "start", "At the start"
    WEEK_12 = "12-weeks", "At 12 weeks"
    FOLLOW_UP = "follow-up", "3 months after the end"


class Source(models.TextChoices):
    PAPER = "paper", "Entered from paper"
    LINK = "link", "Completed by the person online"


class EnteredAs(models.TextChoices):
    """Who typed a paper entry, as they were when they typed it (``entered_by`` may have
    changed role, left, or been deleted since). Blank: not recorded (entries typed before
    this was kept, and answers given through a link)."""

    COACH = "coach", "The person's coach"
    TEAM_LEAD = "team-lead", "A team lead"


# How an entry came in, in words for the middle of a sentence ("… (entered by a team
# lead from paper)"): by source, then by who entered it.
HOW_ENTERED = {
    (Source.PAPER, EnteredAs.COACH): _("entered by the coach from paper"),
    (Source.PAPER, EnteredAs.TEAM_LEAD): _("entered by a team lead from paper"),
    (Source.PAPER, ""): _("entered from paper"),
    (Source.LINK, ""): _("completed by the person online"),
}


def _entered_by_role() -> models.CharField:
    return models.CharField(max_length=10, choices=EnteredAs.choices, blank=True, default="")


class HowEntered:
    """For an entry with ``source`` and ``entered_by_role``: how it came in, in words."""

    @property
    def how_entered(self) -> str:
        """How it came in, in words: "entered by a team lead from paper"…"""
        role = self.entered_by_role if self.source == Source.PAPER else ""
        return str(HOW_ENTERED.get((self.source, role), HOW_ENTERED[(Source.PAPER, "")]))


def _item(number: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(f"Item {number}", validators=ITEM_VALIDATORS)


class WellbeingResponse(HowEntered, models.Model):
    """One completed SWEMWBS: seven items scored 1-5, the raw total and its metric score."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="wellbeing_responses"
    )
    timepoint = models.CharField(max_length=20, choices=Timepoint.choices)
    completed_on = models.DateField()
    source = models.CharField(max_length=10, choices=Source.choices)
    item_1 = _item(1)
    item_2 = _item(2)
    item_3 = _item(3)
    item_4 = _item(4)
    item_5 = _item(5)
    item_6 = _item(6)
    item_7 = _item(7)
    # Derived when saved by the service (sites/connecting/swemwbs.py), kept for the report.
    raw_score = models.PositiveSmallIntegerField()
    metric_score = models.DecimalField(max_digits=4, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_by_role = _entered_by_role()
    created_at = models.DateTimeField(auto_now_add=True)

    ITEM_FIELDS = tuple(f"item_{n}" for n in range(1, 8))

    class Meta:
        ordering = ["completed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "timepoint"], name="one_swemwbs_per_timepoint"
            ),
            models.CheckConstraint(
                name="swemwbs_raw_score_7_to_35",
                condition=models.Q(raw_score__gte=7, raw_score__lte=35),
            ),
            *[
                models.CheckConstraint(
                    name=f"swemwbs_item_{n}_1_to_5",
                    condition=models.Q(**{f"item_{n}__gte": 1, f"item_{n}__lte": 5}),
                )
                for n in range(1, 8)
            ],
        ]

    def __str__(self):
        return f"SWEMWBS {self.get_timepoint_display().lower()}: {self.metric_score}"

    @property
    def items(self) -> list[int]:
        return [getattr(self, name) for name in self.ITEM_FIELDS]


class FollowUpAnswers(HowEntered, models.Model):
    """Three months after the end: yes or no to each question (null: not answered)."""

    QUESTIONS = {
        "more_supported": "Do you feel more supported?",
        "more_independent": "Do you feel more independent?",
        "better_in_crisis": "Do you feel better able to deal with a crisis?",
        "goes_out_more": "Do you go out more?",
        "tried_new_activities": "Have you tried new activities?",
        "learnt_something": "Have you learnt something new?",
        "met_new_people": "Have you met new people?",
        "made_new_friends": "Have you made new friends?",
        "reconnected": "Have you reconnected with family or friends?",
    }

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="follow_up_answers"
    )
    completed_on = models.DateField()
    source = models.CharField(max_length=10, choices=Source.choices)
    more_supported = models.BooleanField(QUESTIONS["more_supported"], null=True, blank=True)
    more_independent = models.BooleanField(QUESTIONS["more_independent"], null=True, blank=True)
    better_in_crisis = models.BooleanField(QUESTIONS["better_in_crisis"], null=True, blank=True)
    goes_out_more = models.BooleanField(QUESTIONS["goes_out_more"], null=True, blank=True)
    tried_new_activities = models.BooleanField(
        QUESTIONS["tried_new_activities"], null=True, blank=True
    )
    learnt_something = models.BooleanField(QUESTIONS["learnt_something"], null=True, blank=True)
    met_new_people = models.BooleanField(QUESTIONS["met_new_people"], null=True, blank=True)
    made_new_friends = models.BooleanField(QUESTIONS["made_new_friends"], null=True, blank=True)
    reconnected = models.BooleanField(QUESTIONS["reconnected"], null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_by_role = _entered_by_role()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "follow-up answers"

    def __str__(self):
        return f"Follow-up answers ({self.completed_on:%d %b %Y})"


class QuestionnaireLink(models.Model):
    """A single-use link for the person to answer SWEMWBS (and, at follow-up, the questions).

    Only a hash of the token is kept: the link itself exists only in what the coach sends.
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="questionnaire_links"
    )
    timepoint = models.CharField(max_length=20, choices=Timepoint.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Questionnaire link ({self.get_timepoint_display().lower()})"
