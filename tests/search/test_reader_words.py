"""Words in the reader's own language: a Polish or Arabic reader who types a site's label
in their language (an interest, a kind of activity, a filter's option) also finds the
English listings behind it, on the engine and on PostgreSQL alone; the words come from
the catalogues, never from a list written per language. When nothing is found in a
language the borough has little in, the page says English words may find more."""

import re

import pytest
from bs4 import BeautifulSoup

from django.conf import settings
from django.utils import translation
from django.utils.html import strip_tags

from wagtail.models import Locale

from search.conf import search_backends
from search.languages import little_written_in, reader_language
from search.reader_words import search_examples, translated_labels, with_reader_words
from search.selectors import SearchRequest, search_borough
from search.synonyms import build_synonyms, expand, fold, match_key
from sites.directory.factories import ActivityPageFactory, OrganisationPageFactory
from sites.directory.models import ActivityPage, Interest, OrganisationIndexPage
from sites.directory.models.taxonomy import SEARCH_EXAMPLES
from tests.conftest import client_for, inside
from tests.directory.test_translation import translate_gardeners
from tests.search.conftest import make_canary_word, reindex

# "Volunteering" (an interest every borough starts with, and a kind of activity), as the
# Polish and Arabic catalogues translate it.
IN_POLISH = "Wolontariat"
IN_ARABIC = "تطوع"


def search(query: str, language: str):
    return search_borough(SearchRequest(query=query, language=language))


def titles(outcome) -> list[str]:
    return [result.title for result in outcome.results]


# --- The words (no database) ----------------------------------------------------------------


def test_the_catalogues_give_the_words_of_each_language():
    polish = translated_labels("pl", ("Volunteering", "A label no catalogue knows"))
    assert dict(polish) == {("wolontariat",): ("Volunteering",)}
    assert dict(translated_labels("ar", ("Volunteering",))) == {(IN_ARABIC,): ("Volunteering",)}


@pytest.mark.parametrize(
    "typed, language",
    [
        (IN_POLISH, "pl"),
        ("WOLONTARIAT", "pl"),
        ("wolontariat w parku", "pl"),
        (IN_ARABIC, "ar"),
        ("تَطَوُّع", "ar"),  # with its short vowels written
        ("التطوع", "ar"),  # "the volunteering"
        ("والتطوع", "ar"),  # "and the volunteering"
        ("بالتطوع", "ar"),  # "with the volunteering"
        ("للتطوع", "ar"),  # "for the volunteering"
        ("فالتطوع", "ar"),
        ("كالتطوع", "ar"),
    ],
)
def test_a_label_in_the_readers_language_also_searches_its_english_words(typed, language):
    expansion = expand(typed, with_reader_words(build_synonyms(()), language, ["Volunteering"]))
    assert any("Volunteering" in alternative for alternative in expansion.alternatives)
    assert expansion.also == ["Volunteering"]


def test_the_english_words_bring_their_everyday_words_too():
    everyday = build_synonyms((("volunteering", "helping out", False),))
    expansion = expand(IN_POLISH, with_reader_words(everyday, "pl", ["Volunteering"]))
    assert expansion.alternatives == ["Volunteering", "helping out"]


def test_the_arabic_article_is_ignored_on_both_sides_but_short_words_stay_whole():
    # An entry written with the article matches the word typed without it, and back.
    everyday = build_synonyms((("الحديقة", "garden", False), ("مشي", "walking", False)))
    assert expand("حديقة", everyday).also == ["garden"]
    assert expand("المشي", everyday).also == ["walking"]
    # Fewer than two letters after the article: the word itself, not "the" + a letter.
    assert fold("الم") == "الم" and fold("لله") == "لله"
    assert fold("العب") == "عب"


def test_only_the_readers_own_language_and_whole_words_are_read():
    labels = ["Volunteering"]
    assert not expand(IN_POLISH, with_reader_words(build_synonyms(()), "en-gb", labels))
    assert not expand(IN_POLISH, with_reader_words(build_synonyms(()), "ar", labels))
    assert not expand("wolontariatowy", with_reader_words(build_synonyms(()), "pl", labels))


@pytest.mark.parametrize("code", [code for code, _ in settings.LANGUAGES])
def test_the_search_hints_examples_are_words_the_search_understands(code):
    english = {match_key(label) for label in SEARCH_EXAMPLES}
    with translation.override(code):
        examples = search_examples()
    assert len(examples) == len(SEARCH_EXAMPLES)
    words = with_reader_words(build_synonyms(()), reader_language(code))
    for example in examples:
        if match_key(example) in english:
            continue  # not translated yet: English words, searched as typed
        searched = {match_key(alternative) for alternative in expand(example, words).alternatives}
        assert searched & english, (code, example)


# --- Searching, on both backends -------------------------------------------------------------


