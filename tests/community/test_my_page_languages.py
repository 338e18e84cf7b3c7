"""On "My page", things to do say whose they are in the reader's language: the
organisation's translated name once its translation is live, else its own name, marked
as English for screen readers."""

import pytest

from sites.directory.models import Interest
from tests.conftest import inside
from tests.directory.conftest import build_directory
from tests.i18n.helpers import offer, translate

from .conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def gardener(lambeth, lambeth_member):
    directory = build_directory(lambeth)
    with inside(lambeth):
        lambeth_member.member_profile.interests.set(
            [Interest.objects.get(slug="gardening-and-outdoors")]
        )
    offer(lambeth, "pl", "es")
    return directory


def test_a_polish_reader_sees_the_organisations_polish_name(lambeth, lambeth_member, gardener):
    translate(lambeth, gardener.organisation, "pl", "Ogrodnicy z Brixton")
    client = signed_in(lambeth, lambeth_member)

    polish = client.get("/pl/account/").content.decode()
    assert gardener.activity.title in polish, "the activity itself is not translated yet"
    assert "<bdi>Ogrodnicy z Brixton</bdi>" in polish
    assert "Brixton Gardeners" not in polish

    english = client.get("/account/").content.decode()
    assert "(Run by <bdi>Brixton Gardeners</bdi>)" in english
    assert "Ogrodnicy" not in english


def test_without_a_live_translation_the_original_name_is_shown_in_its_language(
    lambeth, lambeth_member, gardener
):
    translate(lambeth, gardener.organisation, "pl", "Ogrodnicy z Brixton")
    with inside(lambeth):
        gardener.organisation.get_translation_or_none(locale=_locale("pl")).specific.unpublish()
    client = signed_in(lambeth, lambeth_member)

    for path in ("/pl/account/", "/es/account/"):
        html = client.get(path).content.decode()
        assert "Ogrodnicy" not in html, path
        assert '<bdi lang="en-gb" dir="ltr">Brixton Gardeners</bdi>' in html, path


def _locale(code):
    from wagtail.models import Locale

    return Locale.objects.get(language_code=code)
