"""The borough site built once in the template, and made a borough's own at launch.

Building a site page by page (thirteen pages through Wagtail's tree, with their
permissions, log entries and search updates) takes about a second, most of a launch.
So ``prepare_template_content`` builds the whole site once, in the template schema, for
a placeholder borough (``TEMPLATE_BOROUGH_NAME`` at ``TEMPLATE_HOST``). Every borough
schema is a copy of the template (cloned, or taken from the pool), so it starts with
that site, and the launch only rewrites what names the borough, row by row, with
``make_site_the_boroughs``: about twenty queries. The words it writes come from the
functions a page-by-page build uses (``home_page_fields``, ``starting_pages``,
``sites.standard.starting``), so the two cannot say different things; a test compares a
launched site with one built page by page.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from modelsearch.index import get_indexed_models
from wagtail.models import Locale, Page, PageLogEntry, Site

from search.indexing import sync_objects
from sites.core import setup
from sites.core.models import BrandingSettings
from sites.home.models import HomePage
from sites.standard.starting import rewrite_starting_text

TEMPLATE_BOROUGH_NAME = "Template borough"
# Reserved for documentation (RFC 2606): never a borough's web address.
TEMPLATE_HOST = "template-borough.invalid"


@dataclass(frozen=True)
class _Placeholder:
    name: str = TEMPLATE_BOROUGH_NAME
    default_language: str = settings.LANGUAGE_CODE


def build_template_site() -> Site:
    """Runs in the template schema, after its groups exist (prepare_template_content)."""
    return setup.build_borough_site(_Placeholder(), TEMPLATE_HOST, settings.PLATFORM_PORT)


def template_site() -> Site | None:
    """The placeholder site this schema was copied with, if nobody has claimed it yet."""
    return Site.objects.filter(hostname=TEMPLATE_HOST).select_related("root_page").first()


def make_site_the_boroughs(
    site: Site, borough, hostname: str, port: int, team_email: str = "", team_phone: str = ""
) -> Site:
    """Runs in the new borough's schema during launch: what ``build_borough_site`` would
    have written for this borough, written over the placeholder's."""
    home = site.root_page
    pages = Page.objects.filter(path__startswith=home.path)
    now = timezone.now()

    if home.locale.language_code != borough.default_language:
        locale, _ = Locale.objects.get_or_create(language_code=borough.default_language)
        pages.update(locale=locale)
    fields = setup.home_page_fields(borough)
    HomePage.objects.filter(pk=home.pk).update(draft_title=fields["title"], **fields)
    for spec in setup.starting_pages(borough):
        model = Page.objects.get(path__startswith=home.path, depth=home.depth + 1, slug=spec.slug)
        model.specific_class.objects.filter(pk=model.pk).update(
            title=spec.title, draft_title=spec.title, **spec.fields
        )
    home.refresh_from_db()
    rewrite_starting_text(home, borough, hostname)

    # Launched now, not when the template was prepared; the placeholder's name goes.
    pages.filter(first_published_at__isnull=False).update(
        first_published_at=now, last_published_at=now
    )
    PageLogEntry.objects.update(timestamp=now)  # the template keeps only its site's
    PageLogEntry.objects.filter(page=home).update(label=fields["title"])
    with connection.cursor() as cursor:
        # Each borough's pages are its own (a copy would share the template's keys).
        cursor.execute(
            "UPDATE wagtailcore_page SET translation_key = gen_random_uuid() WHERE path LIKE %s",
            [home.path + "%"],
        )

    site_name = setup.site_name_for(borough)
    Site.objects.filter(pk=site.pk).update(hostname=hostname, port=port, site_name=site_name)
    BrandingSettings.objects.filter(site=site).update(
        site_name=site_name, contact_email=team_email, contact_phone=team_phone
    )
    _index_starting_content(pages)
    site.refresh_from_db()
    return site


def _index_starting_content(pages) -> None:
    """The rows were copied or written without saves, so no search update was queued:
    queue them, the pages and everything else indexed that the template holds (the
    interests, which editors search for in the admin)."""
    by_model: dict[type, list] = {}
    for page in pages.exclude(depth=1).specific(defer=True):
        by_model.setdefault(type(page), []).append(page.pk)
    for model in get_indexed_models():
        if not issubclass(model, Page):
            pks = list(model._default_manager.values_list("pk", flat=True))
            if pks:
                by_model[model] = pks
    for model, pks in by_model.items():
        sync_objects(model, pks)
