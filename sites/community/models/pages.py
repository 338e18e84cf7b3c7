"""Section pages for community content. The content itself is in plain models; these
pages give each section its place in the tree, its title and its introduction, and
serve the listings and detail views through RoutablePageMixin."""

from django.db import models
from django.http import Http404
from django.urls import NoReverseMatch
from django.utils.translation import gettext, gettext_lazy

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from sites.community.discussions.routes import DiscussionRoutes
from sites.community.events.routes import EventRoutes
from sites.community.groups.routes import GroupRoutes
from sites.core.languages.urls import AddressInReaderLanguage


class CommunitySectionPage(AddressInReaderLanguage, RoutablePageMixin, Page):
    summary = models.CharField(max_length=250, blank=True)
    introduction = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        abstract = True

    @classmethod
    def for_request(cls, request=None):
        """This borough's live section page of this kind, remembered on the request."""
        cache = getattr(request, "_community_sections", None) if request is not None else None
        if cache is not None and cls in cache:
            return cache[cls]
        page = cls.objects.live().first()
        if request is not None:
            if cache is None:
                cache = request._community_sections = {}
            cache[cls] = page
        return page

    @classmethod
    def route_url(cls, name: str, *args, request=None) -> str:
        """A root-relative link to one of the section's routes (Http404 without a section)."""
        page = cls.for_request(request)
        if page is None:
            raise Http404(
                gettext("This borough has no %(verbose_name)s.")
                % {"verbose_name": cls._meta.verbose_name}
            )
        return page.get_url(request=None) + page.reverse_subpage(name, args=args)

    @classmethod
    def route_url_or_none(cls, name: str, *args) -> str | None:
        try:
            return cls.route_url(name, *args)
        except (Http404, NoReverseMatch):
            return None


class GroupIndexPage(GroupRoutes, CommunitySectionPage):
    class Meta:
        verbose_name = gettext_lazy("groups section")


class EventIndexPage(EventRoutes, CommunitySectionPage):
    class Meta:
        verbose_name = gettext_lazy("events section")


class DiscussionIndexPage(DiscussionRoutes, CommunitySectionPage):
    class Meta:
        verbose_name = gettext_lazy("discussions section")
