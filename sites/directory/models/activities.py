"""Activities: what an organisation runs, when and where, and who it suits.

An activity sits below its organisation (pages.py), so the organisation's managers edit
it; its times are in schedule.py.
"""

import datetime

from modelcluster.fields import ParentalManyToManyField

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from search.document import ANSWER_FIELDS, Answerable
from sites.core.easyread.models import SimpleWordsPageMixin
from sites.core.languages.urls import AddressInReaderLanguage
from sites.core.numbers import validate_phone_number
from sites.core.pictures import PictureMixin
from sites.core.translation import synchronised
from sites.core.words import in_each_language

from ..panels import AddPlacePanel, HomeAddressCheckPanel
from .mixins import AccessibilityMixin, FreshnessMixin
from .pages import DESCRIPTION_FEATURES
from .schedule import date_in_words, next_occurrences

OLDEST_AGE = 120  # an age above it is a slip of the keyboard


@in_each_language
def _free() -> str:
    return gettext("Free")  # a fact of most search results


class ActivityPage(
    AddressInReaderLanguage,
    Answerable,
    FreshnessMixin,
    AccessibilityMixin,
    PictureMixin,
    SimpleWordsPageMixin,
    Page,
):
    class Kind(models.TextChoices):
        GROUP = "group", _("Group")
        CLASS = "class", _("Class")
        COURSE = "course", _("Course")
        CLUB = "club", _("Club")
        VOLUNTEERING = "volunteering", _("Volunteering")
        DROP_IN = "drop-in", _("Drop-in")
        EVENT_SERIES = "event-series", _("Event on several dates")
        SUPPORT = "support", _("Support service")

    class Gender(models.TextChoices):
        ANYONE = "", _("Anyone")
        WOMEN = "women", _("Women only")
        MEN = "men", _("Men only")

    class AccessMode(models.TextChoices):
        DROP_IN = "drop-in", _("Just turn up")
        BOOK = "book", _("Book first")
        REFERRAL = "referral", _("By referral")

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GROUP)
    summary = models.CharField(max_length=250, help_text="One plain sentence: what happens?")
    description = RichTextField(features=DESCRIPTION_FEATURES, blank=True)
    interests = ParentalManyToManyField("directory.Interest", blank=True, related_name="activities")
    place = models.ForeignKey(
        "directory.PlacePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )

    is_free = models.BooleanField("free", default=True)
    cost_amount = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    cost_details = models.CharField(max_length=200, blank=True, help_text="e.g. '£3 a session'")
    concessions = models.CharField(max_length=200, blank=True)
    first_session_free = models.BooleanField(default=False)

    age_min = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(OLDEST_AGE)]
    )
    age_max = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(OLDEST_AGE)]
    )
    gender = models.CharField(max_length=10, choices=Gender.choices, default="", blank=True)
    learning_disability_friendly = models.BooleanField(
        "suitable for people with learning disabilities", default=False
    )
    mental_health_friendly = models.BooleanField("mental-health friendly", default=False)
    carers_welcome = models.BooleanField(default=False)
    beginners_welcome = models.BooleanField(default=True)

    in_person = models.BooleanField(default=True)
    online = models.BooleanField(default=False)
    by_phone = models.BooleanField(default=False)
    access_mode = models.CharField(
        "how to join", max_length=10, choices=AccessMode.choices, default=AccessMode.DROP_IN
    )
    booking_url = models.URLField(blank=True)
    online_url = models.URLField(blank=True)
    contact_email = models.EmailField(
        blank=True, help_text="Leave empty to use the organisation's."
    )
    contact_phone = models.CharField(max_length=30, blank=True, validators=[validate_phone_number])

    content_panels = [
        HomeAddressCheckPanel(heading=_("Check the address")),
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("description"),
        *PictureMixin.picture_panels,
        FieldPanel("interests"),
        InlinePanel("schedules", heading="When it happens", label="Time"),
        InlinePanel("closures", heading="Dates it does not happen", label="Closure"),
        FieldPanel("place"),
        AddPlacePanel(heading=_("Add a place")),
        MultiFieldPanel(
            [
                FieldPanel("is_free"),
                FieldPanel("cost_amount"),
                FieldPanel("cost_details"),
                FieldPanel("concessions"),
                FieldPanel("first_session_free"),
            ],
            "Cost",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max")]),
                FieldPanel("gender"),
                FieldPanel("learning_disability_friendly"),
                FieldPanel("mental_health_friendly"),
                FieldPanel("carers_welcome"),
                FieldPanel("beginners_welcome"),
            ],
            "Who it suits",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("in_person"), FieldPanel("online"), FieldPanel("by_phone")]
                ),
                FieldPanel("access_mode"),
                FieldPanel("booking_url"),
                FieldPanel("online_url"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            "How to take part",
        ),
        *AccessibilityMixin.accessibility_panels,
        *FreshnessMixin.freshness_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.RelatedFields("interests", [index.SearchField("name", boost=3)]),
        index.SearchField("accessibility_in_words"),  # its place's features too
        index.FilterField("kind"),
        index.FilterField("is_free"),
        index.FilterField("online"),
        index.FilterField("in_person"),
        index.FilterField("hidden_as_stale"),
        *ANSWER_FIELDS,  # what the engine filters, counts and sorts by
    ]

    parent_page_types = ["directory.OrganisationPage"]
    subpage_types: list[str] = []
    override_translatable_fields = synchronised("contact_phone", "interests", "hidden_as_stale")

    class Meta:
        verbose_name = "activity"
        verbose_name_plural = "activities"

    def full_clean(self, exclude=None, *args, **kwargs):
        # A box the form could not read (a cost of "abc") has its own message already and
        # is left out here (``exclude``); the form kept the old value in its place, so
        # clean() must not judge the rules that read it. Django also leaves out fields
        # that are not on the form: every field these rules read must stay on it
        # (content_panels), or the rule is skipped.
        self._unread_fields = frozenset(exclude or ())
        try:
            super().full_clean(exclude, *args, **kwargs)
        finally:
            del self._unread_fields

    def _read(self, *names) -> bool:
        """Whether every one of these fields was read (see full_clean)."""
        return getattr(self, "_unread_fields", frozenset()).isdisjoint(names)

    def clean(self):
        super().clean()
        errors = {}
        cost_read = self._read("is_free", "cost_amount", "cost_details")
        if cost_read and not self.is_free and self.cost_amount is None and not self.cost_details:
            errors["cost_details"] = gettext("Say what it costs, or tick 'free'.")
        if cost_read and self.is_free and self.cost_amount:
            errors["cost_amount"] = gettext(
                "It is ticked 'free', so the public would not see this cost. Untick 'free', "
                "or clear the cost."
            )
        ages = (self.age_min, self.age_max)
        if self._read("age_min", "age_max") and None not in ages and ages[0] > ages[1]:
            errors["age_max"] = gettext("The oldest age must not be below the youngest.")
        if not (self.in_person or self.online or self.by_phone):
            errors["in_person"] = gettext(
                "Say how people take part: in person, online or by phone."
            )
        online_read = self._read("online", "online_url", "access_mode")
        if (
            online_read
            and self.online
            and not self.online_url
            and self.access_mode == self.AccessMode.DROP_IN
        ):
            errors["online_url"] = gettext("Give the link people use to join online.")
        if errors:
            raise ValidationError(errors)

    def next_occurrences(self, after=None, count: int = 3):
        """[(datetime, schedule), ...] of the next times it happens, closures skipped."""
        after = after or timezone.localtime().replace(tzinfo=None)
        if isinstance(after, datetime.date) and not isinstance(after, datetime.datetime):
            after = datetime.datetime.combine(after, datetime.time.min)
        return next_occurrences(list(self.schedules.all()), list(self.closures.all()), after, count)

    @property
    def next_on_in_words(self) -> str:
        upcoming = self.next_occurrences(count=1)
        if not upcoming:
            return ""
        return gettext("next on %(date)s") % {"date": date_in_words(upcoming[0][0].date())}

    @property
    def schedule_in_words(self) -> list[str]:
        """['Every Tuesday, 10am to 12 noon — next on Tuesday 1 December', ...]."""
        return [schedule.in_words for schedule in self.schedules.all()]

    @property
    def organisation(self):
        parent = self.get_parent()
        return parent.specific if parent else None

    @property
    def cost_in_words(self) -> str:
        if self.is_free:
            return _free()
        if self.cost_details:
            return self.cost_details
        if self.cost_amount is not None:
            return f"£{self.cost_amount:.2f}".replace(".00", "")
        return gettext("Ask about the cost")
