"""When the site refuses a form, it says why and what to do next, in its own layout and
plain words."""

import pytest
from bs4 import BeautifulSoup

from django.test import Client
from django.utils import translation
from django.utils.translation import gettext


def _page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "host, path", [("lambeth.localhost", "/account/sign-in/"), ("localhost", "/console/sign-in/")]
)
def test_a_form_sent_without_its_security_token_says_what_to_do(lambeth, host, path):
    """As when a page stayed open for hours, or cookies are off: not Django's page
    ("CSRF verification failed"), which has no viewport and no way back."""
    browser = Client(HTTP_HOST=host, enforce_csrf_checks=True)
    response = browser.post(path, {"username": "sam@example.org", "password": "x"})
    assert response.status_code == 403
    page = _page(response)
    assert page.h1.get_text(strip=True) == "Please send the form again"
    assert "Then open the form again and send it." in page.get_text()
    assert page.select_one('meta[name="viewport"]') and page.html["lang"]
    assert page.find("a", string="Open the form again")["href"] == path
    assert "CSRF" not in page.get_text()


def back_link(response) -> str:
    """The refusal page's one way on, in the language it is written in (``<html lang>``)."""
    page = _page(response)
    with translation.override(page.html["lang"]):
        again, home = gettext("Open the form again"), gettext("Go to the home page")
    link = page.find("a", string=again) or page.find("a", string=home)
    return link["href"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "/get-support/",
        "/list-your-organisation/",
        "/account/sign-in/?next=/events/",  # where signing in was to lead, kept
        "/pl/get-support/",  # the page in the reader's language
    ],
)
def test_the_refusal_links_back_to_the_page_the_form_was_on(lambeth, address):
    """Every public form of ours is sent to the page it is on, so that page is the way
    back, as a browser sends it (its Origin is the borough's own)."""
    from tests.i18n.helpers import offer

    offer(lambeth, "pl")
    origin = f"http://{lambeth.primary_host}"
    browser = Client(HTTP_HOST=lambeth.primary_host, enforce_csrf_checks=True)
    for headers in ({"HTTP_ORIGIN": origin}, {"HTTP_SEC_FETCH_SITE": "same-origin"}, {}):
        response = browser.post(address, {"first_name": "Ada"}, **headers)
        assert response.status_code == 403
        assert back_link(response) == address


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://elsewhere.example"},
        {"HTTP_ORIGIN": "http://southwark.localhost"},  # another borough is another site
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_REFERER": "https://elsewhere.example/f"},
        {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "http://southwark.localhost"},
    ],
)
def test_a_form_from_another_site_is_sent_to_the_home_page(lambeth, southwark, headers):
    """A form on another site's page (or another borough's) was not ours: no way "back"
    to it, and never a link to that site."""
    browser = Client(HTTP_HOST=lambeth.primary_host, enforce_csrf_checks=True)
    response = browser.post("/get-support/", {"first_name": "Ada"}, **headers)
    assert response.status_code == 403
    assert back_link(response) == "/"
    assert "elsewhere" not in response.content.decode()
    assert "southwark" not in response.content.decode()


def test_an_address_that_names_another_host_is_never_the_way_back(rf):
    """ "//elsewhere.example/..." is a path to this server, but as a link it leads away."""
    from tenants.views import form_page

    request = rf.post("/", HTTP_HOST="lambeth.localhost")
    request.path = "//elsewhere.example/get-support/"  # RequestFactory would read a host
    assert form_page(request) == ""
    backslash = form_page(rf.post("/\\elsewhere.example/", HTTP_HOST="lambeth.localhost"))
    assert backslash.startswith("/") and not backslash.startswith(("//", "/\\"))
    assert form_page(rf.post("/get-support/", HTTP_HOST="lambeth.localhost")) == "/get-support/"
    assert form_page(rf.get("/get-support/", HTTP_HOST="lambeth.localhost")) == ""
