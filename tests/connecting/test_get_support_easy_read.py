"""Get support in Easy Read: hard words explained where they first appear, and the form's
questions in Easy Read words; the usual page keeps its usual words."""

import pytest
from bs4 import BeautifulSoup

from sites.connecting.forms import EASY_READ_WORDS, easy_read_district_hint
from sites.connecting.models import Referral
from sites.directory.selectors import local_postcode_districts
from tests.conftest import client_for, inside
from tests.connecting.test_local_examples import add_places
from tests.connecting.test_public_forms import SELF_URL, error_summary, self_data
from tests.sites.test_easy_read import easy_read_client

pytestmark = pytest.mark.django_db

CONNECTOR = "A Community Connector is a person who meets you and helps you find things to do."


def _labels(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    found = {}
    for name in EASY_READ_WORDS:
        field = soup.select_one(f'[name="{name}"]')
        fieldset = field.find_parent("fieldset")
        label = soup.select_one(f'label[for="{field.get("id")}"]')
        if fieldset is not None and fieldset.legend is not None:
            label = fieldset.legend
        found[name] = label.get_text(" ", strip=True)
    return found


def test_easy_read_explains_a_community_connector_under_the_heading(lambeth):
    html = easy_read_client(lambeth, SELF_URL).get(SELF_URL).content.decode()
    main = html[html.index("<main") :]
    assert main.index(CONNECTOR) < main.index("<form"), "where the words first appear"
    assert CONNECTOR not in client_for(lambeth).get(SELF_URL).content.decode()


def test_easy_read_asks_the_forms_questions_in_easy_read_words(lambeth):
    html = easy_read_client(lambeth, SELF_URL).get(SELF_URL).content.decode()
    labels = _labels(html)
    for name, (label, _help) in EASY_READ_WORDS.items():
        assert labels[name].startswith(str(label)), (name, labels[name])
    with inside(lambeth):
        hint = easy_read_district_hint(local_postcode_districts(most=1))
    assert hint in html
    assert "First part of the postcode" not in html
    usual = client_for(lambeth).get(SELF_URL).content.decode()
    assert "First part of the postcode" in usual and "Your first name" not in usual


def test_the_postcode_hint_uses_the_boroughs_own_district(lambeth):
    add_places(lambeth, "SW2 5SG", "SW2 1JQ")
    html = easy_read_client(lambeth, SELF_URL).get(SELF_URL).content.decode()
    assert "The first part of your postcode, like SW2." in html
    assert easy_read_district_hint([]) == (
        "The first part of your postcode is the part before the space."
    )


def test_the_easy_read_form_sends_like_the_usual_one_and_bad_input_changes_nothing(lambeth):
    client = easy_read_client(lambeth, SELF_URL)
    bad = client.post(SELF_URL, self_data(postcode_district="SE11 4QT"))
    assert bad.status_code == 400 and "postcode" in error_summary(bad)
    assert "The first part of your postcode" in bad.content.decode(), "still in Easy Read"
    with inside(lambeth):
        assert not Referral.objects.exists()
    sent = client.post(SELF_URL, self_data())
    assert sent.status_code == 302
    with inside(lambeth):
        assert Referral.objects.get().postcode_district == "SE11"
