"""Small helpers the directory's services share: the borough's site, its settings, its Editors."""

from wagtail.models import Site

from ..models import DirectorySettings
from .reports import editor_addresses


def borough_site() -> Site | None:
    """The borough's one Site (launch creates it as the default site)."""
    return Site.objects.filter(is_default_site=True).first() or Site.objects.first()


def directory_settings() -> DirectorySettings:
    site = borough_site()
    if site is None:
        return DirectorySettings()
    return DirectorySettings.for_site(site)


def editors_emails() -> list[str]:
    """Every active Editor, and the borough's directory inbox, once each."""
    site = borough_site()
    if site is None:
        return []
    return editor_addresses(site.root_page)
