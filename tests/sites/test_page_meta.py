"""What browsers and search engines read: titles, descriptions, favicons, robots.txt and
the sitemap, each per borough."""

import re

import pytest

from wagtail.models import Site

from sites.core.models import BrandingSettings
from tests.conftest import client_for, inside

pytestmark = pytest.mark.django_db


def title_of(html: str) -> str:
    """As it reads: without the invisible marks that isolate a name (test_isolated_words)."""
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
    return title.replace("\u2068", "").replace("\u2069", "")


def test_titles_name_the_page_then_the_site_and_the_home_page_only_once(lambeth):
    client = client_for(lambeth)
    assert title_of(client.get("/").content.decode()) == "Connect &amp; Do Lambeth"
    assert (
        title_of(client.get("/privacy/").content.decode())
        == "Privacy notice – Connect &amp; Do Lambeth"
    )


def test_every_page_has_a_description_from_its_summary_or_the_borough(lambeth):
    client = client_for(lambeth)

    def description(url):
        html = client.get(url).content.decode()
        return re.search(r'<meta name="description" content="([^"]*)">', html).group(1)

    assert description("/things-to-do/") == "Groups, classes, clubs and activities in Lambeth."
    assert "Lambeth" in description("/account/sign-in/")  # not a page: the borough's
    assert description("/").startswith("Find groups, activities, places and events in Lambeth")


def test_each_borough_has_its_own_favicon_in_its_colour(lambeth, southwark):
    with inside(southwark):
        branding = BrandingSettings.for_site(Site.objects.get())
        branding.primary_colour = "#00575f"
        branding.save()
    icons = {}
    for borough in (lambeth, southwark):
        client = client_for(borough)
        response = client.get("/favicon.svg")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        icons[borough.slug] = response.content.decode()
        assert client.get("/favicon.ico")["Location"] == "/favicon.svg"
        assert 'rel="icon" href="/favicon.svg' in client.get("/").content.decode()
    assert 'fill="#1d4f91"' in icons["lambeth"] and ">L</text>" in icons["lambeth"]
    assert 'fill="#00575f"' in icons["southwark"] and ">S</text>" in icons["southwark"]
    assert client_for("localhost").get("/favicon.svg").status_code == 200


def test_each_borough_has_a_sitemap_of_its_own_pages_only(lambeth, southwark):
    for borough, other in ((lambeth, southwark), (southwark, lambeth)):
        client = client_for(borough)
        robots = client.get("/robots.txt").content.decode()
        assert f"Sitemap: http://{borough.primary_host}/sitemap.xml" in robots
        assert "Disallow: /admin/" in robots
        assert other.primary_host not in robots

        sitemap = client.get("/sitemap.xml")
        assert sitemap.status_code == 200
        locations = re.findall(r"<loc>(.*?)</loc>", sitemap.content.decode())
        assert f"http://{borough.primary_host}:8000/privacy/" in locations
        assert all(loc.startswith(f"http://{borough.primary_host}:8000/") for loc in locations), (
            locations
        )


def test_a_borough_whose_site_no_longer_answers_has_no_sitemap_and_no_server_error(lambeth):
    """A site that answers to no address (its default flag lost) gives a 404, as the
    home page does then, not a 500 from inside the sitemap."""
    with inside(lambeth):
        site = Site.objects.get(is_default_site=True)
        Site.objects.filter(pk=site.pk).update(is_default_site=False, hostname="elsewhere.example")
    try:
        client = client_for(lambeth)
        assert client.get("/sitemap.xml").status_code == 404
    finally:
        with inside(lambeth):
            Site.objects.filter(pk=site.pk).update(is_default_site=True, hostname=site.hostname)
            Site.clear_site_root_paths_cache()


def test_the_platform_host_asks_robots_to_stay_out():
    robots = client_for("localhost").get("/robots.txt").content.decode()
    assert "Disallow: /\n" in robots and "Sitemap" not in robots
