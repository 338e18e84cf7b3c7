"""What every borough page shows (Site, branding, menus, home page cards) is cached per
borough and refreshed, in every process, as soon as an Editor's change is committed."""

import uuid

import pytest

from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

from sites.core import site_cache
from sites.core.models import BrandingSettings
from sites.standard.models import StandardPage
from tests.conftest import client_for, inside

# Letters only: a hex string such as "6719e16" reads as a number to PostgreSQL's parser.
CANARY = "canary" + "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:12])


def home_page(borough) -> str:
    response = client_for(borough).get("/")
    assert response.status_code == 200
    return response.content.decode()


def rename_branding(borough, site_name: str) -> None:
    with inside(borough):
        branding = BrandingSettings.objects.get()
        branding.site_name = site_name
        branding.save()


def add_menu_page(borough, title: str) -> StandardPage:
    with inside(borough):
        home = Site.objects.get().root_page
        return home.add_child(instance=StandardPage(title=title, slug=title, show_in_menus=True))


@pytest.mark.django_db
def test_a_warm_home_page_makes_four_queries(lambeth):
    client = client_for(lambeth)
    assert client.get("/").status_code == 200  # fills this process's caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    sql = [query["sql"] for query in captured.captured_queries]
    # 1. SET search_path to the borough (one per request, TENANT_LIMIT_SET_CALLS)
    # 2. wagtailcore_locale: Wagtail's Locale.get_active() for the root page's translation
    # 3-4. the view restrictions of the page and its ancestors (Wagtail's
    #      before_serve_page hook): never cached, so a new restriction applies at once.
    # Site, root page, home page, branding, menu, cards and content types: cached.
    assert len(sql) == 4, "\n".join(sql)
    assert sql[0].startswith("SET search_path")
    for table in ("django_content_type", "wagtailcore_site", "core_brandingsettings"):
        assert not [statement for statement in sql if table in statement], table


@pytest.mark.django_db
def test_boroughs_never_see_each_others_cached_site_branding_or_menus(
    lambeth, southwark, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rename_branding(lambeth, f"Lambeth {CANARY}")
        rename_branding(southwark, f"Southwark {CANARY}")
        add_menu_page(lambeth, f"lambethonly{CANARY}")
        add_menu_page(southwark, f"southwarkonly{CANARY}")
    # Same ids in both schemas (cloned from one template): only the schema tells them apart.
    with inside(lambeth):
        lambeth_ids = (Site.objects.get().pk, BrandingSettings.objects.get().pk)
    with inside(southwark):
        assert (Site.objects.get().pk, BrandingSettings.objects.get().pk) == lambeth_ids
    for round_number in range(4):
        if round_number == 2:
            # Even were two boroughs to hold the same version, entries stay per schema.
            for borough in (lambeth, southwark):
                with inside(borough):
                    cache.set(site_cache.VERSION_KEY, f"same-{CANARY}", timeout=None)
        for own, other in ((lambeth, "southwark"), (southwark, "lambeth")):
            page = home_page(own)
            assert f"{own.slug.capitalize()} {CANARY}" in page  # branding
            assert f"{own.slug}only{CANARY}" in page  # menu and home page cards
            assert f"{other.capitalize()} {CANARY}" not in page
            assert f"{other}only{CANARY}" not in page
            assert f"<h1>Connect &amp; Do {own.slug.capitalize()}</h1>" in page  # site, page


@pytest.mark.django_db
def test_a_branding_change_shows_on_the_next_request_in_every_process(
    lambeth, django_capture_on_commit_callbacks
):
    assert CANARY not in home_page(lambeth)
    other_worker = dict(site_cache._entries)  # what another worker still holds
    with django_capture_on_commit_callbacks(execute=True):
        rename_branding(lambeth, f"Renamed {CANARY}")
    assert f"Renamed {CANARY}" in home_page(lambeth)
    # Another worker never saw this process drop its entries; the version in Redis moved.
    site_cache._entries.clear()
    site_cache._entries.update(other_worker)
    assert f"Renamed {CANARY}" in home_page(lambeth)


@pytest.mark.django_db
def test_menu_changes_show_on_the_next_request_in_every_process(
    lambeth, django_capture_on_commit_callbacks
):
    assert CANARY not in home_page(lambeth)
    other_worker = dict(site_cache._entries)
    with django_capture_on_commit_callbacks(execute=True):
        page = add_menu_page(lambeth, f"new{CANARY}")
    site_cache._entries.update(other_worker)
    # The wide menu, the phone's menu (each shown on its own screens) and the home page card.
    assert home_page(lambeth).count(f">new{CANARY}<") == 3
    other_worker = dict(site_cache._entries)
    with django_capture_on_commit_callbacks(execute=True), inside(lambeth):
        page.unpublish()
    site_cache._entries.update(other_worker)
    assert f"new{CANARY}" not in home_page(lambeth)


@pytest.mark.django_db
def test_changes_not_yet_committed_are_never_cached(lambeth):
    original = home_page(lambeth)
    assert CANARY not in original
    with pytest.raises(RuntimeError), transaction.atomic():
        rename_branding(lambeth, f"Uncommitted {CANARY}")
        assert f"Uncommitted {CANARY}" in home_page(lambeth)  # this connection sees it
        raise RuntimeError("roll back")
    assert CANARY not in home_page(lambeth)


@pytest.mark.django_db
def test_a_replaced_schema_starts_with_nothing_cached(lambeth):
    home_page(lambeth)
    with inside(lambeth):
        before = site_cache.content_version()
    site_cache.schema_replaced(lambeth.schema_name)  # as launch, retire and restore do
    assert lambeth.schema_name not in site_cache._entries
    with inside(lambeth):
        assert site_cache.content_version() != before


def menu_links(page: str) -> list[str]:
    """The addresses of the main menu's links, in the header's row and the phone's menu."""
    import re

    menus = re.findall(r'<ul class="site-nav">(.*?)</ul>', page, flags=re.S)
    return [re.findall(r'href="([^"]+)"', menu) for menu in menus]


@pytest.mark.django_db
def test_the_menu_links_rendered_once_are_kept_per_language_and_never_name_the_reader(
    lambeth, django_capture_on_commit_callbacks
):
    """The menu's links are rendered once per process for a site and language: a Polish
    reader after an English one gets Polish addresses, and the account link (its own to
    each reader) is never part of what is kept."""
    from tests.community.conftest import make_member, signed_in
    from tests.i18n.helpers import offer

    with django_capture_on_commit_callbacks(execute=True):
        offer(lambeth, "pl")
    client = client_for(lambeth)
    english, polish = home_page(lambeth), client.get("/pl/").content.decode()
    english_menus, polish_menus = menu_links(english), menu_links(polish)
    assert len(english_menus) == 2 and english_menus[0][0] == "/"
    assert polish_menus[0][0] == "/pl/"
    assert all(link.startswith("/pl/") for link in polish_menus[1])
    assert menu_links(home_page(lambeth)) == english_menus  # English again, from the cache
    # A signed-in reader first, into an empty cache: what a visitor is shown next holds
    # nothing of theirs.
    member = make_member(lambeth)
    site_cache.forget_this_process()
    mine = signed_in(lambeth, member).get("/").content.decode()
    assert menu_links(mine)[0][-1] == "/account/"  # "My page", the wide menu's last link
    assert menu_links(home_page(lambeth))[0][-1] != "/account/"  # "Sign in" instead
    assert menu_links(home_page(lambeth))[1] == menu_links(mine)[1]  # the same links kept
