"""Easy Read pages in a real Chromium: no axe-core violations on a desktop and a phone,
a picture on the left of each point, no text under 14 pt, no sideways scrolling, and a
switch that works without JavaScript.

The pages are in the content borough on the default theme, seeded like the demo ones
(its Easy Read step writes the key pages and a few listings)."""

import pytest
from django_tenants.utils import schema_context
from selenium.webdriver.common.by import By

from django.conf import settings

from sites.community.groups.links import group_url
from sites.community.models import CommunityGroup
from sites.directory.models import ActivityPage
from tests.accessibility.conftest import CONTENT_BOROUGHS
from tests.accessibility.test_axe import AXE_TAGS, BROKEN_REFERENCES, RUN_AXE, _describe

pytestmark = pytest.mark.browser

SLUG = "axe-check"
HOST = CONTENT_BOROUGHS[SLUG][1]
SCREENS = {
    "desktop": {"width": 1280, "height": 1024, "deviceScaleFactor": 1, "mobile": False},
    "phone": {"width": 375, "height": 667, "deviceScaleFactor": 2, "mobile": True},
}
MIN_TEXT_PX = 14 * 96 / 72  # 14 pt
KEY_PAGES = ["/", "/help/", "/privacy/", "/community-connecting/", "/get-support/"]

# Each point: where its picture and its words are (the picture must be on the left).
POINTS = """
return Array.from(document.querySelectorAll("main .easy-read__point")).map((point) => {
  const img = point.querySelector(".easy-read__picture img");
  const words = point.querySelector(".easy-read__words");
  return {
    img: img && img.getBoundingClientRect().toJSON(),
    alt: img && img.getAttribute("alt"),
    words: words.getBoundingClientRect().toJSON(),
  };
});
"""
# Every element with its own text, and its computed size in CSS pixels.
SMALL_TEXT = """
const [least] = arguments;
const small = [];
for (const element of document.querySelectorAll("body *")) {
  const own = Array.from(element.childNodes).some(
    (node) => node.nodeType === 3 && node.textContent.trim());
  if (!own || !element.getClientRects().length) continue;
  const size = parseFloat(getComputedStyle(element).fontSize);
  if (size < least) small.push(`${element.tagName}.${element.className} ${size}px`);
}
return small.slice(0, 10);
"""


@pytest.fixture(scope="module")
def easy_read_paths(content_boroughs, django_db_blocker) -> list[str]:
    """The key pages, and a seeded activity and group with "In simple words"."""
    with django_db_blocker.unblock(), schema_context(SLUG.replace("-", "_")):
        activity = next(page for page in ActivityPage.objects.live() if page.easy_read)
        group = next(
            group
            for group in CommunityGroup.objects.filter(status="approved", visibility="public")
            if group.easy_read
        )
        return [*KEY_PAGES, activity.url, group_url(group)]


def _easy_read(driver, live_site, on: bool) -> None:
    driver.get(live_site.url(HOST, f"/?easyread={'on' if on else 'off'}"))


@pytest.mark.parametrize("screen", SCREENS)
def test_easy_read_pages_are_accessible_with_pictures_on_the_left(
    browser, live_site, axe_script, easy_read_paths, screen
):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", SCREENS[screen])
    try:
        _easy_read(browser, live_site, on=True)
        for path in easy_read_paths:
            url = live_site.url(HOST, path)
            browser.get(url)
            assert browser.find_elements(By.CSS_SELECTOR, ".easy-read-banner"), url
            points = browser.execute_script(POINTS)
            assert points, f"{url} shows no Easy Read points"
            for point in points:
                assert point["img"] and point["alt"], f"{url}: a point without a picture"
                assert point["img"]["right"] <= point["words"]["left"], (
                    f"{url}: the picture is not on the left of its words: {point}"
                )
            small = browser.execute_script(SMALL_TEXT, MIN_TEXT_PX - 0.05)
            assert not small, f"{url} has text under 14 pt: {small}"
            width, scroll = browser.execute_script(
                "return [document.documentElement.clientWidth,"
                " document.documentElement.scrollWidth];"
            )
            assert scroll <= width, f"{url} scrolls sideways on a {screen}"
            browser.execute_script(axe_script)
            result = browser.execute_async_script(RUN_AXE, AXE_TAGS)
            assert "error" not in result and result["rulesPassed"] > 0, url
            assert not result["violations"], _describe(url, result["violations"])
            assert not browser.execute_script(BROKEN_REFERENCES), url
    finally:
        _easy_read(browser, live_site, on=False)
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_the_switch_works_without_javascript_and_a_page_without_easy_read_says_so(
    browser_without_js, live_site, content_boroughs
):
    driver = browser_without_js
    driver.execute_cdp_cmd(
        "Network.deleteCookies",
        {"name": settings.SESSION_COOKIE_NAME, "url": live_site.url(HOST)},
    )
    driver.get(live_site.url(HOST, "/about/"))
    driver.find_element(By.LINK_TEXT, "Easy Read").click()
    assert driver.current_url == live_site.url(HOST, "/about/")
    banner = driver.find_element(By.CSS_SELECTOR, ".easy-read-banner").text
    assert "Easy Read is on." in banner
    notice = driver.find_element(By.CSS_SELECTOR, "main .easy-read-missing").text
    assert "not in Easy Read yet" in notice
    assert driver.find_elements(By.CSS_SELECTOR, "main .lead"), "the usual text is still there"

    driver.find_element(By.CSS_SELECTOR, ".easy-read-banner a").click()
    assert driver.current_url == live_site.url(HOST, "/about/")
    assert not driver.find_elements(By.CSS_SELECTOR, ".easy-read-banner")
    assert driver.find_elements(By.LINK_TEXT, "Easy Read")
