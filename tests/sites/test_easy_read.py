"""The Easy Read switch and what a visitor with it on sees: a plain link that is
remembered for the visit (a session only for those who use it), pages in Easy Read where
an editor wrote them, the usual text with a note where not, and never a shared cached
page between the two kinds of visitor."""

import re

import pytest

from django.conf import settings as django_settings
from django.test import RequestFactory

from wagtail.models import Site

from sites.community.events.links import event_url
from sites.community.factories import CommunityGroupFactory, EventFactory
from sites.community.groups.links import group_url
from sites.connecting.models import ConnectingSettings
from sites.core.easyread.switch import address_without_switch
from sites.core.factories import easy_read_points
from sites.directory.factories import ActivityPageFactory, OrganisationPageFactory
from sites.directory.models import OrganisationIndexPage
from sites.standard.models import StandardPage
from tests.conftest import client_for, inside

SESSION = django_settings.SESSION_COOKIE_NAME
NOT_YET_PAGE = "This page is not in Easy Read yet."
NOT_YET_PART = "This part is not in Easy Read yet."
BANNER = "Easy Read is on."


def easy_read_client(borough, path="/"):
    """A visitor who pressed the Easy Read link on ``path``."""
    client = client_for(borough)
    response = client.get(path, {"easyread": "on"})
    assert response.status_code == 302 and response["Location"] == path
    return client


def publish_easy_read(page, *texts):
    page.easy_read = easy_read_points(*texts, alt_text="Two friends drinking tea")
    page.save_revision().publish()


@pytest.fixture
def help_page(lambeth):
    with inside(lambeth):
        return StandardPage.objects.get(kind=StandardPage.Kind.HELP)


# --- The switch ---------------------------------------------------------------------------


def test_a_visitor_who_never_uses_the_switch_gets_no_session_and_a_cacheable_page(
    lambeth, settings
):
    settings.PAGE_CACHE_SECONDS = 60
    response = client_for(lambeth).get("/about/")
    assert response.status_code == 200
    assert SESSION not in response.cookies
    assert "public" in response["Cache-Control"]
    html = response.content.decode()
    assert 'href="/about/?easyread=on">Easy Read</a>' in html, "a plain link, no script"
    assert BANNER not in html


def test_turning_easy_read_on_is_remembered_for_the_visit_and_turning_it_off_forgets(
    lambeth, help_page
):
    client = client_for(lambeth)
    on = client.get("/help/", {"easyread": "on"})
    assert on.status_code == 302 and on["Location"] == "/help/"
    cookie = on.cookies[SESSION]
    assert cookie.value and not cookie["max-age"] and not cookie["expires"], "visit only"

    for path in ("/help/", "/about/", "/"):
        html = client.get(path).content.decode()
        assert BANNER in html, path
        assert f'href="{path}?easyread=off">Turn Easy Read off</a>' in html

    off = client.get("/about/", {"easyread": "off"})
    assert off.status_code == 302 and off["Location"] == "/about/"
    assert off.cookies[SESSION].value == "", "the emptied session's cookie is removed"
    assert BANNER not in client.get("/about/").content.decode()


def test_the_switch_keeps_the_rest_of_the_address(lambeth):
    client = client_for(lambeth)
    response = client.get("/search/", {"q": "walk", "easyread": "on"})
    assert response["Location"] == "/search/?q=walk"
    html = client.get("/search/", {"q": "walk"}).content.decode()
    assert 'href="/search/?q=walk&amp;easyread=off"' in html


def test_an_unknown_choice_or_turning_off_without_a_session_changes_nothing(lambeth):
    client = client_for(lambeth)
    for choice in ("yes-please", "off", ""):
        response = client.get("/about/", {"easyread": choice})
        assert response.status_code == 302 and response["Location"] == "/about/"
        assert SESSION not in response.cookies, choice
    assert BANNER not in client.get("/about/").content.decode()


def test_the_way_back_never_leaves_the_site():
    request = RequestFactory().get("/", {"easyread": "on", "page": "2"})
    request.path = "//evil.example/walks/"
    assert address_without_switch(request) == "/evil.example/walks/?page=2"


def test_a_form_sent_with_the_switch_in_its_address_is_not_redirected(lambeth):
    response = client_for(lambeth).post("/get-support/?easyread=on", {})
    assert response.status_code == 400, "the form answers, with its errors"
    assert SESSION not in response.cookies


# --- Pages in Easy Read, and the fallback ------------------------------------------------


def _points_html(html: str) -> str:
    match = re.search(r'<ul class="easy-read".*?</ul>', html, re.S)
    return match.group(0) if match else ""


def test_a_page_with_an_easy_read_version_shows_it_instead_of_the_usual_text(lambeth, help_page):
    with inside(lambeth):
        usual = help_page.body.render_as_block()
        publish_easy_read(help_page, "Use the search box.\nIt is at the top.", "Ask us.")
    client = easy_read_client(lambeth, "/help/")
    html = client.get("/help/").content.decode()
    points = _points_html(html)
    # One idea a line, the picture first (on the left) with its words.
    assert "<p>Use the search box.</p><p>It is at the top.</p>" in points
    assert points.count('alt="Two friends drinking tea"') == 2
    assert points.index("<img") < points.index("Use the search box.")
    assert NOT_YET_PAGE not in html
    assert usual[:80] not in html
    assert "css/easy-read.css" in html

    # Without Easy Read, the usual text, and no trace of the Easy Read one.
    plain = client_for(lambeth).get("/help/").content.decode()
    assert "Use the search box." not in plain and "css/easy-read.css" not in plain


