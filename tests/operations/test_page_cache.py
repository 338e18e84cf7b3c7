"""The page cache, through the real proxy (Varnish with the topology's configuration)
in front of a real app server: what is kept, what never is, and what empties it."""

import re
import uuid

from sites.community.factories import MemberProfileFactory
from sites.standard.models import StandardPage
from tests.operations.conftest import inside_schema

HOST = "cachetown.localhost"


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def cached_twice(proxy, host: str, path: str):
    """The second of two anonymous visits, which the cache should answer."""
    proxy.get(host, path)
    return proxy.get(host, path)


def test_an_anonymous_page_is_served_from_the_cache_without_cookies(proxy, cachetown):
    first = proxy.get(HOST, "/about/")
    second = proxy.get(HOST, "/about/")
    assert first.status_code == second.status_code == 200
    assert second.headers["X-Cache"] == "HIT"
    assert "Set-Cookie" not in second.headers
    assert second.text == first.text


def test_a_published_change_shows_at_once_in_that_borough_only(
    proxy, cachetown, purging_to, committed_db
):
    purging_to(proxy)
    assert cached_twice(proxy, HOST, "/about/").headers["X-Cache"] == "HIT"
    assert cached_twice(proxy, HOST, "/").headers["X-Cache"] == "HIT"
    assert cached_twice(proxy, "southwark.localhost", "/about/").headers["X-Cache"] == "HIT"

    with inside_schema(cachetown):
        page = StandardPage.objects.get(slug="about")
        page.title = "About Cachetown, changed"
        page.save_revision().publish()

    changed = proxy.get(HOST, "/about/")
    assert "About Cachetown, changed" in changed.text
    # The menu and the home page's cards show titles too: every page of this borough goes.
    assert proxy.get(HOST, "/").headers["X-Cache"] == "MISS"
    # Another borough's pages stay cached.
    assert proxy.get("southwark.localhost", "/about/").headers["X-Cache"] == "HIT"


def test_a_signed_in_visitor_never_gets_the_cached_page_and_never_leaves_one(
    proxy, cachetown, committed_db
):
    with inside_schema(cachetown):
        MemberProfileFactory(user__username="robin@example.org", display_name="Robin Cachetest")
    assert cached_twice(proxy, HOST, "/about/").headers["X-Cache"] == "HIT"

    form = proxy.get(HOST, "/account/sign-in/")
    signed_in = proxy.post(
        HOST,
        "/account/sign-in/",
        {
            "username": "robin@example.org",
            "password": "a-long-test-password",
            "csrfmiddlewaretoken": csrf_token(form.text),
        },
        cookies=form.cookies.get_dict(),
    )
    assert signed_in.status_code == 302, signed_in.text[:500]
    session = form.cookies.get_dict() | signed_in.cookies.get_dict()
    assert "sessionid" in session

    as_member = proxy.get(HOST, "/about/", cookies=session)
    assert as_member.headers["X-Cache"] == "MISS"
    assert "My page</a>" in as_member.text
    assert "public" not in as_member.headers["Cache-Control"]
    my_page = proxy.get(HOST, "/account/", cookies=session)
    assert my_page.status_code == 200 and "Robin Cachetest" in my_page.text

    # Anonymous visitors still get the anonymous page, which names nobody.
    anonymous = proxy.get(HOST, "/about/")
    assert anonymous.headers["X-Cache"] == "HIT"
    assert "My page</a>" not in anonymous.text and "Robin" not in anonymous.text
    assert "Robin" not in proxy.get(HOST, "/account/").text


def test_forms_and_member_pages_are_never_cached(proxy, cachetown):
    first, second = proxy.get(HOST, "/account/sign-in/"), proxy.get(HOST, "/account/sign-in/")
    assert first.headers["X-Cache"] == second.headers["X-Cache"] == "MISS"
    # Each visitor gets a token of their own.
    assert csrf_token(first.text) != csrf_token(second.text)
    assert "csrftoken" in second.cookies
    for path in ("/account/", "/get-support/"):
        again = cached_twice(proxy, HOST, path)
        assert again.headers["X-Cache"] == "MISS", path


def test_operators_endpoints_through_the_proxy(proxy, cachetown):
    health = proxy.get(HOST, "/health/")
    assert health.status_code == 200 and health.json()["checks"]["database"] == "ok"
    assert proxy.get(HOST, "/health/").headers["X-Cache"] == "MISS"
    # Metrics are for the scraper on the private network, never through the public proxy.
    assert proxy.get(HOST, "/-/metrics").status_code == 404


def test_easy_read_and_usual_pages_are_never_served_to_each_other(proxy, cachetown, committed_db):
    """The Easy Read switch keeps its choice in a session: Varnish passes every request
    with a session cookie, and the app marks Easy Read pages private, so an Easy Read
    visitor never gets the cached usual page, nor anyone else the Easy Read one."""
    from sites.core.factories import easy_read_points

    with inside_schema(cachetown):
        page = StandardPage.objects.get(kind=StandardPage.Kind.PRIVACY)
        page.easy_read = easy_read_points("We keep your information safe.")
        page.save_revision().publish()
    easy_words = "<p>We keep your information safe.</p>"
    usual = cached_twice(proxy, HOST, "/privacy/")
    assert usual.headers["X-Cache"] == "HIT" and easy_words not in usual.text

    switch = proxy.get(HOST, "/privacy/?easyread=on")
    assert switch.status_code == 302 and switch.headers["Location"] == "/privacy/"
    session = switch.cookies.get_dict()
    assert "sessionid" in session
    for _ in range(2):
        easy = proxy.get(HOST, "/privacy/", cookies=session)
        assert easy.headers["X-Cache"] == "MISS" and easy_words in easy.text
        assert "public" not in easy.headers["Cache-Control"]

    anonymous = proxy.get(HOST, "/privacy/")
    assert anonymous.headers["X-Cache"] == "HIT" and easy_words not in anonymous.text
    # Turned off again, the visitor has no session left and gets the cached page.
    off = proxy.get(HOST, "/privacy/?easyread=off", cookies=session)
    assert off.status_code == 302 and off.cookies.get("sessionid") in ("", None)
    assert 'sessionid=""' in off.headers["Set-Cookie"]
    assert proxy.get(HOST, "/privacy/").headers["X-Cache"] == "HIT"


def test_a_port_one_request_names_never_reaches_the_page_others_get(proxy, cachetown):
    """Django checks only a host's name, and the app builds absolute links from the Host
    header: through the proxy the app sees the visitors' own port, so a request naming
    another cannot leave it in a page the cache then hands to everyone."""
    path = f"/about/?from={uuid.uuid4().hex}"  # not cached yet: the app answers it
    named = proxy.get(f"{HOST}:31337", path)
    assert named.status_code == 200 and named.headers["X-Cache"] == "MISS"
    later = proxy.get(HOST, path)
    assert later.headers["X-Cache"] == "HIT"
    for answer in (named, later):
        assert "31337" not in answer.text
        assert f"http://{HOST}:{proxy.port}{path}" in answer.text  # "Printed from …"
