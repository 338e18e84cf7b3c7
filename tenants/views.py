"""Views of the platform host (landing page and console), plus per-borough media."""

import mimetypes
from urllib.parse import urlsplit

from django.contrib.auth.decorators import user_passes_test
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
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


def form_page(request) -> str:
    """The page a refused form was on, to go back to: the request's own address (our
    forms are sent to the page they are on), for a form sent from this very host only,
    never another site's page; "" when that is not known."""
    if request.method != "POST" or sent_from_another_site(request):
        return ""
    address = request.get_full_path()
    if not url_has_allowed_host_and_scheme(address, allowed_hosts={request.get_host()}):
        return ""  # "//another.example/": not an address of this host
    return address


def csrf_failure(request, reason=""):
    """A form sent without its security token (a page open for hours, cookies off, a
    sign-in in another window): what to do next, in the site's own page, not Django's,
    with a link back to the form's page (``form_page``), else to the home page."""
    return render(request, "403_csrf.html", {"form_page": form_page(request)}, status=403)


def server_error(request):
    return render(request, "500.html", status=500)
