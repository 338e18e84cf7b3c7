"""Directory admin views for Editors: join requests, stale listings, spreadsheets.

Each is a small ViewSet listed in ``wagtail_hooks.DirectoryViewSetGroup``, so it
appears in the "Directory" menu. Only Editors and Borough admins see and use them.
The views are thin: every decision is made by a service.
"""

import hashlib
import io

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import Page

from sites.core.numbers import whole_number
from sites.core.roles import BOROUGH_ADMINS, EDITORS
from tenants.emails import borough_base_url

from .models import OrganisationJoinRequest
from .services.csv_export import write_directory_csv
from .services.csv_import import example_csv, import_directory_csv
from .services.editors import directory_settings
from .services.freshness import (
    confirm_still_up_to_date,
    hide_cutoff,
    reminder_cutoff,
    stale_listings,
    today,
)
from .services.join_requests import (
    JoinRequestError,
    approve_join_request,
    decline_join_request,
    duplicate_problems,
    waiting_with_same_name,
)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SESSION_KEY = "directory-csv-import"


def is_directory_editor(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return Group.objects.filter(user=user, name__in=[EDITORS, BOROUGH_ADMINS]).exists()


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_directory_editor(request.user)


class EditorOnlyMixin(WagtailAdminTemplateMixin):
    """Editors and Borough admins only; the Directory menu's breadcrumbs."""

    viewset_label = ""
    index_url_name = ""

    def dispatch(self, request, *args, **kwargs):
        if not is_directory_editor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        if self.index_url_name:
            items.append({"url": reverse(self.index_url_name), "label": self.viewset_label})
        items.append({"url": "", "label": self.get_page_title()})
        return items


class EditorViewSet(ViewSet):
    menu_item_class = EditorsMenuItem


# --- Join requests -------------------------------------------------------------------------


class JoinRequestIndexView(EditorOnlyMixin, TemplateView):
    page_title = _("Join requests")
    header_icon = "group"
    template_name = "directory/admin/join_requests/index.html"

    def get_context_data(self, **kwargs):
        requests = OrganisationJoinRequest.objects.select_related("decided_by")
        return super().get_context_data(
            pending=requests.filter(status=OrganisationJoinRequest.Status.PENDING).order_by(
                "created_at"
            ),
            decided=requests.exclude(status=OrganisationJoinRequest.Status.PENDING).order_by(
                "-decided_at"
            )[:50],
            **kwargs,
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (this goes in the email to them)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: “We only list groups that meet in our borough.”"),
        error_messages={"required": _("Say why, in a sentence they will understand.")},
    )


class JoinRequestDetailView(EditorOnlyMixin, TemplateView):
    header_icon = "group"
    template_name = "directory/admin/join_requests/detail.html"
    viewset_label = _("Join requests")
    index_url_name = "directory_join_requests:index"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.join_request = get_object_or_404(OrganisationJoinRequest, pk=kwargs["pk"])

    def get_page_title(self):
        return self.join_request.organisation_name

    def get_context_data(self, **kwargs):
        join_request = self.join_request
        problems, same_name = {}, []
        if join_request.status == OrganisationJoinRequest.Status.PENDING:
            problems = duplicate_problems(
                join_request.organisation_name, join_request.contact_email, exclude=join_request
            )
            same_name = list(waiting_with_same_name(join_request))
        kwargs.setdefault("decline_form", DeclineForm())
        return super().get_context_data(
            join_request=join_request,
            pending=join_request.status == OrganisationJoinRequest.Status.PENDING,
            problems=problems.values(),
            same_name=same_name,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        detail = reverse("directory_join_requests:detail", args=[self.join_request.pk])
        try:
            if action == "approve":
                approval = approve_join_request(self.join_request, request.user, request.borough)
                messages.success(
                    request,
                    gettext("%(name)s is listed, and %(email)s can now manage it.")
                    % {"name": approval.organisation_page.title, "email": approval.user.email}
                    + (
                        ""
                        if approval.email_sent
                        else gettext(" The email to them could not be sent.")
                    ),
                )
                return redirect(detail)
            if action == "decline":
                form = DeclineForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(
                        self.get_context_data(decline_form=form), status=400
                    )
                sent = decline_join_request(
                    self.join_request, request.user, form.cleaned_data["reason"], request.borough
                )
                messages.success(
                    request,
                    (
                        gettext("Declined. We have emailed %(email)s.")
                        if sent
                        else gettext("Declined. We could not email %(email)s.")
                    )
                    % {"email": self.join_request.contact_email},
                )
                return redirect("directory_join_requests:index")
        except JoinRequestError as error:
            messages.error(request, error.message)
            return redirect(detail)
        return redirect(detail)


class JoinRequestViewSet(EditorViewSet):
    name = "directory_join_requests"
    url_prefix = "directory/join-requests"
    icon = "group"
    menu_label = _("Join requests")

    def get_urlpatterns(self):
        return [
            path("", JoinRequestIndexView.as_view(), name="index"),
            path("<int:pk>/", JoinRequestDetailView.as_view(), name="detail"),
        ]


# --- Stale listings ---------------------------------------------------------------------------


class StaleListingsView(EditorOnlyMixin, TemplateView):
    page_title = _("Stale listings")
    header_icon = "time"
    template_name = "directory/admin/stale_listings.html"

    def get_context_data(self, **kwargs):
        settings = directory_settings()
        on = today()
        return super().get_context_data(
            listings=[
                {"page": page, "kind": page._meta.verbose_name.capitalize()}
                for page in stale_listings(on)
            ],
            settings=settings,
            reminder_cutoff=reminder_cutoff(settings, on),
            hide_cutoff=hide_cutoff(settings, on),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        ids = [pk for pk in map(whole_number, request.POST.getlist("page")) if pk is not None]
        pages = [page.specific for page in Page.objects.filter(pk__in=ids)]
        pages = [page for page in pages if hasattr(page, "last_checked_on")]
        if pages:
            confirm_still_up_to_date(pages)
            messages.success(
                request,
                ngettext(
                    "Marked %(count)s listing as checked today, and shown again.",
                    "Marked %(count)s listings as checked today, and shown again.",
                    len(pages),
                )
                % {"count": len(pages)},
            )
        else:
            messages.warning(request, gettext("Choose the listings you have checked."))
        return redirect("directory_stale_listings:index")


class StaleListingsViewSet(EditorViewSet):
    name = "directory_stale_listings"
    url_prefix = "directory/stale-listings"
    icon = "time"
    menu_label = _("Stale listings")

    def get_urlpatterns(self):
        return [path("", StaleListingsView.as_view(), name="index")]


# --- Spreadsheets: import and export -----------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Save your spreadsheet as “CSV UTF-8”. We check it first and show you "
            "what would change; nothing is imported until you confirm."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(gettext("The file is larger than 5 MB: split it in two."))
        return upload


class SpreadsheetView(EditorOnlyMixin, TemplateView):
    page_title = _("Import and export")
    header_icon = "table"
    template_name = "directory/admin/spreadsheets.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", UploadForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            return self._commit(request)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data["file"].read()
        report = import_directory_csv(data, commit=False, user=request.user)
        digest = hashlib.sha256(data).hexdigest()
        if report.ok:
            request.session[SESSION_KEY] = {
                "digest": digest,
                "data": data.decode("latin-1"),  # bytes kept as-is through JSON
                "name": form.cleaned_data["file"].name,
            }
        return self.render_to_response(
            self.get_context_data(
                report=report, digest=digest, file_name=form.cleaned_data["file"].name
            ),
            status=200 if report.ok else 400,
        )

    def _commit(self, request):
        stored = request.session.get(SESSION_KEY)
        if not stored or stored.get("digest") != request.POST.get("digest"):
            messages.error(request, gettext("Upload the file again: we no longer have it."))
            return redirect("directory_spreadsheets:index")
        report = import_directory_csv(
            stored["data"].encode("latin-1"), commit=True, user=request.user
        )
        if report.ok:
            del request.session[SESSION_KEY]
            messages.success(request, report.summary)
            return redirect("directory_spreadsheets:index")
        return self.render_to_response(
            self.get_context_data(report=report, file_name=stored["name"]), status=400
        )


def export_view(request):
    if not is_directory_editor(request.user):
        raise PermissionDenied
    out = io.StringIO()
    write_directory_csv(out, borough_base_url(request.borough))
    name = f"connect-and-do-{request.borough.slug}-activities-{timezone.localdate()}.csv"
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def example_view(request):
    if not is_directory_editor(request.user):
        raise PermissionDenied
    response = HttpResponse("\ufeff" + example_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="directory-import-example.csv"'
    return response


class SpreadsheetViewSet(EditorViewSet):
    name = "directory_spreadsheets"
    url_prefix = "directory/spreadsheets"
    icon = "table"
    menu_label = _("Import and export")

    def get_urlpatterns(self):
        return [
            path("", SpreadsheetView.as_view(), name="index"),
            path("export/", export_view, name="export"),
            path("example/", example_view, name="example"),
        ]
