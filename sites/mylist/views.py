"""My list: the save button's endpoint, the list, its print view, sending it by email,
and the read-only list behind a share link. Thin: selectors read, services write."""

from urllib.parse import urlsplit

from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sites.core.doors import may_email
from sites.core.ratelimit import attempt, limit, limit_address

from . import selectors, services
from .forms import EmailListForm, SaveForm

TEMPLATES = "mylist/"


def _same_origin(request) -> bool:
    """Sent by a page of this very host (what browsers say of every form they post)."""
    if request.headers.get("Sec-Fetch-Site") == "same-origin":
        return True
    origin = request.headers.get("Origin", "")
    return bool(origin) and urlsplit(origin).netloc == request.get_host()


def _token_checked(request) -> bool:
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is None


def _safe_next(request, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse("mylist:list")


# The button sits on pages the page cache may share (activities, places): they carry no
# CSRF token, so this view checks the request came from this site instead (Origin or
# Sec-Fetch-Site, sent by every current browser). A browser that sends neither is asked to
# confirm on a page whose form carries Django's usual token.
@csrf_exempt
@require_POST
@never_cache
def save_item(request):
    form = SaveForm(request.POST)
    if not form.is_valid():
        problem = _("We could not tell what to save. Please go back and try again.")
        return render(request, TEMPLATES + "problem.html", {"problem": problem}, status=400)
    ref = form.cleaned_data["item"]
    if not (_same_origin(request) or _token_checked(request)):
        return render(request, TEMPLATES + "confirm.html", {"form": form})
    found = selectors.entries([ref], request.user, request)
    if form.cleaned_data["action"] == "remove":
        services.remove(request, ref)
    elif not found:
        problem = _("That is no longer listed, so it cannot be saved.")
        return render(request, TEMPLATES + "problem.html", {"problem": problem}, status=404)
    else:
        try:
            services.save(request, ref)
        except services.ListFull as full:
            return render(request, TEMPLATES + "problem.html", {"problem": str(full)}, status=400)
    return redirect(_safe_next(request, form.cleaned_data["next"]))


def _list_context(request) -> dict:
    refs = selectors.refs_of(request)
    entries = selectors.entries(refs, request.user, request)
    shown = [entry.ref for entry in entries]
    share = selectors.share_token(shown) if shown else ""
    return {
        "entries": entries,
        "share_url": request.build_absolute_uri(reverse("mylist:shared", args=[share]))
        if share
        else "",
        "max_items": selectors.MAX_ITEMS,
    }


@require_GET
@never_cache
def my_list(request):
    return render(request, TEMPLATES + "list.html", _list_context(request))


@require_GET
@never_cache
def print_list(request):
    return render(request, TEMPLATES + "print.html", _list_context(request))


@require_http_methods(["GET", "POST"])
@never_cache
def email_list(request):
    context = _list_context(request)
    # Only what anyone may see goes to an address someone typed.
    public = selectors.entries([entry.ref for entry in context["entries"]], None, request)
    form = EmailListForm(request.POST if request.method == "POST" else None)
    status = 400 if form.is_bound else 200

    def send() -> bool:
        limit("my-list-email", limit_address(request))
        if not may_email(form.cleaned_data["email"], "my-list-email"):
            return True  # answered as if it went: the page says nothing about the address
        return services.send_list(
            request.borough,
            public,
            form.cleaned_data["email"],
            context["share_url"],
            request.build_absolute_uri("/").rstrip("/"),
        )

    if form.is_valid() and public:
        counted = attempt(form, send)
        status = counted.status
        if counted.done:
            if counted.result:
                return render(request, TEMPLATES + "email_sent.html", context)
            form.add_error(None, _("We could not send the email just now. Please try later."))
            status = 503
    return render(
        request,
        TEMPLATES + "send.html",
        context | {"form": form, "public": public},
        status=status if form.is_bound else 200,
    )


@require_GET
def shared_list(request, token: str):
    refs = selectors.refs_from_token(token)
    if refs is None:
        return render(request, TEMPLATES + "shared.html", {"broken": True}, status=404)
    entries = selectors.entries(refs, None, request)
    return render(request, TEMPLATES + "shared.html", {"entries": entries, "token": token})
