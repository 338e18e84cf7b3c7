from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from sites.core.blocks import BodyStreamBlock
from sites.core.easyread.models import EasyReadPageMixin
from sites.core.languages.urls import AddressInReaderLanguage


class StandardPage(AddressInReaderLanguage, EasyReadPageMixin, Page):
    """Information pages: about us, accessibility statement, privacy, help."""

    class Kind(models.TextChoices):
        """The standard pages every borough starts with; the footer links to them by kind,
        so an Editor may rename or move them without breaking a link."""

        ABOUT = "about", "About"
        COMMUNITY_CONNECTING = "community_connecting", "How Community Connecting works"
        GET_HELP = "get_help", "Get help now"
        HELP = "help", "Help using this website"
        PRIVACY = "privacy", "Privacy notice"
        ACCESSIBILITY = "accessibility", "Accessibility statement"

    summary = models.CharField(max_length=250, blank=True)
    body = StreamField(BodyStreamBlock(), blank=True)
    # Set at launch only (sites/standard/starting/); empty for pages Editors add.
    kind = models.CharField(max_length=30, choices=Kind.choices, blank=True, editable=False)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "standard.StandardPage"]
    subpage_types = ["standard.StandardPage"]

    class Meta:
        verbose_name = "information page"
