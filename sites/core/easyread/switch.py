"""The Easy Read switch: a plain link (``?easyread=on`` or ``?easyread=off``, no
JavaScript) that is remembered in the session for the visit, then sends the visitor back
to the same address without it.

The session cookie is strictly necessary for the service the visitor asked for, so it
needs no cookie banner; a visitor who never uses the switch gets no session at all (the
choice is read only when a session cookie came with the request). Pages shown in Easy
Read are marked ``private``: the page cache (tenants/page_cache.py, Varnish) keeps only
anonymous pages of visitors without a session, so Easy Read pages are never stored, and
nobody with Easy Read on is served a stored page (Varnish passes every request with a
session cookie).
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.cache import patch_cache_control, patch_vary_headers

PARAMETER = "easyread"
SESSION_KEY = "easy_read"
CHOICES = {"on": True, "off": False}


def easy_read_on(request) -> bool:
    """Never creates a session: without a session cookie the answer is no."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES or not hasattr(request, "session"):
        return False
    return bool(request.session.get(SESSION_KEY))


def remember(request, on: bool) -> None:
    if on:
        request.session[SESSION_KEY] = True
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            request.session.set_expiry(0)  # for this visit only: gone when the browser closes
    elif settings.SESSION_COOKIE_NAME in request.COOKIES:
        request.session.pop(SESSION_KEY, None)
        if set(request.session.keys()) <= {"_session_expiry"}:
            # Nothing else in it: the session and its cookie go, so pages cache again.
            request.session.flush()


def address_without_switch(request) -> str:
    """The same page and query, without the switch; always a path on this host."""
    query = request.GET.copy()
    query.pop(PARAMETER, None)
    path = "/" + request.path.lstrip("/")  # "//evil.example/" would leave the site
    return f"{path}?{query.urlencode()}" if query else path


def switch_url(request, choice: str) -> str:
    """The link that turns Easy Read on or off here, keeping the page's own query."""
    query = request.GET.copy()
    query[PARAMETER] = choice
    return f"{request.path}?{query.urlencode()}"


class EasyReadMiddleware:
    """After SessionMiddleware. Sets ``request.easy_read`` on borough pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        on_borough = getattr(request, "borough", None) is not None
        choice = request.GET.get(PARAMETER)
        if on_borough and choice is not None and request.method in ("GET", "HEAD"):
            if choice in CHOICES:
                remember(request, CHOICES[choice])
            # An unknown value changes nothing: back to the page as it was.
            return HttpResponseRedirect(address_without_switch(request))
        request.easy_read = on_borough and easy_read_on(request)
        response = self.get_response(request)
        if request.easy_read:
            # Belt and braces: never stored by a shared cache, whatever the page says.
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response
