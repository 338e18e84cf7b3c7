from django.utils.functional import SimpleLazyObject


def borough(request):
    """The current borough (None on the platform host) and its branding, read lazily."""
    current = getattr(request, "borough", None)
    if current is None:
        return {"borough": None, "branding": None}

    def load_branding():
        from sites.core.models import BrandingSettings

        return BrandingSettings.for_request(request)

    def load_navigation():
        from wagtail.models import Site

        site = Site.find_for_request(request)
        if site is None:
            return []
        return list(site.root_page.get_children().live().in_menu())

    return {
        "borough": current,
        "branding": SimpleLazyObject(load_branding),
        "navigation_items": SimpleLazyObject(load_navigation),
    }
