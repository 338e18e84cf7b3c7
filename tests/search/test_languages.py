"""Search in the reader's language first, English for what is not translated: on the
engine and on PostgreSQL alone; the engine with its own analyser for the language."""

import re

import pytest

from django.utils import translation

from wagtail.models import Locale

from search.selectors import SearchRequest, autocomplete, search_borough
from sites.directory.models import ActivityPage
from tests.conftest import client_for, inside
from tests.directory.test_translation import translate
from tests.search.conftest import make_canary_word, refresh_engine, reindex

pytestmark = pytest.mark.django_db


def found(query: str, language: str) -> list[str]:
    outcome = search_borough(SearchRequest(query=query, language=language))
    return [result.title for result in outcome.results]


@pytest.fixture
def polish_garden(lambeth, directory):
    """The garden club in English and Polish, the choir in English only; one rare word
    in the three."""
    word = make_canary_word("plant")
    with inside(lambeth):
        polish = Locale.objects.get_or_create(language_code="pl")[0]
        garden = ActivityPage.objects.get(pk=directory.activity.pk)
        garden.summary = f"Planting and {word} in the community garden."
        garden.save_revision().publish()
        choir = ActivityPage.objects.get(pk=directory.evening_activity.pk)
        choir.summary = f"Sing together, {word} welcome."
        choir.save_revision().publish()
        translate(
            garden,
            polish,
            {
                "Tuesday garden club": "Wtorkowy klub ogrodniczy",
                garden.summary: f"Sadzenie i {word} w ogrodzie społecznym.",
            },
        )
        refresh_engine()
    return word


def test_a_reader_finds_their_language_first_then_english_never_twice(
    lambeth, polish_garden, search_backend
):
    with inside(lambeth):
        assert found(polish_garden, "pl") == ["Wtorkowy klub ogrodniczy", "Evening choir"]
        assert sorted(found(polish_garden, "en-gb")) == ["Evening choir", "Tuesday garden club"]
        # A language the borough has no translations in: English, once each.
        assert sorted(found(polish_garden, "es")) == ["Evening choir", "Tuesday garden club"]
        assert found("ogrodzie", "pl") == ["Wtorkowy klub ogrodniczy"]
        assert found("ogrodzie", "en-gb") == []


def test_the_language_comes_from_the_request_when_not_given(lambeth, polish_garden):
    with inside(lambeth), translation.override("pl"):
        outcome = search_borough(SearchRequest(query=polish_garden))
        assert outcome.results[0].title == "Wtorkowy klub ogrodniczy"
        assert outcome.total == 2
        titles = [s["title"] for s in autocomplete("Wtorkowy")[0]]
        assert titles == ["Wtorkowy klub ogrodniczy"]
    with inside(lambeth), translation.override("en-gb"):
        assert autocomplete("Wtorkowy")[0] == []


def test_a_polish_reader_hears_english_results_read_as_english(
    lambeth, polish_garden, search_backend
):
    """WCAG 3.1.2: the search page is in Polish; an English result's title and words
    are marked as English, a Polish result's are not."""
    html = client_for(lambeth).get(f"/pl/search/?q={polish_garden}").content.decode()
    titles = {
        re.sub(r"<[^>]+>", "", title): attributes
        for attributes, title in re.findall(
            r'<h3 class="listing__title"([^>]*)><a [^>]*>(.*?)</a></h3>', html
        )
    }
    assert titles == {"Wtorkowy klub ogrodniczy": "", "Evening choir": ' lang="en-gb" dir="ltr"'}
    assert '<p class="search-result__snippet" lang="en-gb" dir="ltr">' in html
    english = client_for(lambeth).get(f"/search/?q={polish_garden}").content.decode()
    assert "lang=" not in english.split("<main", 1)[1]


def test_unpublishing_a_translation_brings_the_english_back(lambeth, polish_garden, search_backend):
    with inside(lambeth):
        garden = ActivityPage.objects.get(title="Wtorkowy klub ogrodniczy")
        garden.unpublish()
        refresh_engine()
        assert sorted(found(polish_garden, "pl")) == ["Evening choir", "Tuesday garden club"]


@pytest.mark.search_engine
def test_the_engine_reads_arabic_with_its_arabic_analyser(lambeth, engine_directory):
    word = make_canary_word("garden")
    with inside(lambeth):
        arabic = Locale.objects.get_or_create(language_code="ar")[0]
        garden = ActivityPage.objects.get(pk=engine_directory.activity.pk)
        garden.summary = f"Planting in the {word} garden."
        garden.save_revision().publish()
        translated = translate(
            garden,
            arabic,
            {"Tuesday garden club": "نادي الحديقة", garden.summary: f"الزراعة في الحديقة {word}"},
        )
        reindex(translated)
        # "حديقة" (a garden) is "الحديقة" (the garden) with its article taken off: only
        # the Arabic analyser knows they are one word.
        assert found("حديقة", "ar") == ["نادي الحديقة"]
        assert found(word, "ar") == ["نادي الحديقة"]
