"""The Content-Security-Policy of public pages and of the Wagtail admin (django-csp;
connectdo/csp.py), from the origins media and map tiles come from."""

from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE


def content_security_policies(media_origins: list[str], tile_url: str) -> tuple[dict, dict]:
    """(public pages' policy, the admin's). Public pages: nothing inline but the
    borough's colours, whose <style> carries the request's nonce; nothing may frame
    them. The admin uses inline scripts and styles and frames its own previews: a
    relaxed policy for it alone, still limited to this host."""
    # The map's tiles ("{s}" subdomains become a wildcard).
    tile_origins = ["{0.scheme}://{0.netloc}".format(urlsplit(tile_url.replace("{s}", "*")))]
    public = {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *media_origins, *tile_origins],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
    admin = public | {
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *media_origins],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
    }
    return {"DIRECTIVES": public}, {"DIRECTIVES": admin}