@pytest.fixture
def clean_up(lambeth, directory):
    """A volunteering activity whose own words never say "volunteering"."""
    with inside(lambeth):
        activity = ActivityPageFactory(
            parent=directory.organisation,
            title="Park clean-up morning",
            summary="Pick up litter and plant bulbs with neighbours.",
        )
        activity.interests.set([Interest.objects.get(slug="volunteering")])
        activity.save_revision().publish()
        reindex(ActivityPage.objects.get(pk=activity.pk))
    return directory


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed, language", [(IN_POLISH, "pl"), (IN_ARABIC, "ar"), ("ال" + IN_ARABIC, "ar")]
)
def test_a_translated_interest_finds_the_english_activity(
    lambeth, clean_up, search_backend, typed, language
):
    with inside(lambeth):
        outcome = search(typed, language)
        assert outcome.mode == search_backend
        assert titles(outcome) == ["Park clean-up morning"]
        # And what "Volunteering" means in the borough's everyday words.
        assert outcome.also == ["Volunteering", "volunteer"]
        assert not outcome.mostly_english
        nothing = search("zzqxv", language)
    assert nothing.total == 0 and nothing.also == []
    assert nothing.mostly_english, "Lambeth has nothing in Polish or Arabic"


@pytest.mark.django_db
def test_a_translated_interest_finds_only_the_boroughs_own_listings(
    lambeth, southwark, directory, search_backend
):
    canary = make_canary_word()
    for borough in (lambeth, southwark):
        with inside(borough):
            organisation = OrganisationPageFactory(parent=OrganisationIndexPage.objects.get())
            activity = ActivityPageFactory(parent=organisation, title=f"{canary} {borough.name}")
            activity.interests.set([Interest.objects.get(slug="volunteering")])
            activity.save_revision().publish()
            reindex(ActivityPage.objects.get(pk=activity.pk))
    for borough in (lambeth, southwark):
        with inside(borough):
            found = titles(search(f"{canary} {IN_POLISH}", "pl"))
        assert found == [f"{canary} {borough.name}"]


@pytest.mark.django_db
def test_nothing_found_in_another_language_says_english_words_may_find_more(
    lambeth, directory, search_backend
):
    with inside(lambeth):
        Locale.objects.get_or_create(language_code="pl")  # the borough has a Polish site
    client = client_for(lambeth)
    page = client.get("/pl/search/", {"q": "zzqxv"}).content.decode()
    text = " ".join(strip_tags(page).split())
    # "Most things here are written in English…", in Polish.
    assert "Większość rzeczy jest tu napisana po angielsku" in text
    assert re.search(r'<a href="/[^"]*things-to-do/">', page), "links to the list"
    assert client.get("/pl/search.json", {"q": "zzqxv"}).json()["mostly_english"] is True
    # In English, or when something is found, it says nothing of the kind.
    english = client.get("/search/", {"q": "zzqxv"}).content.decode()
    assert "Most things here are written in English" not in english
    found = client.get("/pl/search/", {"q": "garden"}).content.decode()
    assert "Większość rzeczy jest tu napisana po angielsku" not in found


@pytest.mark.django_db
def test_a_borough_with_much_in_the_readers_language_does_not_say_so(lambeth, directory):
    with inside(lambeth):
        assert little_written_in("pl", [ActivityPage])
        translate_gardeners(directory, Locale.objects.get_or_create(language_code="pl")[0])
        assert not little_written_in("pl", [ActivityPage])
        assert little_written_in("es", [ActivityPage])
        assert not little_written_in("en-gb", [ActivityPage])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, typed, sentence",
    [
        ("ar", "التطوع", "نعرض أيضًا نتائج عن"),
        ("pl", IN_POLISH, "Pokazujemy też wyniki dla:"),
    ],
)
def test_the_english_words_searched_too_are_marked_as_english(
    lambeth, clean_up, settings, language, typed, sentence
):
    settings.WAGTAILSEARCH_BACKENDS = search_backends(None, "opensearch", "")
    with inside(lambeth):
        Locale.objects.get_or_create(language_code=language)
    client = client_for(lambeth)
    page = BeautifulSoup(client.get(f"/{language}/search/", {"q": typed}).content, "html.parser")
    notice = page.select_one(".notice[role=status] p")
    assert " ".join(notice.get_text().split()).startswith(sentence)
    # A screen reader reads the English words in English, inside the reader's sentence;
    # on a right-to-left page they are isolated from it (<bdi>, dir="ltr").
    marked = [(bdi.get_text(), bdi["lang"], bdi["dir"]) for bdi in notice.find_all("bdi")]
    assert marked == [("Volunteering", "en-gb", "ltr"), ("volunteer", "en-gb", "ltr")]
    assert notice.find(string=re.compile("Volunteering")).parent.name == "bdi"
    # The JSON stays plain text; an English page needs no marks.
    data = client.get(f"/{language}/search.json", {"q": typed}).json()
    assert data["notices"] and not any("<" in notice for notice in data["notices"])
    english = BeautifulSoup(client.get("/search/", {"q": "volunteering"}).content, "html.parser")
    assert not english.select(".notice[role=status] bdi")
