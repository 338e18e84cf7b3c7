"""Public addresses carry the language (/pl/…; English without a prefix), only for the
languages the borough offers; the rest of the site (admin, API, media) is unprefixed."""

import re

import pytest

from django.test import override_settings

from tests.conftest import client_for
from tests.i18n.helpers import offer

pytestmark = pytest.mark.django_db


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def test_english_is_unprefixed_and_a_borough_with_only_english_shows_no_switcher(lambeth):
    response = client_for(lambeth).get("/")
    assert response.status_code == 200
    assert html_tag(response) == '<html lang="en-gb" dir="ltr">'
    assert response["Content-Language"] == "en-gb"
    page = response.content.decode()
    assert 'class="language-switcher"' not in page
    assert 'rel="alternate" hreflang' not in page


def test_an_offered_language_is_served_at_its_prefix_with_a_switcher(lambeth):
    offer(lambeth, "pl")
    client = client_for(lambeth)
    response = client.get("/pl/")
    assert response.status_code == 200
    assert html_tag(response) == '<html lang="pl" dir="ltr">'
    assert response["Content-Language"] == "pl"
    page = response.content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', page, re.S).group(0)
    # Each language named in itself, with its language and the link's on the link.
    assert re.search(r'<a href="/" lang="en-gb" hreflang="en-gb" dir="ltr">English</a>', switcher)
    assert re.search(
        r'<a href="/pl/" lang="pl" hreflang="pl" dir="ltr" aria-current="true">Polski</a>',
        switcher,
    )
    # The header's home links stay in Polish; so do links to other views.
    assert 'class="site-header__name" href="/pl/"' in page
    assert 'href="/pl/account/sign-in/"' in page
    # English is still English, without a prefix.
    english = client.get("/")
    assert english["Content-Language"] == "en-gb"
    assert 'href="/pl/" lang="pl"' in english.content.decode()


def test_arabic_and_urdu_pages_are_right_to_left(lambeth):
    offer(lambeth, "ar", "ur")
    client = client_for(lambeth)
    assert html_tag(client.get("/ar/")) == '<html lang="ar" dir="rtl">'
    assert html_tag(client.get("/ur/")) == '<html lang="ur" dir="rtl">'
    english = client.get("/").content.decode()
    assert 'href="/ar/" lang="ar" hreflang="ar" dir="rtl">العربية</a>' in english


@pytest.mark.parametrize("path", ["/ar/", "/ar/about/", "/es/search/", "/xx/", "/de/about/"])
def test_a_language_the_borough_did_not_choose_or_an_unknown_prefix_is_a_404(lambeth, path):
    offer(lambeth, "pl")
    response = client_for(lambeth).get(path)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_one_boroughs_languages_are_not_anothers(lambeth, southwark):
    offer(lambeth, "pl")
    assert client_for(lambeth).get("/pl/").status_code == 200
    assert client_for(southwark).get("/pl/").status_code == 404


def test_the_language_comes_from_the_address_only(lambeth):
    """No Accept-Language redirect or cookie: the same address is the same page."""
    offer(lambeth, "pl")
    client = client_for(lambeth)
    client.cookies["django_language"] = "pl"
    response = client.get("/about/", HTTP_ACCEPT_LANGUAGE="pl")
    assert response.status_code == 200
    assert response["Content-Language"] == "en-gb"
    assert "Accept-Language" not in response.get("Vary", "")
    assert not response.cookies


def test_staff_api_and_files_stay_unprefixed(lambeth):
    offer(lambeth, "pl")
    client = client_for(lambeth)
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/favicon.svg").status_code == 200
    assert client.get("/api/openreferral/services/").status_code == 200
    assert client.get("/sitemap.xml").status_code == 200
    for prefixed in ("/pl/admin/login/", "/pl/robots.txt", "/pl/api/openreferral/services/"):
        assert client.get(prefixed).status_code == 404, prefixed


@override_settings(PAGE_CACHE_SECONDS=60)
def test_the_page_cache_keeps_each_language_under_its_own_address(lambeth):
    offer(lambeth, "pl")
    client = client_for(lambeth)
    for path, language in (("/", "en-gb"), ("/pl/", "pl")):
        response = client.get(path)
        assert "public" in response["Cache-Control"], path
        assert "Accept-Language" not in response.get("Vary", ""), path
        assert response["Content-Language"] == language
