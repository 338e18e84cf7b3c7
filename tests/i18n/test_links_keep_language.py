"""A reader who follows a link stays in their language: every public address a /pl/ page
links to is a /pl/ address (sites/core/languages/urls.py: reader_url), whether the page
behind it is translated or shown in English with a notice. Only the admin, files, the
API and the language switcher's other languages are unprefixed."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from wagtail.models import get_page_models
from wagtail.rich_text import RichText

from sites.community.discussions.links import thread_url
from sites.community.events.links import event_url
from sites.community.messaging.services import start_conversation
from sites.core.languages.urls import AddressInReaderLanguage
from sites.directory.models import ActivityPage
from sites.mylist.models import SavedItem
from tests.community.conftest import make_event, make_group, make_member, make_thread, signed_in
from tests.conftest import client_for, inside
from tests.directory.conftest import build_directory
from tests.i18n.helpers import offer, standard_page, translate
from tests.search.conftest import make_canary_word, reindex

pytestmark = pytest.mark.django_db

# Addresses that are the same in every language (platform/connectdo/urls_borough.py).
UNPREFIXED = ("/admin/", "/documents/", "/media/", "/static/", "/api/", "/favicon.")
UNPREFIXED_FILES = ("/robots.txt", "/sitemap.xml")
CANARY = make_canary_word("weeding")
ADDRESSES = {"href", "action", "formaction", "src", "poster"}  # and data-…-url


def links(response) -> list[tuple[str, str]]:
    """(where, address) of every root-relative address a page offers to follow or send a
    form to, leaving out the switcher's links to other languages (they carry hreflang)."""
    soup = BeautifulSoup(response.content, "html.parser")
    found = []
    for tag in soup.find_all(True):
        if tag.get("hreflang") not in (None, "pl"):
            continue  # a link to the same page in another language
        for attribute, value in tag.attrs.items():
            if attribute not in ADDRESSES and not attribute.endswith("-url"):
                continue
            if isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
                found.append((f"<{tag.name} {attribute}>", value))
    return found


def public(address: str) -> bool:
    path = urlsplit(address).path
    return not path.startswith(UNPREFIXED) and path not in UNPREFIXED_FILES


def english_addresses(response) -> list[tuple[str, str]]:
    return [(where, url) for where, url in links(response) if public(url) and not polish(url)]


def polish(address: str) -> bool:
    return address == "/pl/" or address.startswith(("/pl/", "/pl?"))


@pytest.fixture
def community(lambeth):
    """A Polish-speaking borough's directory (in English) with a group, an event at a
    place, a discussion, and a member who saved things and has a message."""
    offer(lambeth, "pl")
    directory = build_directory(lambeth)
    member = make_member(lambeth, display_name="Ola", is_trusted=True)
    other = make_member(lambeth, display_name="Bea", is_trusted=True)
    group = make_group(lambeth, organiser=member, members=[other], name="Ogrodnicy", slug="ogr")
    event = make_event(lambeth, title="Tea afternoon", group=group, place=directory.place)
    thread, _post = make_thread(lambeth, member, title="Seeds to swap")
    with inside(lambeth):
        start_conversation(other, member, "Hello Ola, see you on Tuesday?", borough=lambeth)
        for kind, pk in (("activity", directory.activity.pk), ("event", event.pk)):
            SavedItem.objects.create(member=member, kind=kind, object_id=pk)
        # A word no other test writes: the engine's index outlives rolled-back tests.
        activity = directory.activity
        activity.summary = f"Planting and {CANARY} in the community garden."
        activity.save_revision().publish()
        reindex(ActivityPage.objects.get(pk=activity.pk))
        event_path, thread_path = event_url(event), thread_url(thread)
    return {
        "client": signed_in(lambeth, member),
        "event": event_path,
        "thread": thread_path,
        "place": directory.place,
    }


def test_following_links_from_the_polish_events_list_stays_in_polish(community):
    client = community["client"]
    listing = client.get("/pl/events/")
    assert listing.status_code == 200
    event = f"/pl{community['event']}"
    assert event in [url for _, url in links(listing)]
    assert english_addresses(listing) == []

    page = client.get(event)
    assert page.status_code == 200
    assert page["Content-Language"] == "pl"
    assert english_addresses(page) == []
    # The place behind the event is not translated: still reached at its Polish address.
    place = "/pl/places/brixton-community-hall/"
    assert place in [url for _, url in links(page)]
    shown = client.get(place)
    assert shown.status_code == 200
    assert shown["Content-Language"] == "pl"


