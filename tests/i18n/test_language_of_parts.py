"""The language of each part of a page (WCAG 3.1.2): a page is in the reader's
language (``<html lang>``), and only the words it shows from a page not yet translated
are marked as English, so a screen reader reads the Polish buttons and headings around
them in Polish and the English title in English."""

import re
from types import SimpleNamespace

import pytest

from wagtail.models import Locale, Site

from sites.core.models import BrandingSettings
from sites.directory.models import ActivityPage, ThingsToDoPage
from tests.conftest import client_for, inside
from tests.directory.conftest import build_directory
from tests.directory.test_translation import translate, translate_gardeners

pytestmark = pytest.mark.django_db

ENGLISH = 'lang="en-gb" dir="ltr"'


def marked(html: str) -> list[tuple[str, str]]:
    """(tag, its words) of each element the page marks as English."""
    return [
        (tag, re.sub(r"<[^>]+>", "", words).strip())
        for tag, words in re.findall(rf"<(\w+)[^>]* {ENGLISH}>(.*?)</\1>", html, re.S)
    ]


def main(html: str) -> str:
    return re.search(r"<main[^>]*>.*</main>", html, re.S).group(0)


def url_of(borough, page) -> str:
    with inside(borough):
        return page.get_url()


@pytest.fixture
def polish_gardeners(lambeth):
    """The garden club, its organisation and the things to do page in Polish; the choir
    and its organisation in English only."""
    lambeth_directory = build_directory(lambeth)
    with inside(lambeth):
        polish = Locale.objects.get_or_create(language_code="pl")[0]
        translate_gardeners(lambeth_directory, polish)
        choir = ActivityPage.objects.get(pk=lambeth_directory.evening_activity.pk)
        choir.concessions = "£1 if you get benefits."
        choir.save_revision().publish()
        things_to_do = ThingsToDoPage.objects.get(locale__language_code="en-gb")
        polish_things_to_do = translate(things_to_do, polish, {things_to_do.title: "Co robić"})
    return SimpleNamespace(
        choir=lambeth_directory.evening_activity,
        things_to_do=things_to_do,
        polish_things_to_do=polish_things_to_do,
    )


def test_an_untranslated_page_marks_its_own_words_and_not_the_interface(lambeth):
    with inside(lambeth):
        Locale.objects.get_or_create(language_code="pl")
    html = client_for(lambeth).get("/pl/about/").content.decode()
    assert re.search(r"<main[^>]*>", html).group(0) == (
        '<main id="main" class="page-width" tabindex="-1">'
    )
    assert '<html lang="pl" dir="ltr">' in html
    parts = marked(main(html))
    assert ("h1", "About Connect & Do") in [
        (tag, words.replace("&amp;", "&")) for tag, words in parts
    ]
    # The notice and the "Printed from" line are in Polish, outside anything English.
    assert all("Printed" not in words and "Wydrukowano" not in words for _, words in parts)


