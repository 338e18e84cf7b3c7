"""The borough's interests as every search page's "Interest" filter reads them.

The list changes only when an Editor adds, renames, reorders or removes an interest, yet
every search page asked PostgreSQL for it. It is kept per process in the site cache
(sites/core/site_cache.py), and each change gives the borough a new content version after
it commits, so every process reads the new list at its next page.
"""

from sites.core.site_cache import cached, content_changed
from tenants.page_cache import pages_changed

from .models import Interest


def interest_options() -> list[tuple[str, str]]:
    """(slug, name) of each interest, in the Editors' order."""
    return cached(
        None, "interest-options", lambda: list(Interest.objects.values_list("slug", "name"))
    )


def interests_changed(sender, instance=None, raw=False, **kwargs) -> None:
    """An interest was saved or deleted: the filters (and pages naming it) are out of date."""
    if raw:
        return
    content_changed()
    pages_changed()
