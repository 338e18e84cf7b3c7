"""The Wagtail admin still works under its own (relaxed) Content-Security-Policy: an
Editor's dashboard and page editor load with nothing refused in Chromium's console."""

import pytest
from django_tenants.utils import schema_context
from selenium.webdriver.common.by import By

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from wagtail.models import Page

from sites.core.roles import EDITORS
from tests.accessibility.conftest import CONTENT_BOROUGHS, csp_violations

pytestmark = pytest.mark.browser

SLUG = "axe-check"
HOST = CONTENT_BOROUGHS[SLUG][1]


@pytest.fixture
def editor_session(content_boroughs, django_db_blocker) -> tuple[str, int]:
    """A signed-in Editor's session cookie on the content borough, and a page to edit."""
    with django_db_blocker.unblock(), schema_context(SLUG.replace("-", "_")):
        editor, _ = get_user_model().objects.get_or_create(
            username="csp-editor@example.org", defaults={"email": "csp-editor@example.org"}
        )
        editor.groups.add(Group.objects.get(name=EDITORS))
        client = Client(HTTP_HOST=HOST)
        client.force_login(editor)
        about = Page.objects.get(slug="about")
        return client.cookies[settings.SESSION_COOKIE_NAME].value, about.pk


def test_the_admin_loads_without_policy_violations(browser, live_site, editor_session):
    session, page_id = editor_session
    cookie = {"name": settings.SESSION_COOKIE_NAME, "url": live_site.url(HOST)}
    browser.execute_cdp_cmd("Network.setCookie", cookie | {"value": session, "httpOnly": True})
    try:
        for path in ["/admin/", f"/admin/pages/{page_id}/edit/"]:
            csp_violations(browser)
            browser.get(live_site.url(HOST, path))
            assert browser.find_elements(By.CSS_SELECTOR, "main, #main"), f"{path} did not load"
            refused = csp_violations(browser)
            assert not refused, f"{path}: {refused}"
    finally:
        browser.execute_cdp_cmd("Network.deleteCookies", cookie)
