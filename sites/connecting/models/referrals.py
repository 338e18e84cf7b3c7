"""Community Connecting: referrals to a coach, from the person or from a professional.

A referral is health-adjacent personal data: it keeps only what the team needs to make
contact (a first name, one way to reach the person, a postcode district, never a home
address), keeps what was typed about the person encrypted (``ENCRYPTED_FIELDS``), is
never indexed for search, never in the public API, and only the Community Connecting
team lead and coaches may see it (``sites/core/permissions.py``).
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from sites.core.easyread.models import easy_read_field
from sites.core.languages.codes import platform_languages

from ..encryption import EncryptedTextField

# An outward code only: "SE11", "SW2", "W1A", "EC1V". A full postcode has a space and
# an inward code ("SE11 5AB"), which this refuses: we never keep where someone lives.
POSTCODE_DISTRICT = re.compile(r"^(?:[A-Z]{1,2}\d{1,2}|[A-Z]{1,2}\d[A-Z])$")


def normalise_postcode_district(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


# No example district here: the forms give one of the borough's own (connecting/forms.py).
DISTRICT_MESSAGE = _(
    "Enter only the first part of the postcode, before the space. Do not enter the full "
    "postcode or an address."
)


def validate_postcode_district(value: str) -> None:
    if not POSTCODE_DISTRICT.match(normalise_postcode_district(value)):
        raise ValidationError(DISTRICT_MESSAGE, code="postcode-district")


def outside_notice(borough_name: str) -> str:
    """Said to the person on the thank-you page."""
    return _(
        "This postcode may be outside %(borough)s. The team will check and tell you where "
        "to get help."
    ) % {"borough": borough_name}


def outside_notice_for_the_team(borough_name: str) -> str:
    """Said to the team on the referral."""
    return _(
        "This postcode may be outside %(borough)s. Check where the person lives, and if it "
        "is outside, tell them or their referrer where to get help."
    ) % {"borough": borough_name}


# What the team reads for a referral's language when none was kept: those made before it
# was recorded (connecting/0008), and anonymised ones.
NOT_RECORDED = _("Not recorded")
# How long a closed record keeps its personal details, unless the borough sets otherwise;
# the privacy notice's starting text says the same (sites/standard/starting/privacy.py).
DEFAULT_ANONYMISE_AFTER_MONTHS = 24


def asked_in_choices() -> list[tuple[str, str]]:
    """Each platform language by its English name ("Somali"), as the team reads it."""
    return [(lang.code, lang.english_name) for lang in platform_languages()]


class Referral(models.Model):
    # What both forms ask about the person, in the order the team reads it.
    PERSON_FIELDS = (
        "first_name",
        "contact_method",
        "contact_detail",
        "contact_times",
        "postcode_district",
        "help_wanted",
        "interests",
        "support_needed",
    )

    # Encrypted (EncryptedTextField): compared in Python, never in a query's WHERE.
    ENCRYPTED_FIELDS = ("contact_detail", "help_wanted", "support_needed", "reason")

    class Kind(models.TextChoices):
        SELF = "self", _("Self-referral")
        PROFESSIONAL = "professional", _("Professional referral")

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        IN_COACHING = "in-coaching", "In coaching"
        CLOSED = "closed", "Closed"

    class CloseReason(models.TextChoices):
        COMPLETED = "completed", "Completed"
        DECLINED = "declined", "Declined"
        UNREACHABLE = "could-not-be-reached", "Could not be reached"
        MOVED_AWAY = "moved-away", "Moved away"
        OTHER = "other", "Other"

    class ContactMethod(models.TextChoices):
        PHONE = "phone", _("Phone call")
        TEXT = "text", _("Text message")
        EMAIL = "email", _("Email")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    close_reason = models.CharField(max_length=30, choices=CloseReason.choices, blank=True)

    # The person: only what the team needs to get in touch.
    first_name = models.CharField(max_length=60)
    contact_method = models.CharField(max_length=10, choices=ContactMethod.choices)
    # What the person or referrer typed about them is encrypted like coaching notes
    # (encryption.py): a dump of the table holds only ciphertext. Not filterable by content.
    contact_detail = EncryptedTextField(
        max_length=254, help_text="The phone number or email address for that way."
    )
    contact_times = models.CharField("Best times to get in touch", max_length=200, blank=True)
    # Room for what people type ("se 11"); the form keeps only the district ("SE11").
    postcode_district = models.CharField(max_length=8, validators=[validate_postcode_district])
    help_wanted = EncryptedTextField("What they would like help with", max_length=1000)
    interests = models.ManyToManyField("directory.Interest", blank=True, related_name="+")
    support_needed = EncryptedTextField("Support needed to take part", max_length=1000, blank=True)
    consent = models.BooleanField(default=False)
    # The language of the page the form was sent from, so a coach can call with an
    # interpreter; blank for referrals made before it was recorded.
    language = models.CharField(
        _("Asked in"),
        max_length=10,
        blank=True,
        choices=asked_in_choices,
        help_text=_("The language of the page they used to ask."),
    )

    # Set when the district is far from every place the borough lists (connecting/area.py):
    # never refused, as districts cross borough lines; the team checks and says where to go.
    postcode_may_be_outside = models.BooleanField(
        _("Postcode may be outside the borough"), default=False, editable=False
    )

    # A professional referral only.
    referrer_name = models.CharField(max_length=100, blank=True)
    referrer_role = models.CharField(max_length=100, blank=True)
    referrer_organisation = models.CharField(max_length=150, blank=True)
    referrer_email = models.EmailField(blank=True)
    reason = EncryptedTextField("Why they are referring", max_length=2000, blank=True)
    person_agreed = models.BooleanField(default=False)

    created_at = models.DateTimeField(auto_now_add=True)
    contacted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # The team leads the reminder reached (lower case), so a run whose email failed for
    # some tries only those next time (services.py: remind_uncontacted_referrals).
    reminder_sent_to = models.JSONField(default=list, blank=True)
    # Set when its personal details are removed (connecting/retention.py): at the person's
    # request, after the borough's period once closed, or with its record's. It then
    # leaves the admin; kind and dates stay for the impact report.
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="referral_closed_has_reason",
                condition=~models.Q(status="closed") | ~models.Q(close_reason=""),
            )
        ]

    def __str__(self):
        # No name: the title reaches Wagtail's history and reports, outside access.py.
        return f"Referral {self.pk} ({self.get_kind_display().lower()}, {self.created_at:%d %b %Y})"

    def area(self) -> str:
        """The postcode district, and, when it may be outside the borough, so."""
        if not self.postcode_may_be_outside:
            return self.postcode_district
        return _("%(district)s (may be outside the borough)") % {"district": self.postcode_district}

    def asked_in(self) -> str:
        """The language they asked in, by its English name, or "Not recorded"."""
        return self.get_language_display() if self.language else str(NOT_RECORDED)


@register_setting(icon="group")
class ConnectingSettings(BaseSiteSetting):
    """Per borough: reminders, SWEMWBS registration, links and how long records are kept."""

    reminder_working_days = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="If nobody has contacted a person within this many working days "
        "(weekends and bank holidays in England and Wales not counted), the team lead "
        "gets one reminder email.",
    )

    # SWEMWBS may be used only by those registered with its owners (Warwick Medical School).
    swemwbs_registered = models.BooleanField(
        "Registered to use SWEMWBS",
        default=False,
        help_text="Tick once this borough's service has registered with Warwick Medical "
        "School to use the Short Warwick-Edinburgh Mental Wellbeing Scale. Until then, "
        "the questionnaire is not offered.",
    )
    swemwbs_registration_reference = models.CharField(
        "SWEMWBS registration reference", max_length=100, blank=True
    )
    questionnaire_link_days = models.PositiveSmallIntegerField(
        "Days a questionnaire link works",
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    anonymise_after_months = models.PositiveSmallIntegerField(
        "Months before closed records are anonymised",
        default=DEFAULT_ANONYMISE_AFTER_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="A participant record closed this many months ago loses every personal "
        "detail and note; only counts for the impact report remain.",
    )
    get_support_easy_read = easy_read_field(_("Easy Read version of Get support"))

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel(name)
                    for name in (
                        "reminder_working_days",
                        "swemwbs_registered",
                        "swemwbs_registration_reference",
                        "questionnaire_link_days",
                        "anonymise_after_months",
                    )
                ],
                heading=_("Settings"),
            ),
            ObjectList([FieldPanel("get_support_easy_read")], heading=_("Easy Read")),
        ]
    )

    class Meta:
        verbose_name = "Community Connecting"
