"""Borough admins choose their borough's languages in Settings → Languages: English
always, a language with translated pages is kept with a clear message, and a change
shows on the public site at once (the per-borough cache is emptied after commit)."""

import pytest

from wagtail.models import Locale

from sites.core.languages.services import set_borough_languages
from sites.core.roles import BOROUGH_ADMINS, EDITORS
from tenants.models import Borough
from tests.conftest import client_for, inside
from tests.connecting.test_admin import signed_in  # a borough user of one group, signed in
from tests.i18n.helpers import offer, standard_page, translate

URL = "/admin/languages/"


def codes(borough) -> set[str]:
    with inside(borough):
        return set(Locale.objects.values_list("language_code", flat=True))


@pytest.mark.django_db
def test_a_borough_admin_adds_languages_in_settings(lambeth):
    client = signed_in(lambeth, BOROUGH_ADMINS)
    assert "/admin/languages/" in client.get("/admin/").content.decode(), "in Settings"
    form = client.get(URL)
    assert form.status_code == 200
    assert "Polski (Polish)" in form.content.decode()
    response = client.post(URL, {"languages": ["pl", "ar"]})
    assert response.status_code == 302
    assert codes(lambeth) == {"en-gb", "pl", "ar"}
    assert client_for(lambeth).get("/ar/").status_code == 200


@pytest.mark.django_db
def test_english_cannot_be_removed(lambeth):
    offer(lambeth, "pl")
    with inside(lambeth):
        assert set_borough_languages([]) == ([], ["pl"])
    assert codes(lambeth) == {"en-gb"}
    client = signed_in(lambeth, BOROUGH_ADMINS)
    assert 'value="en-gb"' not in client.get(URL).content.decode()  # not even offered
    assert client.post(URL, {"languages": ["en-gb"]}).status_code == 400
    assert codes(lambeth) == {"en-gb"}


@pytest.mark.django_db
def test_a_language_with_translated_pages_is_kept_with_a_clear_message(lambeth):
    offer(lambeth, "pl", "es")
    translate(lambeth, standard_page(lambeth, "about"), "pl", "O nas")
    client = signed_in(lambeth, BOROUGH_ADMINS)
    response = client.post(URL, {"languages": []})
    assert response.status_code == 400
    html = response.content.decode()
    # Its home page and the About page were translated (wagtail-localize copies parents).
    assert "Polski cannot be removed: 2 pages are in Polski." in html
    assert "Delete those translations first, then remove the language." in html
    assert codes(lambeth) == {"en-gb", "pl", "es"}, "nothing changed, Español included"


@pytest.mark.django_db
@pytest.mark.parametrize("chosen", [["xx"], ["pl", "de"], ["<script>"]])
def test_a_language_the_platform_does_not_offer_changes_nothing(lambeth, chosen):
    client = signed_in(lambeth, BOROUGH_ADMINS)
    assert client.post(URL, {"languages": chosen}).status_code == 400
    assert codes(lambeth) == {"en-gb"}


@pytest.mark.django_db
def test_only_those_who_may_add_and_remove_locales_see_languages(lambeth):
    client = signed_in(lambeth, EDITORS)
    assert client.get(URL).status_code in (302, 403)  # Wagtail sends them to the dashboard
    assert client.post(URL, {"languages": ["pl"]}).status_code in (302, 403)
    assert "/admin/languages/" not in client.get("/admin/").content.decode()
    assert codes(lambeth) == {"en-gb"}


def test_a_change_shows_at_once_in_a_process_that_cached_the_old_languages(committed_db):
    southwark = Borough.objects.get(slug="southwark")
    client = client_for(southwark)
    try:
        assert client.get("/pl/").status_code == 404  # this process now caches "English"
        with inside(southwark):
            set_borough_languages(["pl"])
        assert client.get("/pl/").status_code == 200
        assert 'href="/pl/" lang="pl"' in client.get("/").content.decode()
        with inside(southwark):
            set_borough_languages([])
        assert client.get("/pl/").status_code == 404
    finally:
        with inside(southwark):
            Locale.objects.filter(language_code="pl").delete()
