from django.utils.functional import SimpleLazyObject

from .site_cache import branding_for_request, menu_for_request


def borough(request):
    """The current borough (None on the platform host), its branding and menu, read lazily
    (the links to the standard pages: sites/standard/context_processors.py).

    Branding and menu come from the per-borough caches in site_cache.py.
    """
    current = getattr(request, "borough", None)
    if current is None:
        return {"borough": None, "branding": None}

    def load_branding():
        return branding_for_request(request)

    def load_navigation():
        return menu_for_request(request)

    return {
        "borough": current,
        "branding": SimpleLazyObject(load_branding),
        "navigation_items": SimpleLazyObject(load_navigation),
    }
