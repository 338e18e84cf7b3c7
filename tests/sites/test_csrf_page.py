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
