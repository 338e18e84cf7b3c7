"""The directory's section pages below the home page: the "Things to do" listing and the
organisations' and places' index pages (the pages below them are in pages.py)."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from sites.core.languages.urls import AddressInReaderLanguage

from .pages import DESCRIPTION_FEATURES


class SectionIndexPage(AddressInReaderLanguage, Page):
    """A section below the home page; its children are listed on it."""

    summary = models.CharField(max_length=250, blank=True)
    introduction = RichTextField(features=DESCRIPTION_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True


class ThingsToDoPage(SectionIndexPage):
    """The listing of activities, with filters that work without JavaScript."""

    subpage_types: list[str] = []
    template = "directory/things_to_do_page.html"

    class Meta:
        verbose_name = "things to do listing"

    # Filters, results and pages of results: views.things_to_do_context, handed over by
    # DirectoryConfig.ready() (apps.py) so that models never import views.
    listing_context = None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(type(self).listing_context(self, request))
        return context


class OrganisationIndexPage(SectionIndexPage):
    subpage_types = ["directory.OrganisationPage"]

    class Meta:
        verbose_name = "organisations index"


class PlaceIndexPage(SectionIndexPage):
    subpage_types = ["directory.PlacePage"]

    class Meta:
        verbose_name = "places index"
