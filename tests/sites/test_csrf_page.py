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
    assert not backslash.startswith(("//", "/\\"))  # "" here: no page answers there
    assert form_page(rf.post("/get-support/", HTTP_HOST="lambeth.localhost")) == "/get-support/"
    assert form_page(rf.get("/get-support/", HTTP_HOST="lambeth.localhost")) == ""


POST_ONLY = [
    "/account/confirm/send-again/",  # "Send the email again": require_POST
    "/members/blocked/7/unblock/",  # "Unblock": require_POST
]


@pytest.mark.django_db
@pytest.mark.parametrize("address", POST_ONLY)
def test_a_button_sent_to_a_post_only_address_links_back_to_its_page(lambeth, address):
    """A button's address answers only POST: a link to it would be a 405. The way back is
    the page the button was on (the browser's Referer, on this host)."""
    from tests.community.conftest import make_member
    from tests.conftest import inside

    browser = Client(HTTP_HOST=lambeth.primary_host, enforce_csrf_checks=True)
    with inside(lambeth):
        browser.force_login(make_member(lambeth))
    assert browser.get(address).status_code == 405  # a link to it is no way back
    referer = f"http://{lambeth.primary_host}/account/?tab=email"
    for headers in ({"HTTP_ORIGIN": f"http://{lambeth.primary_host}"}, {}):
        response = browser.post(address, HTTP_REFERER=referer, **headers)
        assert response.status_code == 403
        assert back_link(response) == "/account/?tab=email"
        assert browser.get(back_link(response)).status_code != 405


@pytest.mark.django_db
@pytest.mark.parametrize("address", POST_ONLY)
@pytest.mark.parametrize(
    "referer",
    [
        None,  # a browser told to send none
        "http://southwark.localhost/account/",  # another borough's page
        "https://elsewhere.example/account/",
        "/account/",  # not what a browser sends
        "http://lambeth.localhost/members/blocked/7/unblock/",  # itself POST-only
    ],
)
def test_without_a_page_of_this_host_to_go_back_to_a_post_only_button_leads_home(
    lambeth, southwark, address, referer
):
    browser = Client(HTTP_HOST=lambeth.primary_host, enforce_csrf_checks=True)
    headers = {"HTTP_REFERER": referer} if referer else {}
    response = browser.post(address, **headers)
    assert response.status_code == 403
    assert back_link(response) == "/"
    assert "southwark" not in response.content.decode()
    assert "elsewhere" not in response.content.decode()


@pytest.mark.django_db
def test_the_referer_is_the_way_back_for_a_form_sent_to_its_own_page_too(lambeth):
    """The same page, as a browser sends it; its query (where signing in leads) kept."""
    browser = Client(HTTP_HOST=lambeth.primary_host, enforce_csrf_checks=True)
    page = f"http://{lambeth.primary_host}/account/sign-in/?next=/events/"
    response = browser.post("/account/sign-in/?next=/events/", HTTP_REFERER=page)
    assert back_link(response) == "/account/sign-in/?next=/events/"


def test_answers_get_reads_every_decorator_layer(rf, lambeth):
    """``require_POST`` under ``never_cache`` and ``login_required``; a GET-and-POST view."""
    from tenants.views import answers_get

    request = rf.post("/", HTTP_HOST="lambeth.localhost")
    assert not answers_get(request, "/members/blocked/7/unblock/")
    assert not answers_get(request, "/account/confirm/send-again/?x=1")
    assert answers_get(request, "/members/7/report/")
    assert answers_get(request, "/list-your-organisation/")


@pytest.mark.django_db
def test_a_polish_page_with_no_way_back_leads_to_the_polish_home_page(lambeth):
    """The home page in the reader's language: a Polish reader's refused form, 404 and
    other dead ends lead to /pl/, not to the English home page."""
    from tests.i18n.helpers import offer

    offer(lambeth, "pl")
    browser = Client(HTTP_HOST=lambeth.primary_host, enforce_csrf_checks=True)
    refused = browser.post(
        "/pl/get-support/", {"first_name": "Ada"}, HTTP_ORIGIN="https://elsewhere.example"
    )
    assert refused.status_code == 403
    assert back_link(refused) == "/pl/"
    missing = browser.get("/pl/no-such-page-here/")
    assert missing.status_code == 404
    with translation.override("pl"):
        home = gettext("Go to the home page")
    assert _page(missing).find("a", string=home)["href"] == "/pl/"
