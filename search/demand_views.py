"""Reports → Unmet search needs: for Editors and Borough admins only (the
``borough_search.view_searchdemand`` permission, sites/core/permissions.py). Each borough's
rows live in its own schema, so no borough ever sees another's searches."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.views.generic import TemplateView

from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from .demand import LITTLE, unmet_needs
from .models import SearchSettings

PERMISSION = "borough_search.view_searchdemand"
WEEKS = 8


class UnmetNeedsView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Unmet search needs"
    header_icon = "search"
    template_name = "search/admin/unmet_needs.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        weeks, needs = unmet_needs(weeks=WEEKS)
        return super().get_context_data(
            weeks=weeks,
            needs=needs,
            little=LITTLE,
            months=SearchSettings.load().demand_months,
            **kwargs,
        )


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


class UnmetNeedsViewSet(ViewSet):
    name = "search_unmet_needs"
    url_prefix = "reports/unmet-search-needs"
    icon = "search"
    menu_label = "Unmet search needs"
    menu_hook = "register_reports_menu_item"
    menu_item_class = ReportMenuItem
    add_to_admin_menu = True

    def get_urlpatterns(self):
        return [path("", UnmetNeedsView.as_view(), name="index")]
