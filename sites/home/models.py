from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from sites.core.blocks import BodyStreamBlock
from sites.core.easyread.models import EasyReadPageMixin
from sites.core.languages.urls import AddressInReaderLanguage
from sites.core.site_cache import sections_of


class HomePage(AddressInReaderLanguage, EasyReadPageMixin, Page):
    """The front page of a borough site; every section page hangs below it."""

    introduction = models.TextField(
        blank=True, help_text="One or two plain sentences saying what the site is for."
    )
    body = StreamField(BodyStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "standard.StandardPage",
        "directory.ThingsToDoPage",
        "directory.OrganisationIndexPage",
        "directory.PlaceIndexPage",
        "community.GroupIndexPage",
        "community.EventIndexPage",
        "community.DiscussionIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = sections_of(request, self)
        return context
