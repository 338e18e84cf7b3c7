"""The page cache (Varnish) keeps each language of a page under its own address, and an
Editor's change empties every language of that borough."""

from wagtail.models import Locale

from sites.standard.models import StandardPage
from tests.operations.conftest import inside_schema
from tests.operations.test_page_cache import cached_twice

HOST = "cachetown.localhost"


def test_each_language_is_cached_under_its_own_address(proxy, cachetown, purging_to, committed_db):
    purging_to(proxy)
    with inside_schema(cachetown):
        Locale.objects.get_or_create(language_code="pl")
    english = cached_twice(proxy, HOST, "/about/")
    polish = cached_twice(proxy, HOST, "/pl/about/")
    assert english.headers["X-Cache"] == polish.headers["X-Cache"] == "HIT"
    assert '<html lang="en-gb"' in english.text and '<html lang="pl"' in polish.text
    assert "Vary" not in polish.headers or "Accept-Language" not in polish.headers["Vary"]

    with inside_schema(cachetown):
        page = StandardPage.objects.get(slug="about")
        page.title = "About Cachetown, in two languages"
        page.save_revision().publish()
    assert "About Cachetown, in two languages" in proxy.get(HOST, "/pl/about/").text
