"""The impact report in the Wagtail admin: a menu item and its URLs, for those who may see it.
Imported by ``sites/connecting/wagtail_hooks.py``."""

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .refreeze_views import RefreezeView
from .views import BoroughReportView, can_see_report

urlpatterns = [
    path("", BoroughReportView.as_view(), name="report"),
    path("print/", BoroughReportView.as_view(fmt="print"), name="print"),
    path("report.csv", BoroughReportView.as_view(fmt="csv"), name="csv"),
    path("refreeze/", RefreezeView.as_view(), name="refreeze"),
]


class ImpactReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_report(request.user)


@hooks.register("register_admin_urls")
def register_impact_urls():
    return [path("impact-report/", include((urlpatterns, "connecting_impact")))]


@hooks.register("register_admin_menu_item")
def register_impact_menu_item():
    return ImpactReportMenuItem(
        "Impact report", reverse("connecting_impact:report"), icon_name="table", order=265
    )
