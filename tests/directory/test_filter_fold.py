"""Phones first: the filters of "Things to do" and events fold (details/summary, no
JavaScript) under one line that says what is chosen, so the results come first."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _fold(borough, address: str):
    response = client_for(borough).get(address)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    fold = soup.select_one("main details.filter-fold")
    return fold, " ".join(fold.summary.get_text().split())


@pytest.mark.parametrize("section", ["/things-to-do/", "/events/"])
def test_the_filters_are_folded_and_say_what_is_chosen(lambeth, lambeth_directory, section):
    fold, summary = _fold(lambeth, section + "?day=tuesday&time=morning&free=yes")
    assert not fold.has_attr("open"), "after choosing, the results come first"
    assert summary == "Choose what to show Chosen: Tuesday, Morning, Free only"
    # Everything to change the choices is inside the fold, ticked as chosen.
    ticked = {box["value"] for box in fold.select("form.filters input[checked]")}
    assert ticked == {"tuesday", "morning", "yes"}


def test_with_nothing_chosen_the_summary_says_so(lambeth, lambeth_directory):
    fold, summary = _fold(lambeth, "/things-to-do/")
    assert not fold.has_attr("open")
    assert summary == "Choose what to show Nothing chosen yet: showing everything"


def test_the_events_summary_names_the_first_day_in_words(lambeth):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        _, summary = _fold(lambeth, "/events/?from=27+March+2026&free=yes")
    assert summary == "Choose what to show Chosen: from Friday 27 March 2026, Free only"
