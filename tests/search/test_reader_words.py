"""Words in the reader's own language: a Polish or Arabic reader who types a site's label
in their language (an interest, a kind of activity, a filter's option) also finds the
English listings behind it, on the engine and on PostgreSQL alone; the words come from
the catalogues, never from a list written per language."""

import pytest

from django.conf import settings
from django.utils import translation

from search.languages import reader_language
from search.reader_words import search_examples, translated_labels, with_reader_words
from search.selectors import SearchRequest, search_borough
from search.synonyms import build_synonyms, expand, match_key
from sites.directory.factories import ActivityPageFactory, OrganisationPageFactory
from sites.directory.models import ActivityPage, Interest, OrganisationIndexPage
from sites.directory.models.taxonomy import SEARCH_EXAMPLES
from tests.conftest import inside
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
@pytest.mark.parametrize("typed, language", [(IN_POLISH, "pl"), (IN_ARABIC, "ar")])
def test_a_translated_interest_finds_the_english_activity(
    lambeth, clean_up, search_backend, typed, language
):
    with inside(lambeth):
        outcome = search(typed, language)
        assert outcome.mode == search_backend
        assert titles(outcome) == ["Park clean-up morning"]
        # And what "Volunteering" means in the borough's everyday words.
        assert outcome.also == ["Volunteering", "volunteer"]
        nothing = search("zzqxv", language)
    assert nothing.total == 0 and nothing.also == []


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
