"""The coaching journey: a participant opened from a referral, and what happened with them.

Everything here is about one person and is as private as health data: only the
participant's own coach and the borough's Community Connecting team leads see it
(``sites/connecting/access.py``); nothing is indexed for search or in the public API.
Free text is in ``EncryptedTextField`` columns (``sites/connecting/encryption.py``).
Time spent is recorded once, in the contact log (``Contact.minutes``); a meeting that
took time has its contact (``Contact.meeting``).
"""

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext, gettext_lazy

from ..dates import happened, planned
from ..encryption import EncryptedTextField


class Participant(ClusterableModel):
    class Status(models.TextChoices):
        ACTIVE = "active", "In coaching"
        COMPLETED = "completed", "Completed the 12 weeks"
        ENDED_EARLY = "ended-early", "Ended early"

    referral = models.OneToOneField(
        "connecting.Referral", on_delete=models.CASCADE, related_name="participant"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coached_participants",
        help_text="A member of the Coaches group.",
    )
    # Copied from the referral when the record opens, so the referral's own text stays as sent.
    first_name = models.CharField(max_length=60)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    started_on = models.DateField(validators=[planned])
    ended_on = models.DateField(null=True, blank=True, validators=[happened])
    notes = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the record was closed (completed or ended early); anonymised after the borough's period.
    closed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["status", "closed_at"])]
        constraints = [
            models.CheckConstraint(
                name="participant_closed_when_not_active",
                condition=models.Q(status="active", closed_at__isnull=True)
                | (~models.Q(status="active") & models.Q(closed_at__isnull=False)),
            )
        ]

    def __str__(self):
        # No name: this string can reach generic admin places (messages, breadcrumbs).
        return f"Participant {self.pk}"


class CommunicationNeeds(models.Model):
    """What the Accessible Information Standard asks to record: format, support, contact."""

    class Format(models.TextChoices):
        STANDARD = "standard-print", "Standard print"
        LARGE_PRINT = "large-print", "Large print"
        EASY_READ = "easy-read", "Easy read"
        BRAILLE = "braille", "Braille"
        AUDIO = "audio", "Audio"
        BSL_VIDEO = "bsl-video", "British Sign Language video"
        ELECTRONIC = "electronic", "Email or electronic document"
        TRANSLATED = "translated", "Translated into another language"

    class Support(models.TextChoices):
        BSL_INTERPRETER = "bsl-interpreter", "British Sign Language interpreter"
        LANGUAGE_INTERPRETER = "language-interpreter", "Spoken language interpreter"
        LIPSPEAKER = "lipspeaker", "Lipspeaker"
        HEARING_LOOP = "hearing-loop", "Hearing loop"
        ADVOCATE = "advocate", "Advocate"
        SOMEONE_WITH_THEM = "someone-with-them", "A friend, relative or carer with them"
        EXTRA_TIME = "extra-time", "Extra time"

    class ContactMethod(models.TextChoices):
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text message"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        FACE_TO_FACE = "face-to-face", "Face to face"
        VIDEO = "video", "Video call"
        THROUGH_SOMEONE = "through-someone", "Through a named person"

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="communication_needs"
    )
    formats = ArrayField(
        models.CharField(max_length=30, choices=Format.choices), default=list, blank=True
    )
    support = ArrayField(
        models.CharField(max_length=30, choices=Support.choices), default=list, blank=True
    )
    contact_methods = ArrayField(
        models.CharField(max_length=30, choices=ContactMethod.choices), default=list, blank=True
    )
    language = models.CharField("Preferred language", max_length=60, blank=True)
    details = EncryptedTextField("Anything else about how to communicate", blank=True)

    def __str__(self):
        return f"Communication needs of {self.participant}"


class Meeting(models.Model):
    class Kind(models.TextChoices):
        INTRODUCTION = "introduction", "Introduction"
        FIRST = "first", "First meeting"
        REGULAR = "regular", "Regular meeting"
        REVIEW_6_WEEKS = "review-6-weeks", "6-week review"
        FINAL_12_WEEKS = "final-12-weeks", "12-week final meeting"

    class PlaceType(models.TextChoices):
        CAFE = "cafe", "Café"
        COMMUNITY_VENUE = "community-venue", "Community centre or venue"
        LIBRARY = "library", "Library"
        PARK = "park", "Park or outdoors"
        ACTIVITY = "activity", "At an activity"
        THEIR_HOME = "their-home", "The person's home"
        PHONE = "phone", "By phone"
        VIDEO = "video", "By video call"
        OTHER = "other", "Somewhere else"

    participant = ParentalKey(Participant, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField(validators=[planned])
    place_type = models.CharField(max_length=20, choices=PlaceType.choices)
    notes = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.date:%d %b %Y}"