def test_following_links_from_the_polish_discussions_stays_in_polish(community):
    client = community["client"]
    listing = client.get("/pl/discussions/")
    thread = f"/pl{community['thread']}"
    assert thread in [url for _, url in links(listing)]
    assert english_addresses(listing) == []
    page = client.get(thread)
    assert page.status_code == 200
    assert page["Content-Language"] == "pl"
    assert english_addresses(page) == []


def test_search_results_lead_to_polish_addresses(community):
    response = community["client"].get("/pl/search/", {"q": CANARY})
    found = [url for _, url in links(response) if "tuesday-garden-club" in url]
    assert found and all(url.startswith("/pl/organisations/") for url in found)
    assert english_addresses(response) == []
    assert community["client"].get(found[0]).status_code == 200


def test_no_polish_page_links_to_an_english_public_address(community):
    """Crawls from a handful of /pl/ pages, two links deep, as a signed-in member."""
    client = community["client"]
    to_visit = [
        "/pl/",
        "/pl/events/",
        f"/pl{community['event']}",
        "/pl/discussions/",
        f"/pl{community['thread']}",
        "/pl/groups/ogr/",
        "/pl/things-to-do/",
        "/pl/search/?q=tea",
        "/pl/my-list/",
        "/pl/messages/",
        "/pl/account/",
    ]
    seen, problems, depth = set(), [], dict.fromkeys(to_visit, 0)
    while to_visit and len(seen) < 60:
        url = to_visit.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code in (200, 302), url
        if response.status_code == 302:
            assert not public(response["Location"]) or polish(response["Location"]), url
            continue
        problems += [(url, where, found) for where, found in english_addresses(response)]
        if depth[url] < 2:
            for where, found in links(response):
                calendar = urlsplit(found).path.endswith(".ics")
                if where == "<a href>" and polish(found) and found not in depth and not calendar:
                    depth[found] = depth[url] + 1
                    to_visit.append(found)
    assert len(seen) > 30
    assert problems == [], "\n".join(map(str, problems))


def test_addresses_typed_into_a_pages_text_follow_the_reader_but_the_admin_does_not(lambeth):
    """The about page's starting text links to "List your organisation" and "join" by
    typed addresses (sites/standard/starting/about.py), as an Editor's own links may."""
    offer(lambeth, "pl")
    about = standard_page(lambeth, "about")
    with inside(lambeth):
        about.body = [
            (
                "paragraph",
                RichText(
                    '<p><a href="/list-your-organisation/">List</a> '
                    '<a href="/account/sign-up/?next=/events/#join">Join</a> '
                    '<a href="/admin/">Admin</a> <a href="/pl/wydarzenia/">Events</a> '
                    '<a href="//example.org/x/">Elsewhere</a></p>'
                ),
            )
        ]
        about.save_revision().publish()
        path = about.url
    html = client_for(lambeth).get(f"/pl{path}").content.decode()
    assert 'href="/pl/list-your-organisation/"' in html
    assert 'href="/pl/account/sign-up/?next=/events/#join"' in html
    assert 'href="/admin/"' in html and 'href="/pl/wydarzenia/"' in html
    assert 'href="//example.org/x/"' in html
    english = client_for(lambeth).get(path).content.decode()
    assert 'href="/list-your-organisation/"' in english


def test_a_link_to_an_english_page_leads_to_its_polish_translation(lambeth):
    """The footer links to the English about page; at /pl/about/ the reader is sent on
    to its Polish translation, whose slug differs."""
    offer(lambeth, "pl")
    translate(lambeth, standard_page(lambeth, "about"), "pl", "O nas", slug="o-nas")
    client = client_for(lambeth)
    response = client.get("/pl/about/?from=footer")
    assert response.status_code == 302
    assert response["Location"] == "/pl/o-nas/?from=footer"
    assert client.get("/about/").status_code == 200, "English stays English"


def test_english_pages_keep_english_addresses(community):
    response = community["client"].get("/events/")
    assert community["event"] in [url for _, url in links(response)]
    # Only the language switcher's link (above the header, and in the phone's menu).
    assert [url for _, url in links(response) if polish(url)] == ["/pl/events/"] * 2


def test_every_page_type_gives_its_address_in_the_readers_language():
    ours = [model for model in get_page_models() if model.__module__.startswith("sites.")]
    assert len(ours) >= 10
    assert [m.__name__ for m in ours if not issubclass(m, AddressInReaderLanguage)] == []
