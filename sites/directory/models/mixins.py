"""Field groups shared by several directory page types."""

from functools import cache

from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_lazy

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

from sites.core.pictures import PictureChoiceField

from ..page_policy import without_others_drafts
from ..services.listing_text import email_problems

ACCESSIBILITY_FEATURES = [
    ("step_free_access", gettext_lazy("Step-free access")),
    ("accessible_toilet", gettext_lazy("Accessible toilet")),
    ("hearing_loop", gettext_lazy("Hearing loop")),
    ("bsl", gettext_lazy("British Sign Language")),
    ("quiet_space", gettext_lazy("Quiet space")),
    ("parking", gettext_lazy("Parking")),
]
# The filters' words ("Things to do", events, search): the word people use in brackets
# where a listing's own label is not it ("wheelchair" is what people look for). Listing
# pages, spreadsheets and the Open Referral API keep the labels above.
ACCESSIBILITY_FILTER_LABELS = {
    "step_free_access": gettext_lazy("Step-free (wheelchair) access"),
    "accessible_toilet": gettext_lazy("Accessible (disabled) toilet"),
    "hearing_loop": gettext_lazy("Hearing loop (for hearing aids)"),
    "bsl": gettext_lazy("Sign language (BSL)"),
    "quiet_space": gettext_lazy("Quiet space"),
    "parking": gettext_lazy("Parking"),
}
ACCESSIBILITY_FILTERS = [
    (name, ACCESSIBILITY_FILTER_LABELS[name]) for name, _ in ACCESSIBILITY_FEATURES
]
ACCESSIBILITY_FIELDS = [name for name, _ in ACCESSIBILITY_FEATURES]


@cache
def _feature_words(language: str | None) -> dict[str, str]:
    """Each feature's label in ``language`` (the active one): a rebuild indexes the
    features of thousands of listings, and translating a label each time was a tenth
    of an activity's document."""
    return {name: str(label) for name, label in ACCESSIBILITY_FEATURES}


@receiver(setting_changed)
def _forget_feature_words(*, setting, **kwargs):
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _feature_words.cache_clear()


class AccessibilityMixin(models.Model):
    step_free_access = models.BooleanField("step-free access", default=False)
    accessible_toilet = models.BooleanField(default=False)
    hearing_loop = models.BooleanField(default=False)
    bsl = models.BooleanField("British Sign Language (BSL)", default=False)
    quiet_space = models.BooleanField(default=False)
    parking = models.BooleanField(default=False)
    accessibility_notes = models.TextField(
        blank=True, help_text="Anything else: lifts, lighting, seating, assistance dogs."
    )

    accessibility_panels = [
        MultiFieldPanel(
            [FieldPanel(name) for name, _ in ACCESSIBILITY_FEATURES]
            + [FieldPanel("accessibility_notes")],
            heading="Accessibility",
        )
    ]

    class Meta:
        abstract = True

    @property
    def accessibility_features(self) -> list[tuple[str, str]]:
        return [(name, label) for name, label in ACCESSIBILITY_FEATURES if getattr(self, name)]

    def shown_accessibility_features(self) -> list[tuple[str, str]]:
        """What its page lists: its own features and its place's (activities and events
        have a ``place``), once each, in the usual order."""
        place = getattr(self, "place", None)
        return [
            (name, label)
            for name, label in ACCESSIBILITY_FEATURES
            if getattr(self, name) or (place is not None and getattr(place, name))
        ]

    def accessibility_in_words(self) -> str:
        """The same as words, for the search index: "wheelchair" finds "Step-free access"
        through the borough's search synonyms (search/synonyms.py)."""
        words = _feature_words(get_language())
        return ", ".join(words[name] for name, _ in self.shown_accessibility_features())


class ListingPageForm(WagtailAdminPageForm):
    """The admin form of a listing: when it was last checked, and no person's email in
    its words (services/listing_text.py). A hand-made picture value is refused with a
    message (``PictureChoiceField``), not a server error."""

    class Meta:
        field_classes = {"picture": PictureChoiceField}

    def clean(self):
        cleaned = super().clean()
        parent = getattr(self, "parent_page", None)
        organisation_email = getattr(getattr(parent, "specific", parent), "email", "") or ""
        values = {name: cleaned[name] for name in self.fields if name in cleaned}
        for name, message in email_problems(values, organisation_email).items():
            self.add_error(name, message)
        self._refuse_others_drafts(cleaned)
        return cleaned

    def _refuse_others_drafts(self, cleaned):
        """The chooser offers no other organisation's unapproved place; a hand-made
        request naming one is refused too, or approving the listing would hand that
        place, street address and all, to this organisation."""
        user = getattr(self, "for_user", None)
        for name in ("place", "places"):
            chosen = cleaned.get(name)
            if user is None or not chosen:
                continue
            chosen = list(chosen) if name == "places" else [chosen]
            drafts = [page.pk for page in chosen if not page.live]
            if not drafts:
                continue
            allowed = without_others_drafts(Page.objects.filter(pk__in=drafts), user)
            if allowed.count() < len(drafts):
                self.add_error(name, gettext("Choose a place from the list."))

    def clean_last_checked_on(self):
        checked_on = self.cleaned_data["last_checked_on"]
        # Only a date typed now (not the one stored: the form's "changed" test also counts
        # the field's callable default): a day ahead would keep the listing looking
        # checked, and never hidden as stale.
        typed = checked_on != self.instance.last_checked_on
        if typed and checked_on > timezone.localdate():
            raise ValidationError(gettext("Give the day it was checked: not a day to come."))
        return checked_on


class FreshnessMixin(models.Model):
    """When a listing was last confirmed, and whether it is hidden for being stale."""

    last_checked_on = models.DateField(
        default=timezone.localdate,
        help_text="When someone last confirmed these details are right.",
    )
    stale_reminder_sent_on = models.DateField(null=True, blank=True, editable=False)
    # Who the reminder about the check on ``checked`` reached: {"checked": date, "to": [...]}.
    stale_reminder_told = models.JSONField(default=dict, blank=True, editable=False)
    hidden_as_stale = models.BooleanField(
        default=False,
        editable=False,
        help_text="Hidden from the public until someone confirms it is still right.",
    )

    freshness_panels = [FieldPanel("last_checked_on")]
    base_form_class = ListingPageForm

    class Meta:
        abstract = True
