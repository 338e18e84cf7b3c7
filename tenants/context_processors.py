from django.utils.functional import SimpleLazyObject


def borough(request):
    """The current borough (None on the platform host), its branding, menu and the links to
    its standard pages (privacy, accessibility, get help...), read lazily.

    Branding and menu come from the per-borough caches in sites/core/site_cache.py.
    """
    current = getattr(request, "borough", None)
    if current is None:
        return {"borough": None, "branding": None}

    def load_branding():
        from sites.core.site_cache import branding_for_request

        return branding_for_request(request)

    def load_navigation():
        from sites.core.site_cache import menu_for_request

        return menu_for_request(request)

    def load_standard_links():
        from sites.core.site_cache import standard_links_for_request

        return standard_links_for_request(request)

    return {
        "borough": current,
        "branding": SimpleLazyObject(load_branding),
        "navigation_items": SimpleLazyObject(load_navigation),
        "standard_links": SimpleLazyObject(load_standard_links),
    }
