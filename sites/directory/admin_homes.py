"""Hide street address now: an admin action on a live place, for anyone who may edit
it, when the edit form will not save it (locked by a schedule, by a review, or by
someone else). Its page confirms first, then services/homes.py does it."""

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

from .homes import is_home
from .models import PlacePage
from .services.homes import hide_home_now, may_hide_now, scheduled_showing_street

URL_NAME = "directory_hide_street_address"


class HideStreetAddressNow(PageMenuItem):
    """In the "More actions" menu of a live place's header in the admin. The header's
    page may be the latest version, not the live one, so the live row is read."""

    label = _("Hide street address now")
    icon_name = "view"
    url_name = URL_NAME
    priority = 62

    def is_shown(self, user):
        return may_hide_now(PlacePage.objects.filter(pk=self.page.pk).first(), user)


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
        return super().get_context_data(
            place=self.place,
            already_hidden=is_home(self.place),
            scheduled=scheduled_showing_street(self.place),
            back_url=reverse("wagtailadmin_pages:edit", args=[self.place.pk]),
            **kwargs,
        )

    def post(self, request, page_id):
        back = redirect("wagtailadmin_pages:edit", self.place.pk)
        done = hide_home_now(self.place, request.user)
        if done is None:  # hidden already, or not live (perhaps since the page was read)
            messages.warning(request, self.nothing_to_hide())
            return back
        message = gettext("The street address is hidden now.")
        if done.unscheduled:
            when = date_format(localtime(done.unscheduled), "DATETIME_FORMAT")
            message += " " + gettext(
                "The change that was to go live on %(when)s waits for an Editor now, "
                "with the street address hidden."
            ) % {"when": when}
        messages.success(request, message)
        return back

    def nothing_to_hide(self) -> str:
        if is_home(PlacePage.objects.get(pk=self.place.pk)):
            return gettext("Its street address is hidden already.")
        return gettext("This place is not live, so nobody sees its street address.")
