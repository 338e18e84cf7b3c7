"""Page addresses are built without a ``reverse`` for each page
(sites/core/languages/page_addresses.py), and are exactly Wagtail's own: for every page
of a borough, in English and in Polish, for a translated page, a path in another script,
and a path no route serves."""

import pytest

from django.test import RequestFactory
from django.utils import translation

from wagtail.models import Page, Site

from sites.core.languages.urls import reader_url, reading
from sites.standard.models import StandardPage
from tests.conftest import inside
from tests.directory.conftest import build_directory
from tests.i18n.helpers import offer, standard_page, translate


def wagtails_own(page, request):
    """Wagtail's ``Page.get_url_parts``, in the reader's language as our pages give it."""
    parts = Page.get_url_parts(page, request)
    if parts is None or parts[2] is None:
        return parts
    return parts[0], parts[1], reader_url(parts[2])


@pytest.mark.django_db
def test_every_page_address_is_wagtails_own(lambeth):
    build_directory(lambeth)
    offer(lambeth, "pl")
    about = standard_page(lambeth, "about")
    translate(lambeth, about, "pl", "O nas", slug="o-nas")
    with inside(lambeth):
        home = Site.objects.get().root_page
        home.add_child(instance=StandardPage(title="Zoë", slug="café-zoë-مرحبا"))
        pages = [page.specific for page in Page.objects.filter(depth__gt=1)]
        unserved = StandardPage.objects.get(slug="café-zoë-مرحبا")
        unserved.url_path += "a.b/"  # no route serves a dot: no address
        request = RequestFactory().get("/", HTTP_HOST=Site.objects.get().hostname)
        compared = 0
        for code in ("en-gb", "pl"):
            with translation.override(code), reading(code):
                for page in [*pages, unserved]:
                    for asked_with in (None, request):
                        assert page.get_url_parts(asked_with) == wagtails_own(page, asked_with), (
                            page.url_path,
                            code,
                        )
                        compared += 1
                addresses = {page.get_url(request) for page in pages}
            if code == "pl":
                assert "/pl/o-nas/" in addresses
                assert "/pl/caf%C3%A9-zo%C3%AB-%D9%85%D8%B1%D8%AD%D8%A8%D8%A7/" in addresses
            else:
                assert "/about/" in addresses
        assert unserved.get_url_parts()[1:] == (None, None)
    assert compared > 40
