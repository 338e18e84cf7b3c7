"""The events' date boxes read a date the way the reader writes it, in the page's language
(sites/core/typed_dates.py), and their hint gives an example in those words that the box
reads; what cannot be read gets a clear message and changes nothing."""

import datetime

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from django.conf import settings
from django.utils import timezone, translation

from sites.community.events.recurrence import LONDON
from sites.community.models import Event
from sites.core.typed_dates import example_date, read_date
from tests.community.conftest import make_group, make_member, page_text, signed_in
from tests.community.test_events import form_data
from tests.conftest import client_for, inside
from tests.i18n.helpers import offer

MARCH_27 = datetime.date(2026, 3, 27)
# Two weeks before 27 March 2026: the hints' example date is that day.
TODAY = datetime.datetime(2026, 3, 13, 12, 0, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("pl", "27 marca 2026"),
        ("pl", "27 marzec 2026"),
        ("pl", "27 Marca 2026 r."),
        ("pl", "27 mar 2026"),
        ("pl", "27.03.2026"),
        ("pl", "27/03/2026"),
        ("pl", "2026-03-27"),
        ("pl", "27 March 2026"),  # English names are always understood
        ("ar", "27 مارس 2026"),
        ("ar", "٢٧ مارس ٢٠٢٦"),  # Arabic-Indic digits
        ("ar", "٢٧/٠٣/٢٠٢٦"),
        ("ar", "\u200f27 مارس، 2026"),  # a right-to-left mark and an Arabic comma
        ("en-gb", "27 March 2026"),
        ("en-gb", "27 Mar 2026"),
        ("en-gb", "  27-03-2026 "),
        ("en-gb", "2026-03-27"),
    ],
)
def test_a_date_is_read_as_the_reader_writes_it(language, typed):
    assert read_date(typed, language) == MARCH_27


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("pl", "31 lutego 2026"),  # no such day
        ("pl", "27 marca"),  # no year
        ("pl", "27 13 2026"),
        ("pl", "03/27/2026"),  # month first is not read as 27 March
        ("pl", "27.03.26"),  # a year has four digits
        ("ar", "٢٧"),
        ("en-gb", "27 marca 2026"),  # a Polish month on an English page
        ("en-gb", "next Tuesday"),
        ("en-gb", ""),
        ("en-gb", "0000-01-01"),
    ],
)
def test_what_is_not_a_date_is_none(language, typed):
    assert read_date(typed, language) is None


@given(st.text(max_size=80), st.sampled_from([code for code, _ in settings.LANGUAGES]))
def test_no_text_makes_reading_a_date_fail(text, language):
    day = read_date(text, language)
    assert day is None or isinstance(day, datetime.date)


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_every_languages_example_is_a_date_its_box_reads(language):
    with time_machine.travel(TODAY, tick=False), translation.override(language):
        example = example_date()
        assert read_date(example) == MARCH_27, example


def test_the_hint_is_in_the_readers_words():
    with time_machine.travel(TODAY, tick=False):
        for language, example in (("pl", "27 marca 2026"), ("en-gb", "27 March 2026")):
            with translation.override(language):
                assert example_date() == example


# --- The events listing's box ------------------------------------------------------------


def from_value(response) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(response.content, "html.parser").find("input", id="id_from")["value"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "typed", "hint"),
    [
        ("pl", "27 marca 2026", "27 marca 2026"),
        ("pl", "27.03.2026", "27 marca 2026"),
        ("ar", "٢٧/٠٣/٢٠٢٦", "27 مارس 2026"),
        ("en-gb", "27 March 2026", "27 March 2026"),
    ],
)
def test_the_listing_shows_events_from_the_date_typed(lambeth, language, typed, hint):
    offer(lambeth, "pl", "ar")
    prefix = "" if language == "en-gb" else f"/{language}"
    with time_machine.travel(TODAY, tick=False):
        response = client_for(lambeth).get(f"{prefix}/events/", {"from": typed})
    assert response.status_code == 200
    assert from_value(response) == "2026-03-27"
    assert hint in page_text(response), "the hint's example, in the reader's words"
    assert "March 2026" not in page_text(response) or language == "en-gb"


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["32 marca 2026", "٢٧", "27 marca", "<b>27</b>", "9" * 5000])
def test_a_date_the_listing_cannot_read_says_so_and_shows_from_today(lambeth, typed):
    offer(lambeth, "pl", "ar")
    with time_machine.travel(TODAY, tick=False):
        response = client_for(lambeth).get("/pl/events/", {"from": typed})
    assert response.status_code == 200
    text = page_text(response)
    assert "Nie udało się odczytać daty" in text, "said in Polish"
    assert "Napisz ją tak: 27 marca 2026." in text
    assert from_value(response) == "2026-03-13", "nothing changed: from today"
    assert "<b>27</b>" not in response.content.decode(), "what was typed is escaped"


# --- Posting an event --------------------------------------------------------------------


@pytest.mark.django_db
def test_an_organiser_posts_an_event_with_a_polish_date(lambeth):
    offer(lambeth, "pl")
    organiser = make_member(lambeth, is_trusted=True)
    group = make_group(lambeth, organiser=organiser)
    client = signed_in(lambeth, organiser)
    with time_machine.travel(TODAY, tick=False):
        bad = client.post(
            "/pl/events/new/", form_data(host=f"group-{group.pk}", date="31 lutego 2026")
        )
        assert bad.status_code == 400
        assert "Wpisz prawdziwą datę, na przykład 27 marca 2026." in page_text(bad)
        with inside(lambeth):
            assert not Event.objects.exists()
        good = client.post(
            "/pl/events/new/", form_data(host=f"group-{group.pk}", date="27 marca 2026")
        )
    assert good.status_code == 302
    with inside(lambeth):
        event = Event.objects.get()
        assert timezone.localtime(event.starts_at).date() == MARCH_27
