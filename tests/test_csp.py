"""Content-Security-Policy: strict on public pages of both themes and the platform host,
relaxed (inline allowed, framing by itself) only under the Wagtail admin."""

import re

import pytest

from django.conf import settings

from tests.community.conftest import make_staff, signed_in
from tests.conftest import client_for


def _policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.mark.django_db
@pytest.mark.parametrize("borough", ["lambeth", "southwark"])  # default and riverside themes
@pytest.mark.parametrize("path", ["/", "/about/", "/account/sign-in/", "/search/?q=yoga"])
def test_public_pages_send_a_strict_policy(request, borough, path):
    response = client_for(request.getfixturevalue(borough)).get(path)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in policy[directive]
        assert "'unsafe-eval'" not in policy[directive]


@pytest.mark.django_db
@pytest.mark.parametrize("borough", ["lambeth", "southwark"])
def test_the_borough_colours_are_allowed_by_this_responses_nonce_alone(request, borough):
    client = client_for(request.getfixturevalue(borough))
    first, second = client.get("/"), client.get("/")
    html = first.content.decode()
    assert "<script>" not in html  # no inline script at all
    styles = re.findall(r'<style nonce="([^"]+)">:root \{ --brand:', html)
    assert len(styles) == 1, "the borough colours must be in one <style> with a nonce"
    assert _policy(first)["style-src"] == ["'self'", f"'nonce-{styles[0]}'"]
    assert _policy(second)["style-src"] != _policy(first)["style-src"], "a nonce is used once"


@pytest.mark.django_db
def test_the_platform_host_sends_the_strict_policy_too():
    response = client_for(settings.PLATFORM_HOST).get("/console/sign-in/")
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]  # no nonce asked for, none given
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_only_the_wagtail_admin_gets_the_relaxed_policy(lambeth):
    client = signed_in(lambeth, make_staff(lambeth, "csp-editor@example.org", "Editors"))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = _policy(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]  # its own page previews
    assert "gravatar" not in response.content.decode()  # no third-party images
    assert _policy(client.get("/"))["frame-ancestors"] == ["'none'"]
