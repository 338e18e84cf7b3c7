"""Boroughs launched before a default changed: ``refresh_borough_defaults`` gives them
what new boroughs now start with (sites/core/setup.py), and takes out a Borough admin's own
address from an old footer. Run by the ``refresh_borough_defaults`` command on deploy."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from wagtail.models import Site

from search.models import SearchSynonym
from sites.community.models import Topic
from sites.community.services.discussions import ensure_default_topics
from sites.core.models import BrandingSettings
from sites.core.permissions import (
    all_default_model_permissions,
    grant_page_and_collection_permissions,
    grant_section_page_permissions,
    remove_excess_permissions,
)
from sites.core.roles import BOROUGH_GROUPS, borough_admins
from sites.core.setup import (
    ensure_default_interests,
    ensure_default_synonyms,
    ensure_starting_pages,
)
from sites.directory.models.taxonomy import Interest
from sites.directory.services.organisation_access import share_places
from sites.standard.starting import ensure_standard_pages


def _remove_personal_email(site) -> str:
    """Boroughs launched before the team's email was asked for show the first admin's own
    address in every footer: a Borough admin's account address is taken out (only that,
    so a team inbox an Editor signs in with is left as the borough chose)."""
    branding = BrandingSettings.for_site(site)
    email = branding.contact_email
    if not email or not borough_admins().filter(email__iexact=email).exists():
        return ""
    branding.contact_email = ""
    branding.save(update_fields=["contact_email"])
    return email


def _use_platform_port(site) -> int:
    """The port visitors use, on the borough's Wagtail Site, which writes the full web
    addresses of its pages (the sitemap): boroughs launched while production still
    defaulted to the development server's 8000 named that. The new port, or 0."""
    if site.port == settings.PLATFORM_PORT:
        return 0
    site.port = settings.PLATFORM_PORT
    site.save(update_fields=["port"])
    return site.port


def _ensure_groups() -> tuple[list[str], int]:
    """Missing staff groups and default model permissions, read in a few queries for all
    groups at once (the names of the groups added, how many permissions were added)."""
    groups = Group.objects.in_bulk(BOROUGH_GROUPS, field_name="name")
    added = [name for name in BOROUGH_GROUPS if name not in groups]
    for name in added:
        groups[name] = Group.objects.create(name=name)
    have = set(
        Group.permissions.through.objects.filter(group__name__in=BOROUGH_GROUPS).values_list(
            "group_id", "permission_id"
        )
    )
    permissions = 0
    for name, defaults in all_default_model_permissions().items():
        group = groups[name]
        missing = [p for p in defaults if (group.pk, p.pk) not in have]
        if missing:
            group.permissions.add(*missing)
            permissions += len(missing)
    return added, permissions


@dataclass
class RefreshedDefaults:
    """What ``refresh_borough_defaults`` added to one borough, and the excess page and
    media permissions it removed (EXACT_PAGE_AND_MEDIA_GROUPS only)."""

    groups: list[str] = field(default_factory=list)
    model_permissions: int = 0
    page_and_collection_permissions: int = 0
    pages: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # starting text in pages nobody wrote
    personal_email_removed: str = ""  # a person's own address the footer used to show
    interests: int = 0
    topics: int = 0
    synonyms: int = 0
    removed_page_and_collection_permissions: int = 0
    port: int = 0  # the site's port, when it named another
    # Organisation managers' grants on the places their organisation alone uses, given or
    # taken back (share_places); boroughs from before those grants get them here.
    place_grants: int = 0

    @property
    def changed(self) -> bool:
        return any(vars(self).values())

    def __str__(self):
        if not self.changed:
            return "already up to date"
        added = [
            f"groups {', '.join(self.groups)}" if self.groups else "",
            f"{self.model_permissions} permissions" if self.model_permissions else "",
            f"{self.page_and_collection_permissions} page and media permissions"
            if self.page_and_collection_permissions
            else "",
            f"pages {', '.join(self.pages)}" if self.pages else "",
            f"starting text in {', '.join(self.written)}" if self.written else "",
            f"{self.interests} interests" if self.interests else "",
            f"{self.topics} discussion topics" if self.topics else "",
            f"{self.synonyms} search synonyms" if self.synonyms else "",
        ]
        removed = [
            f"{self.personal_email_removed}, a person's own address, from the footer"
            if self.personal_email_removed
            else "",
            f"{self.removed_page_and_collection_permissions} page and media permissions"
            if self.removed_page_and_collection_permissions
            else "",
        ]
        port = [f"the site's port to {self.port}" if self.port else ""]
        grants = [
            f"{self.place_grants} organisation managers' place grants" if self.place_grants else ""
        ]
        said = [
            f"{verb} {'; '.join(part for part in parts if part)}"
            for verb, parts in (
                ("added", added),
                ("removed", removed),
                ("set", port),
                ("brought in line", grants),
            )
            if any(parts)
        ]
        return "; ".join(said)


def refresh_borough_defaults(borough) -> RefreshedDefaults:
    """Give a borough launched earlier what new boroughs now start with (current schema).

    Adds missing staff groups, their default permissions, starting pages and sections,
    and the default interests, topics and search synonyms when the borough has none at all
    (so an Editor's deliberate deletions are respected). Brings organisation managers'
    place grants in line (``share_places``, otherwise run only when a listing is
    published or unpublished). Removes one thing: page and media
    permissions of EXACT_PAGE_AND_MEDIA_GROUPS (Moderators) beyond their defaults, on any
    page or collection, since moderating needs none. Nothing else a borough chose is
    taken away. Idempotent; one transaction, so a failure changes nothing.
    """
    refreshed = RefreshedDefaults()
    with transaction.atomic():
        refreshed.groups, refreshed.model_permissions = _ensure_groups()
        site = Site.objects.get(is_default_site=True)
        home = site.root_page
        refreshed.page_and_collection_permissions = grant_page_and_collection_permissions(home)
        for translated_home in home.get_translations():  # beside it, not below it
            refreshed.page_and_collection_permissions += grant_page_and_collection_permissions(
                translated_home
            )
        refreshed.removed_page_and_collection_permissions = remove_excess_permissions()
        refreshed.pages = [page.title for page in ensure_starting_pages(home, borough)]
        added, refreshed.written = ensure_standard_pages(home, borough, site.hostname)
        refreshed.pages += added
        # Once every section is there: Organisation managers add places.
        refreshed.page_and_collection_permissions += grant_section_page_permissions(home)
        refreshed.personal_email_removed = _remove_personal_email(site)
        refreshed.port = _use_platform_port(site)
        if not Interest.objects.exists():
            ensure_default_interests()
            refreshed.interests = Interest.objects.count()
        if not Topic.objects.exists():
            ensure_default_topics()
            refreshed.topics = Topic.objects.count()
        if not SearchSynonym.objects.exists():
            refreshed.synonyms = ensure_default_synonyms()
        refreshed.place_grants = share_places()
    return refreshed
