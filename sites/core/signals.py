"""Cache invalidation only: what every borough page shows changed (see site_cache.py)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.images.models import AbstractImage
from wagtail.models import Locale, Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import BrandingSettings
from .site_cache import content_changed

# Pages (the menus, the home page's cards, the root page), the Site itself, locales (the
# root page's translation), the branding, and images (the branding's logo).
SHOWN_ON_EVERY_PAGE = (Page, Site, Locale, BrandingSettings, AbstractImage)


@receiver(post_save)
@receiver(post_delete)
def forget_site_content(sender, instance=None, raw=False, **kwargs):
    if raw or not isinstance(instance, SHOWN_ON_EVERY_PAGE):
        return
    content_changed()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def forget_site_content_after_page_change(sender, **kwargs):
    content_changed()