def test_every_borough_starts_with_get_help_now_in_easy_read(lambeth):
    """The person who most needs the crisis page may need it in Easy Read: it is in the
    starting content, so a borough has it before any Editor writes one."""
    client = easy_read_client(lambeth, "/get-help/")
    html = client.get("/get-help/").content.decode()
    points = _points_html(html)
    assert "<p>Call 999.</p>" in points
    assert "<p>Call Samaritans on 116 123.</p>" in points
    assert "<p>Tell Lambeth Council.</p>" in points
    assert NOT_YET_PAGE not in html


@pytest.mark.parametrize("path", ["/", "/community-connecting/", "/get-support/"])
def test_a_key_page_without_easy_read_shows_its_usual_text_with_a_note(lambeth, path):
    client = easy_read_client(lambeth, path)
    usual = client_for(lambeth).get(path).content.decode()
    html = client.get(path).content.decode()
    assert NOT_YET_PAGE in html
    lead = re.search(r'<p class="lead">(.*?)</p>', usual, re.S)
    assert lead and lead.group(1) in html, "never an empty page"


def test_the_home_page_shows_its_easy_read_version(lambeth):
    with inside(lambeth):
        home = Site.objects.get(is_default_site=True).root_page.specific
        publish_easy_read(home, "This website helps you find things to do.")
    html = easy_read_client(lambeth).get("/").content.decode()
    assert "<p>This website helps you find things to do.</p>" in _points_html(html)
    assert "Find your way" in html, "the links to each section stay"


def test_get_support_shows_the_easy_read_words_from_the_settings_above_the_form(lambeth):
    with inside(lambeth):
        connecting = ConnectingSettings.for_site(Site.objects.get(is_default_site=True))
        connecting.get_support_easy_read = easy_read_points("Fill in the form below.")
        connecting.save()
    html = easy_read_client(lambeth, "/get-support/").get("/get-support/").content.decode()
    assert "<p>Fill in the form below.</p>" in _points_html(html)
    assert "Feeling alone, or want to get out more?" not in html
    assert 'name="first_name"' in html, "the form is still there"


@pytest.fixture
def listings(lambeth) -> dict:
    """One of each kind with "In simple words", and an activity without."""
    with inside(lambeth):
        organisation = OrganisationPageFactory(parent=OrganisationIndexPage.objects.get())
        activity = ActivityPageFactory(parent=organisation, summary="Tea, cake and a natter.")
        publish_easy_read(organisation, "They run a lunch club.")
        without = ActivityPageFactory(parent=organisation, summary="Chess for all ages.")
        publish_easy_read(activity, "You can have tea here.")
        group = CommunityGroupFactory(easy_read=easy_read_points("We walk on Saturdays."))
        event = EventFactory(status="published", easy_read=easy_read_points("Bring a cup."))
        return {
            "organisation": (organisation.url, "They run a lunch club."),
            "activity": (activity.url, "You can have tea here."),
            "group": (group_url(group), "We walk on Saturdays."),
            "event": (event_url(event), "Bring a cup."),
            "without": (without.url, "Chess for all ages."),
        }


@pytest.mark.parametrize("kind", ["organisation", "activity", "group", "event"])
def test_a_listing_shows_its_summary_in_simple_words_above_the_usual_details(
    lambeth, listings, kind
):
    url, words = listings[kind]
    client = easy_read_client(lambeth)
    html = client.get(url).content.decode()
    assert client.get(url).status_code == 200
    section = html[html.index('<section class="easy-read-summary"') :]
    assert "In simple words</h2>" in section and f"<p>{words}</p>" in section
    assert NOT_YET_PART not in html
    assert words not in client_for(lambeth).get(url).content.decode()


def test_a_listing_without_a_summary_keeps_its_usual_text_with_a_note(lambeth, listings):
    url, summary = listings["without"]
    html = easy_read_client(lambeth).get(url).content.decode()
    assert NOT_YET_PART in html and summary in html


# --- The page cache -------------------------------------------------------------------


def test_easy_read_pages_are_never_shareable_and_plain_ones_still_are(lambeth, help_page, settings):
    """tenants/page_cache.py marks only session-less pages public, and Varnish passes every
    request with a session cookie: an Easy Read page is private, whoever asks."""
    settings.PAGE_CACHE_SECONDS = 60
    with inside(lambeth):
        publish_easy_read(help_page, "Ask us.")
    client = easy_read_client(lambeth, "/help/")
    easy = client.get("/help/")
    assert "<p>Ask us.</p>" in easy.content.decode()
    assert "private" in easy["Cache-Control"] and "public" not in easy["Cache-Control"]
    assert "Cookie" in easy["Vary"]

    plain = client_for(lambeth).get("/help/")
    assert "public" in plain["Cache-Control"] and "<p>Ask us.</p>" not in plain.content.decode()

    # The switch's redirect itself is never stored either.
    switch = client_for(lambeth).get("/help/", {"easyread": "on"})
    assert "public" not in switch["Cache-Control"]
