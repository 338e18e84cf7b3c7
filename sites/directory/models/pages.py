"""Directory page types and their place in the page tree:

    Home
    ├── Things to do          (ThingsToDoPage: the searchable listing of activities)
    ├── Organisations         (OrganisationIndexPage)
    │   └── Organisation      (OrganisationPage)
    │       └── Activity      (ActivityPage: run by the organisation above it)
    └── Places                (PlaceIndexPage)
        └── Place             (PlacePage)

Activities sit below their organisation so that an organisation's managers can be
given that one subtree and nothing else (activities.py). The section index pages are in
sections.py.
"""

import re

from modelcluster.fields import ParentalManyToManyField

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from search.document import ANSWER_FIELDS, Answerable, read_from
from sites.core.easyread.models import SimpleWordsPageMixin
from sites.core.languages.urls import AddressInReaderLanguage
from sites.core.numbers import validate_phone_number
from sites.core.pictures import PictureMixin
from sites.core.translation import synchronised

from ..homes import is_home, names_the_place
from ..panels import HomeAddressCheckPanel
from .mixins import AccessibilityMixin, FreshnessMixin

DESCRIPTION_FEATURES = ["bold", "italic", "link", "ol", "ul"]
UK_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", (value or "").upper())
    match = UK_POSTCODE.match(compact)
    if not match:
        return (value or "").strip().upper()
    return f"{match.group(1)} {match.group(2)}"


def validate_uk_postcode(value: str) -> None:
    if not UK_POSTCODE.match(re.sub(r"\s+", "", (value or "").upper())):
        raise ValidationError(
            gettext("'%(value)s' is not a UK postcode, such as SW9 8LF.") % {"value": value}
        )


def postcode_district(postcode: str) -> str:
    """The outward code only ('SW9 8LF' -> 'SW9'): enough to find, not enough to knock."""
    match = UK_POSTCODE.match(re.sub(r"\s+", "", (postcode or "").upper()))
    return match.group(1) if match else ""


def area_in_words(place) -> str:
    """'SW9 area' (or the town) for a place whose street address is not shown."""
    return (
        gettext("%(district)s area") % {"district": place.district}
        if place.district
        else place.town
    )