class Contact(models.Model):
    class Channel(models.TextChoices):
        CALL = "call", gettext_lazy("Phone call")
        TEXT = "text", gettext_lazy("Text message")
        EMAIL = "email", gettext_lazy("Email")
        FACE_TO_FACE = "face-to-face", gettext_lazy("Face to face")
        VIDEO = "video", gettext_lazy("Video call")

    participant = ParentalKey(Participant, on_delete=models.CASCADE, related_name="contacts")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    date = models.DateField(validators=[happened])
    # A whole working day at most; a text or an email may take a minute or two.
    minutes = models.PositiveSmallIntegerField(validators=[MaxValueValidator(600)])
    meeting = models.OneToOneField(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="contact"
    )
    notes = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["participant", "channel"])]
        constraints = [
            models.CheckConstraint(
                name="contact_minutes_at_most_600", condition=models.Q(minutes__lte=600)
            )
        ]

    def __str__(self):
        return f"{self.get_channel_display()} on {self.date:%d %b %Y} ({self.minutes} min)"


class Goal(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Working on it"
        ACHIEVED = "achieved", "Achieved"
        CHANGED = "changed", "Changed or dropped"

    participant = ParentalKey(Participant, on_delete=models.CASCADE, related_name="goals")
    text = EncryptedTextField("Goal")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    set_on = models.DateField(validators=[happened])
    achieved_on = models.DateField(null=True, blank=True, validators=[happened])

    class Meta:
        ordering = ["set_on", "pk"]

    def __str__(self):
        return f"Goal set on {self.set_on:%d %b %Y} ({self.get_status_display().lower()})"

    def clean(self):
        # Counted in the impact report as goals achieved, and how soon.
        achieved = self.status == self.Status.ACHIEVED
        if achieved and not self.achieved_on:
            raise ValidationError({"achieved_on": gettext("Enter the day it was achieved.")})
        if self.achieved_on and not achieved:
            raise ValidationError(
                {"achieved_on": gettext("Only an achieved goal has this date. Clear it.")}
            )
        if self.achieved_on and self.set_on and self.achieved_on < self.set_on:
            raise ValidationError(
                {"achieved_on": gettext("A goal cannot be achieved before it was set.")}
            )


class ActivityTried(models.Model):
    """An activity or organisation the person tried; a directory listing when there is one."""

    participant = ParentalKey(
        Participant, on_delete=models.CASCADE, related_name="activities_tried"
    )
    # An ActivityPage, OrganisationPage or PlacePage of this borough's directory.
    listing = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When it is not in the directory (plain words, not about the person).
    other_name = models.CharField("Name, if not in the directory", max_length=150, blank=True)
    tried_on = models.DateField(validators=[happened])
    with_coach = models.BooleanField("The coach went too", default=False)
    kept_going = models.BooleanField("Still going", default=False)
    notes = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["tried_on", "pk"]
        verbose_name_plural = "activities tried"
        constraints = [
            models.CheckConstraint(
                name="activity_tried_names_something",
                condition=models.Q(listing__isnull=False) | ~models.Q(other_name=""),
                violation_error_message=(
                    "Choose the activity or organisation from the directory, or type its name."
                ),
            )
        ]

    def __str__(self):
        return self.listing.title if self.listing_id else self.other_name


class Outcome(models.Model):
    """What the person went on to do."""

    class Kind(models.TextChoices):
        VOLUNTEERING = "volunteering", gettext_lazy("Volunteering")
        ACCREDITED_COURSE = "accredited-course", gettext_lazy("An accredited course")
        EMPLOYMENT = "employment", gettext_lazy("Paid work")
        EXERCISE = "exercise", gettext_lazy("Exercise")
        SKILLS = "skills", gettext_lazy("New skills")
        OTHER = "other", gettext_lazy("Something else")

    participant = ParentalKey(Participant, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    recorded_on = models.DateField(validators=[happened])
    details = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["recorded_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.recorded_on:%d %b %Y})"


class CheckReminderDay(models.Model):
    """The coaches emailed on one day about their participants' due checks (addresses,
    lower case), so the daily reminder reaches each coach at most once a day however
    often it runs (``sites/connecting/check_reminders.py``)."""

    day = models.DateField(unique=True)
    sent_to = ArrayField(models.CharField(max_length=254), default=list, blank=True)

    def __str__(self):
        return f"Check reminders of {self.day:%d %b %Y}"
