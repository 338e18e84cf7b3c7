"""When the site refuses a form, it says why and what to do next, in its own layout and
plain words."""

import pytest
from bs4 import BeautifulSoup

from django.test import Client


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
    assert "reload the page and send the form again" in page.get_text()
    assert page.select_one('meta[name="viewport"]') and page.html["lang"]
    assert page.select_one('a[href="/"]')
    assert "CSRF" not in page.get_text()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, status",
    [
        ({"reason": "x" * (3 * 1024 * 1024)}, 413),  # one very long text
        ({f"field{n}": "x" for n in range(10_001)}, 400),  # more fields than any form has
    ],
)
def test_too_much_sent_at_once_says_nothing_was_saved_and_what_to_do(lambeth, data, status):
    """A note of megabytes pasted by mistake: the site's own page says nothing was saved
    and how to get the words back, not "This web address is not one we serve"."""
    from sites.connecting.models import Referral
    from tests.fuzzing import row_counts

    before = row_counts(lambeth, Referral)
    response = Client(HTTP_HOST="lambeth.localhost").post("/get-support/", data)
    assert response.status_code == status
    page = _page(response)
    assert page.h1.get_text(strip=True) == "That was too much to send at once"
    assert "nothing was saved" in page.get_text()
    assert "Back button" in page.get_text()
    assert page.select_one('meta[name="viewport"]') and page.html["lang"]
    assert row_counts(lambeth, Referral) == before


@pytest.mark.django_db
def test_a_web_address_with_too_many_parts_gets_the_same_page_not_an_error(lambeth):
    """The page that says so must not itself read the request it refuses."""
    query = "&".join(f"a{n}=1" for n in range(10_001))
    response = Client(HTTP_HOST="lambeth.localhost").get(f"/search/?{query}")
    assert response.status_code == 400
    assert "That was too much to send at once" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_host_is_still_told_the_address_is_not_served():
    response = Client(HTTP_HOST="nowhere.example.com").get("/")
    assert response.status_code == 400
    assert "This web address is not one we serve" in response.content.decode()
