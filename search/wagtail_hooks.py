"""Search synonyms in the Wagtail admin (Settings → Search synonyms).

Editors and Borough admins keep the list: Editors through their group's model
permissions (sites/core/permissions.py), Borough admins through having every permission.
Wagtail's model permission policy checks the same on every view, not only the menu.
"""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import SearchSynonym


class SearchSynonymViewSet(ModelViewSet):
    model = SearchSynonym
    name = "search_synonyms"
    url_prefix = "search/synonyms"
    icon = "search"
    menu_label = "Search synonyms"
    add_to_settings_menu = True
    copy_view_enabled = False
    form_fields = ["word", "also_means", "both_ways"]
    list_display = ["word", "also_means", "both_ways"]
    search_fields = ["word", "also_means"]


@hooks.register("register_admin_viewset")
def register_search_synonyms():
    return SearchSynonymViewSet()


@hooks.register("register_admin_viewset")
def register_unmet_needs_report():
    from .demand_views import UnmetNeedsViewSet

    return UnmetNeedsViewSet()
