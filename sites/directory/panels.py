"""Panels of the listings' admin forms that are not fields."""

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
