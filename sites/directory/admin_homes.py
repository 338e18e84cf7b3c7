"""Hide street address now: an admin action on a place, for anyone who may edit it, when
the edit form will not save it (locked by a schedule, by a review, or by someone else).
Its page says what will happen and asks to confirm; services/hide_now.py does it."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import PlacePage
from .services.hide_now import (
    hide_home_now,
    keeps_its_time,
    may_hide_now,
    scheduled_showing_street,
)

URL_NAME = "directory_hide_street_address"


class HideStreetAddressNow(PageMenuItem):
    """In the "More actions" menu of a place's header in the admin (the edit view and
    the explorer). The header's page may be the latest version, so the rows are read."""

    label = _("Hide street address now")
    icon_name = "view"
    url_name = URL_NAME
    priority = 62

    def is_shown(self, user):
        return may_hide_now(PlacePage.objects.filter(pk=self.page.pk).first(), user)


def _when(moment) -> str:
    return date_format(localtime(moment), "DATETIME_FORMAT")


class HideStreetAddressView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Hide street address now")
    header_icon = "warning"
    template_name = "directory/admin/hide_street_address.html"

    def dispatch(self, request, page_id):
        self.place = get_object_or_404(PlacePage, pk=page_id)
        if not self.place.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.place.get_admin_display_title()

    def get_context_data(self, **kwargs):
        scheduled = scheduled_showing_street(self.place)
        return super().get_context_data(
            may_hide=may_hide_now(self.place, self.request.user),
            nothing_to_hide=self.nothing_to_hide(),
            scheduled_for=_when(scheduled.approved_go_live_at) if scheduled else "",
            still_scheduled=keeps_its_time(self.place, scheduled),
            back_url=reverse("wagtailadmin_pages:edit", args=[self.place.pk]),
            **kwargs,
        )

    def post(self, request, page_id):
        back = redirect("wagtailadmin_pages:edit", self.place.pk)
        done = hide_home_now(self.place, request.user)
        if done is None:  # hidden already (perhaps since the page was read), or an alias
            messages.warning(request, self.nothing_to_hide())
            return back
        message = gettext("The street address is hidden now.")
        if done.scheduled_for and done.still_scheduled:
            message += " " + gettext(
                "The change scheduled for %(when)s will still go live then, with the "
                "street address hidden."
            ) % {"when": _when(done.scheduled_for)}
        elif done.scheduled_for:
            message += " " + gettext(
                "The change that was to go live on %(when)s showed the street address, "
                "so it is cancelled: an Editor can schedule it again."
            ) % {"when": _when(done.scheduled_for)}
        messages.success(request, message)
        return back

    def nothing_to_hide(self) -> str:
        if self.place.alias_of_id:
            return gettext("This page copies another place: hide its street address there.")
        return gettext("Its street address is hidden already.")