class OrganisationPage(
    AddressInReaderLanguage, Answerable, FreshnessMixin, PictureMixin, SimpleWordsPageMixin, Page
):
    summary = models.CharField(max_length=250, help_text="One plain sentence about what you do.")
    description = RichTextField(features=DESCRIPTION_FEATURES, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    website = models.URLField(blank=True)
    email = models.EmailField(
        blank=True,
        help_text="Shown to the public: the group's own address, never a person's.",
    )
    phone = models.CharField(
        max_length=30,
        blank=True,
        validators=[validate_phone_number],
        help_text="Shown to the public: the group's own number, never a person's mobile.",
    )
    facebook = models.URLField(blank=True)
    instagram = models.URLField(blank=True)
    x_twitter = models.URLField("X (Twitter)", blank=True)
    charity_number = models.CharField(max_length=20, blank=True)
    company_number = models.CharField(max_length=20, blank=True)
    places = ParentalManyToManyField("directory.PlacePage", blank=True, related_name="+")

    content_panels = [
        HomeAddressCheckPanel(heading=_("Check the address")),
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("logo"),
        *PictureMixin.picture_panels,
        MultiFieldPanel(
            [FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")], "Contact"
        ),
        MultiFieldPanel(
            [FieldPanel("facebook"), FieldPanel("instagram"), FieldPanel("x_twitter")],
            "Social media",
        ),
        FieldRowPanel([FieldPanel("charity_number"), FieldPanel("company_number")]),
        FieldPanel("places"),
        *FreshnessMixin.freshness_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("hidden_as_stale"),
        *ANSWER_FIELDS,  # what the engine filters, counts and sorts by
    ]

    parent_page_types = ["directory.OrganisationIndexPage"]
    subpage_types = ["directory.ActivityPage"]
    override_translatable_fields = synchronised(
        "phone", "charity_number", "company_number", "places", "hidden_as_stale"
    )

    class Meta:
        verbose_name = "organisation"


class PlacePage(
    AddressInReaderLanguage,
    Answerable,
    FreshnessMixin,
    AccessibilityMixin,
    PictureMixin,
    SimpleWordsPageMixin,
    Page,
):
    summary = models.CharField(max_length=250, blank=True)
    address_line_1 = models.CharField(max_length=100, blank=True)
    address_line_2 = models.CharField(max_length=100, blank=True)
    town = models.CharField(max_length=60, default="London")
    postcode = models.CharField(max_length=10, validators=[validate_uk_postcode])
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(49), MaxValueValidator(61)],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-9), MaxValueValidator(3)],
    )
    hide_street_address = models.BooleanField(
        default=False,
        help_text="For groups that meet in someone's home: only the postcode district "
        "(such as SW9) is ever shown, on the site and in every data feed.",
    )
    opening_times = models.TextField(
        blank=True, help_text="In plain words, e.g. 'Monday to Friday, 9am to 5pm'."
    )

    content_panels = [
        HomeAddressCheckPanel(heading=_("Check the address")),
        *Page.content_panels,
        FieldPanel("summary"),
        *PictureMixin.picture_panels,
        MultiFieldPanel(
            [
                FieldPanel("address_line_1"),
                FieldPanel("address_line_2"),
                FieldPanel("town"),
                FieldPanel("postcode"),
                FieldPanel("hide_street_address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            "Address",
        ),
        FieldPanel("opening_times"),
        *AccessibilityMixin.accessibility_panels,
        *FreshnessMixin.freshness_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("public_address"),
        index.SearchField("accessibility_in_words"),
        index.FilterField("hidden_as_stale"),
        *ANSWER_FIELDS,  # what the engine filters, counts and sorts by
        # In place of the title and summary fields above: a home's area, never its name
        # or summary (title_in_search, summary_in_search; sites/directory/homes.py).
        *read_from(
            [*Page.search_fields, index.SearchField("summary")],
            {"title": "title_in_search", "summary": "summary_in_search"},
        ),
    ]

    parent_page_types = ["directory.PlaceIndexPage"]
    subpage_types: list[str] = []
    override_translatable_fields = synchronised(
        "address_line_1", "address_line_2", "town", "postcode", "hidden_as_stale"
    )

    class Meta:
        verbose_name = "place"

    def clean(self):
        super().clean()
        self.postcode = normalise_postcode(self.postcode)

    def serve(self, request, *args, **kwargs):
        """Someone's home is not found by a visitor who is not signed in (homes.py)."""
        if not names_the_place(self, getattr(request, "user", None)):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        """Never a home: the sitemap is for everyone (homes.py)."""
        return [] if is_home(self) else super().get_sitemap_urls(request)

    @property
    def title_in_search(self) -> str:
        """Its name as search documents hold it: a home's area ("SW9 area"), never its
        name, which may be its host's (homes.py)."""
        return area_in_words(self) if is_home(self) else self.title

    @property
    def summary_in_search(self) -> str:
        """Its summary as search documents hold it: none for a home (it may name them)."""
        return "" if is_home(self) else self.summary

    @property
    def district(self) -> str:
        return postcode_district(self.postcode)

    @property
    def public_address_lines(self) -> list[str]:
        """What anyone outside the admin may see of the address."""
        if is_home(self):
            return [area_in_words(self)]
        lines = [self.address_line_1, self.address_line_2, self.town, self.postcode]
        return [line for line in lines if line]

    @property
    def public_address(self) -> str:
        return ", ".join(self.public_address_lines)

    @property
    def public_coordinates(self) -> tuple[float, float] | None:
        if is_home(self) or self.latitude is None or self.longitude is None:
            return None
        return float(self.latitude), float(self.longitude)

    @property
    def map_url(self) -> str:
        coordinates = self.public_coordinates
        if coordinates:
            lat, lon = coordinates
            return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
        if is_home(self):
            return ""
        return "https://www.openstreetmap.org/search?query=" + self.postcode.replace(" ", "+")
