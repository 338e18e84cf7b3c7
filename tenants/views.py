"""Views of the platform host (landing page and console), plus per-borough media."""

import mimetypes
from urllib.parse import unquote, urlsplit

from django.contrib.auth.decorators import user_passes_test
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from .forms import LaunchBoroughForm
from .models import Borough
from .services import LaunchError, LaunchRequest, launch_borough

TOO_MUCH_SENT = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)

platform_staff_required = user_passes_test(lambda user: user.is_active and user.is_staff)


def landing(request):
    boroughs = Borough.objects.filter(status=Borough.Status.LIVE).prefetch_related("domains")
    return render(request, "tenants/landing.html", {"boroughs": boroughs})


@platform_staff_required
def console_home(request):
    boroughs = Borough.objects.prefetch_related("domains")
    return render(request, "tenants/console/home.html", {"boroughs": boroughs})


@platform_staff_required
def console_launch(request):
    result = None
    if request.method == "POST":
        form = LaunchBoroughForm(request.POST)
        if form.is_valid():
            try:
                result = launch_borough(LaunchRequest(**form.cleaned_data))
            except LaunchError as error:
                if error.field_errors:
                    form.apply_service_errors(error.field_errors)
                else:
                    form.add_error(None, error.message)
            else:
                form = LaunchBoroughForm()
    else:
        form = LaunchBoroughForm()
    status = 400 if request.method == "POST" and result is None else 200
    return render(
        request, "tenants/console/launch.html", {"form": form, "result": result}, status=status
    )


# Uploaded files (an SVG logo may hold a script) never run anything on our host.
MEDIA_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


@require_GET
def serve_media(request, schema_name, path):
    """A borough's media, and only its own: another borough's prefix is a 404."""
    if getattr(request, "borough", None) is None or schema_name != connection.schema_name:
        raise Http404("No such file.")
    if ".." in path.split("/") or path.startswith("/"):
        raise Http404("No such file.")
    if not default_storage.exists(path):
        raise Http404("No such file.")
    if isinstance(default_storage, FileSystemStorage):
        content_type, _ = mimetypes.guess_type(path)
        response = FileResponse(default_storage.open(path, "rb"), content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = MEDIA_POLICY
        return response
    return HttpResponseRedirect(default_storage.url(path))


def bad_request(request, exception=None):
    """A request we refuse whole. Too much sent at once (a note of megabytes, thousands of
    fields) says so, and that nothing was saved; anything else is a web address we do
    not serve (an unknown host)."""
    # Standalone pages without the request's context: what it sent may be unreadable.
    if isinstance(exception, TOO_MUCH_SENT):
        status = 413 if isinstance(exception, RequestDataTooBig) else 400
        return HttpResponse(render_to_string("400_too_much.html"), status=status)
    return HttpResponse(render_to_string("400.html"), status=400)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def sent_from_another_site(request) -> bool:
    """The browser says the request came from a page of another origin (another
    borough's host too): ``Sec-Fetch-Site``, else ``Origin``. Without either, it does not."""
    fetch_site = request.headers.get("Sec-Fetch-Site", "")
    if fetch_site:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("Origin", "")
    return bool(origin) and urlsplit(origin).netloc != request.get_host()


def answers_get(request, address: str) -> bool:
    """Whether ``address`` (a path of this host) is a page: a view that answers GET. A
    POST-only one (``require_POST``, a class view without ``get``: "Unblock", "Send the
    email again", a moderator's action) would answer a link with 405; an unknown one 404."""
    try:
        path = unquote(urlsplit(address).path)  # as the resolver sees a request's path
        match = resolve(path, urlconf=getattr(request, "urlconf", None))
    except Resolver404:
        return False
    view = match.func
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return "get" in view_class.http_method_names and hasattr(view_class, "get")
    while view is not None:  # through every decorator (functools.wraps keeps __wrapped__)
        methods = _allowed_methods(view)
        if methods is not None and "GET" not in methods:
            return False
        view = getattr(view, "__wrapped__", None)
    return True


def _allowed_methods(view) -> list | None:
    """The methods a ``require_http_methods`` (``require_POST``, ``require_GET``) layer lets
    through, read from its closure; None for any other layer."""
    code = getattr(view, "__code__", None)
    if code is None or "request_method_list" not in code.co_freevars:
        return None
    return view.__closure__[code.co_freevars.index("request_method_list")].cell_contents


def own_address(request) -> str:
    """The refused form's own address, for a form sent from this very host (never another
    site's page) to an address that answers GET (our forms are mostly sent to the page
    they are on); "" otherwise."""
    if request.method != "POST" or sent_from_another_site(request):
        return ""
    address = request.get_full_path()
    if not url_has_allowed_host_and_scheme(address, allowed_hosts={request.get_host()}):
        return ""  # "//another.example/": not an address of this host
    return address if answers_get(request, address) else ""


def _same_host_referer(request) -> str:
    """The page the browser says the form was on (``Referer``), as a path, when it is a
    page of this very host (so of this borough) that answers GET; "" otherwise."""
    referer = request.headers.get("Referer", "")
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(referer)
    if not parts.netloc:
        return ""  # a browser sends the whole address; anything else is not one
    address = parts.path + (f"?{parts.query}" if parts.query else "")
    if not url_has_allowed_host_and_scheme(address, allowed_hosts={request.get_host()}):
        return ""
    return address if answers_get(request, address) else ""


def form_page(request) -> str:
    """The page a refused form was on, to go back to, always one that answers GET: the
    ``Referer`` when it is a page of this host, else the request's own address
    (``own_address``); "" when neither (a button sent to a POST-only address without a
    Referer, a form from another site): the home page then."""
    if request.method != "POST" or sent_from_another_site(request):
        return ""
    return _same_host_referer(request) or own_address(request)


def csrf_failure(request, reason=""):
    """A form sent without its security token (a page open for hours, cookies off, a
    sign-in in another window): what to do next, in the site's own page, not Django's,
    with a link back to the page the form was on (``form_page``: one that answers GET),
    else to the home page."""
    return render(request, "403_csrf.html", {"form_page": form_page(request)}, status=403)


def server_error(request):
    return render(request, "500.html", status=500)
