"""Panels of the listings' admin forms that are not fields."""

from django.apps import apps
from django.urls import reverse

from wagtail.admin.panels import Panel

from .services.listing_text import address_flags


class HomeAddressCheckPanel(Panel):
    """At the top of a listing's form: what in its words may be a home address, so the
    Editor who approves the change (and its writer) checks it first. Shows nothing when
    nothing is found."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "directory/admin/home_address_check.html"

        def is_shown(self):
            return bool(self.flags)

        @property
        def flags(self):
            if not hasattr(self, "_flags"):
                self._flags = address_flags(self.instance)
            return self._flags

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["flags"] = self.flags
            return context


def place_adding_url(user) -> str:
    """Where ``user`` adds a place: the form under the first places section they may add
    to (Editors: any; an organisation manager: the borough's own language), or ""."""
    sections = apps.get_model("directory", "PlaceIndexPage")  # the models use these panels
    for section in sections.objects.order_by("path"):
        if section.permissions_for_user(user).can_add_subpage():
            return reverse("wagtailadmin_pages:add", args=("directory", "placepage", section.pk))
    return ""


class AddPlacePanel(Panel):
    """Under an activity's place: a link to add a new place, for a group meeting
    somewhere not listed yet. It opens in a new tab, so the activity's form keeps what
    was typed; the new place is then in the place chooser."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "directory/admin/add_place.html"

        def is_shown(self):
            return bool(self.url)

        @property
        def url(self):
            if not hasattr(self, "_url"):
                self._url = place_adding_url(self.request.user) if self.request else ""
            return self._url

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["add_place_url"] = self.url
            return context