def test_an_arabic_reader_gets_english_words_left_to_right_in_a_right_to_left_page(lambeth):
    with inside(lambeth):
        Locale.objects.get_or_create(language_code="ar")
    html = client_for(lambeth).get("/ar/about/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert f"<h1 {ENGLISH}>" in html


def test_an_arabic_home_page_keeps_its_cards_right_to_left_and_marks_only_their_words(lambeth):
    """An English section's card stays in the page's direction (its edge and layout);
    its title and summary are marked as English, inside it."""
    with inside(lambeth):
        Locale.objects.get_or_create(language_code="ar")
    html = client_for(lambeth).get("/ar/").content.decode()
    cards = re.findall(r'<li class="card"[^>]*>.*?</li>', html, re.S)
    assert cards, "the home page lists its sections"
    for card in cards:
        assert card.startswith('<li class="card">'), card[:80]
        assert ENGLISH in card


def test_a_polish_list_marks_only_the_listings_not_yet_in_polish(lambeth, polish_gardeners):
    things_to_do = url_of(lambeth, polish_gardeners.polish_things_to_do)
    assert things_to_do.startswith("/pl/")
    html = main(client_for(lambeth).get(things_to_do).content.decode())
    assert "<h1>Co robić</h1>" in html, "translated: not marked"
    parts = marked(html)
    assert ("h3", "Evening choir") in parts
    assert ("p", "Sing together, no experience needed.") in parts
    assert not [words for _, words in parts if "Wtorkowy" in words or "Sadzenie" in words]
    # The interface around them (headings, labels, the filters) is not marked.
    assert not [words for tag, words in parts if tag in ("h2", "dt", "legend", "button")]


def test_an_english_listing_shown_in_polish_marks_its_words_in_polish_sentences(
    lambeth, polish_gardeners
):
    choir = url_of(lambeth, polish_gardeners.choir)
    html = main(client_for(lambeth).get(f"/pl{choir}").content.decode())
    parts = marked(html)
    assert ("h1", "Evening choir") in parts
    assert ("bdi", "£1 if you get benefits.") in parts, "inside a Polish sentence"
    assert ("bdi", "£3 a session") in parts, "the organisers' words for the cost"
    assert ("span", "Music and singing") in parts, "interests are named in English only"
    assert not [words for tag, words in parts if tag == "h2"]


def test_nothing_is_marked_for_a_reader_of_the_pages_own_language(lambeth, polish_gardeners):
    client = client_for(lambeth)
    pages = [polish_gardeners.things_to_do, polish_gardeners.choir]
    for path in ["/about/", *(url_of(lambeth, page) for page in pages)]:
        html = client.get(path).content.decode()
        assert "lang=" not in main(html), path


def test_the_teams_contact_details_are_in_the_readers_language_with_its_hours_marked(lambeth):
    with inside(lambeth):
        Locale.objects.get_or_create(language_code="pl")
        branding = BrandingSettings.for_site(Site.objects.get())
        branding.contact_phone = "020 7946 0101"
        branding.contact_hours = "Monday to Friday, 9am to 5pm"
        branding.save()
    html = client_for(lambeth).get("/pl/about/").content.decode()
    contact = re.search(r'<ul class="team-contact"([^>]*)>(.*?)</ul>', html, re.S)
    assert contact.group(1) == ' lang="pl" dir="ltr"', "interface words, even in English text"
    assert f"<bdi {ENGLISH}>Monday to Friday, 9am to 5pm</bdi>" in contact.group(2)


def test_filters_keep_the_readers_language(lambeth, polish_gardeners):
    html = client_for(lambeth).get("/pl/things-to-do/").content.decode()
    assert '<form class="filters" method="get" action="/pl/things-to-do/"' in html


def test_members_words_take_the_direction_they_were_written_in(lambeth):
    """A group is in whatever language its members wrote: no language is claimed, and
    the browser lays Arabic out right to left and English left to right (dir="auto")."""
    from sites.community.groups.links import group_url
    from tests.community.conftest import make_group

    with inside(lambeth):
        Locale.objects.get_or_create(language_code="ar")
    group = make_group(
        lambeth, name="نادي القراءة", slug="reading-club", description="We read together."
    )
    with inside(lambeth):
        url = group_url(group)
    html = client_for(lambeth).get(f"/ar{url}").content.decode()
    assert '<h1 dir="auto">نادي القراءة</h1>' in html
    assert '<div class="group__description" dir="auto">' in html


def test_easy_read_of_a_group_is_marked_as_its_editors_wrote_it_not_as_the_page(lambeth):
    """A group's "In simple words" is written by Editors in English: on a translated
    Polish groups page, it is still marked English."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from tests.i18n.helpers import standard_page, translate

    with inside(lambeth):
        Locale.objects.get_or_create(language_code="pl")
    polish = translate(lambeth, standard_page(lambeth, "about"), "pl", "O nas", slug="o-nas")
    with inside(lambeth), translation.override("pl"):
        page_words = render_to_string("includes/easy_read_points.html", {"page": polish})
        editors = render_to_string(
            "includes/easy_read_points.html", {"page": polish, "editors_words": True}
        )
    assert '<ul class="easy-read" role="list">' in page_words
    assert f'<ul class="easy-read" role="list" {ENGLISH}>' in editors


def test_interest_names_in_choices_are_marked_as_english_for_a_polish_reader(
    lambeth, polish_gardeners
):
    """Interests are named once, in English: wherever they are choices (the filters, the
    search page's counts, the Get support form), a Polish reader's screen reader reads
    them as English and the rest of the form as Polish."""
    from sites.directory.models import Interest
    from tests.search.conftest import reindex

    with inside(lambeth):
        names = set(Interest.objects.values_list("name", flat=True))
        # Indexed with their interests (written after the page's save) and searchable now.
        reindex(*ActivityPage.objects.all())
    client = client_for(lambeth)
    for path in ("/pl/things-to-do/", "/pl/search/?q=choir", "/pl/get-support/"):
        html = main(client.get(path).content.decode())
        marked_names = {words for _, words in marked(html) if words in names}
        assert marked_names, path
        assert "Interests" not in {words for _, words in marked(html)}, path
    english = main(client.get("/things-to-do/").content.decode())
    assert not marked(english)

    # The event form lays out its own tick boxes: marked all the same.
    from tests.community.conftest import make_group, make_member, signed_in

    organiser = make_member(lambeth, display_name="Ola")
    make_group(lambeth, organiser=organiser, name="Ogrodnicy")  # organisers post events
    event_form = main(signed_in(lambeth, organiser).get("/pl/events/new/").content.decode())
    assert {words for _, words in marked(event_form) if words in names}


def test_discussion_topics_are_marked_as_english_in_polish_sentences(lambeth):
    from sites.community.models import Topic

    with inside(lambeth):
        Locale.objects.get_or_create(language_code="pl")
        topic = Topic.objects.create(name="Gardening tips", slug="gardening-tips")
        from sites.community.discussions.links import discussions_url

        url = discussions_url("topic", topic.slug)
    html = main(client_for(lambeth).get(f"/pl{url}").content.decode())
    assert ("h1", "Gardening tips") in marked(html)
    assert ("bdi", "Gardening tips") in marked(html)  # "Start a discussion about …"
