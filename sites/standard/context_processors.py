"""The footer's and forms' links to the standard pages, read lazily (cached per borough
in sites/core/site_cache.py)."""

from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from wagtail.models import Site

from sites.core.site_cache import cached

from .models import StandardPage


def standard_links_for_request(request) -> dict[str, str]:
    """The URL of each standard page (privacy, accessibility, get help...) by its kind,
    for the footer and forms; a kind whose page was deleted or unpublished is absent."""
    site = Site.find_for_request(request)
    if site is None:
        return {}

    def load():
        pages = (
            StandardPage.objects.live()
            .descendant_of(site.root_page)
            .exclude(kind="")
            .order_by("-path")  # the first of two pages of one kind wins
        )
        return {page.kind: page.get_url(request=request) for page in pages}

    return cached(request, f"standard-links:{site.pk}:{site.root_page_id}:{get_language()}", load)


def standard_links(request):
    if getattr(request, "borough", None) is None:
        return {}
    return {"standard_links": SimpleLazyObject(lambda: standard_links_for_request(request))}
