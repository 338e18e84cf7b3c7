"""Section pages for community content. The content itself is in plain models; these
pages give each section its place in the tree, its title and its introduction, and
serve the listings and detail views through RoutablePageMixin."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from sites.community.discussions.routes import DiscussionRoutes
from sites.community.events.routes import EventRoutes
from sites.community.groups.routes import GroupRoutes


class CommunitySectionPage(RoutablePageMixin, Page):
    summary = models.CharField(max_length=250, blank=True)
    introduction = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        abstract = True


class GroupIndexPage(GroupRoutes, CommunitySectionPage):
    class Meta:
        verbose_name = "groups section"


class EventIndexPage(EventRoutes, CommunitySectionPage):
    class Meta:
        verbose_name = "events section"


class DiscussionIndexPage(DiscussionRoutes, CommunitySectionPage):
    class Meta:
        verbose_name = "discussions section"
