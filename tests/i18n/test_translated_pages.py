"""A page translated with wagtail-localize is served at its own address; a page not yet
translated is shown in English at the translated address, with a notice in the reader's
language and lang="en-gb" on the English words (test_language_of_parts.py)."""

import re

import pytest

from django.utils import translation

from tests.conftest import client_for, inside
from tests.i18n.helpers import offer, standard_page, translate

pytestmark = pytest.mark.django_db


def notice() -> str:
    """The note a Polish reader sees, in Polish (the catalogue's words)."""
    with translation.override("pl"):
        return translation.gettext(
            "This page is not yet in %(language)s; here it is in English."
        ) % {"language": "Polski"}


def main_tag(html: str) -> str:
    return re.search(r"<main[^>]*>", html).group(0)


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def switcher_links(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    return {code: href for href, code in re.findall(r'<a href="([^"]*)" lang="([^"]+)"', nav)}


def test_a_page_not_yet_translated_is_shown_in_english_with_a_notice(lambeth):
    offer(lambeth, "pl")
    response = client_for(lambeth).get("/pl/about/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 lang="en-gb" dir="ltr">About Connect &amp; Do</h1>' in html
    assert main_tag(html) == '<main id="main" class="page-width" tabindex="-1">'
    assert f'<p class="language-notice" lang="pl" dir="ltr">{notice()}</p>' in html
    # Search engines are pointed only at real translations: here, none.
    assert alternates(html) == {}
    assert switcher_links(html) == {"en-gb": "/about/", "pl": "/pl/about/"}


def test_an_arabic_reader_gets_the_notice_right_to_left_and_the_english_left_to_right(lambeth):
    offer(lambeth, "ar")
    html = client_for(lambeth).get("/ar/about/").content.decode()
    assert "lang=" not in main_tag(html)
    assert '<h1 lang="en-gb" dir="ltr">About Connect &amp; Do</h1>' in html
    assert '<p class="language-notice" lang="ar" dir="rtl">' in html


def test_a_translated_page_is_served_at_its_own_address(lambeth):
    offer(lambeth, "pl")
    about = standard_page(lambeth, "about")
    translate(lambeth, about, "pl", "O nas", slug="o-nas")
    client = client_for(lambeth)

    polish = client.get("/pl/o-nas/")
    assert polish.status_code == 200
    html = polish.content.decode()
    assert "<h1>O nas</h1>" in html
    assert notice() not in html and "lang=" not in main_tag(html)
    host = f"http://{lambeth.primary_host}"
    assert alternates(html) == {
        "en-gb": f"{host}/about/",
        "pl": f"{host}/pl/o-nas/",
        "x-default": f"{host}/about/",
    }
    assert switcher_links(html) == {"en-gb": "/about/", "pl": "/pl/o-nas/"}

    # The English page points at its translation too.
    english = client.get("/about/").content.decode()
    assert switcher_links(english)["pl"] == "/pl/o-nas/"
    assert alternates(english)["pl"] == f"{host}/pl/o-nas/"
    # The Polish home page's menu leads to the Polish page; untranslated ones stay in /pl/.
    home = client.get("/pl/").content.decode()
    assert 'href="/pl/o-nas/">O nas</a>' in home
    assert 'href="/pl/events/"' in home


def test_a_draft_translation_is_not_served(lambeth):
    offer(lambeth, "pl")
    about = standard_page(lambeth, "about")
    translated = translate(lambeth, about, "pl", "O nas", slug="o-nas")
    with inside(lambeth):
        translated.unpublish()
    client = client_for(lambeth)
    assert client.get("/pl/o-nas/").status_code == 404
    html = client.get("/pl/about/").content.decode()
    assert notice() in html
    assert switcher_links(html)["pl"] == "/pl/about/"
