"""Cache invalidation only: what every borough page shows changed (see site_cache.py)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.images.models import AbstractImage
from wagtail.models import Locale, Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from search.models import SearchSynonym
from tenants.page_cache import pages_changed

from .models import BrandingSettings
from .site_cache import content_changed

# Pages (the menus, the home page's cards, the root page), the Site itself, locales (the
# root page's translation), the branding, and images (the branding's logo).
SHOWN_ON_EVERY_PAGE = (Page, Site, Locale, BrandingSettings, AbstractImage)
# What members write or change, shown to anonymous visitors on cached pages: a post
# hidden by a moderator or a deleted event must leave the page cache at once too.
MEMBER_CONTENT = {
    "community.thread",
    "community.post",
    "community.event",
    "community.communitygroup",
    "community.memberprofile",
}


@receiver(post_save)
@receiver(post_delete)
def forget_site_content(sender, instance=None, raw=False, **kwargs):
    if raw or instance is None:
        return
    if instance._meta.label_lower in MEMBER_CONTENT:
        pages_changed()
    if not isinstance(instance, SHOWN_ON_EVERY_PAGE):
        return
    content_changed()
    pages_changed()  # the proxy's cached pages of this borough show it too


@receiver(post_save, sender=SearchSynonym)
@receiver(post_delete, sender=SearchSynonym)
def forget_search_words(sender, instance=None, raw=False, **kwargs):
    """Every search reads the borough's everyday words from the site cache (apps.py)."""
    if not raw:
        content_changed()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def forget_site_content_after_page_change(sender, **kwargs):
    content_changed()
    pages_changed()
