"""The map beside a listing, in a real browser with JavaScript: it appears beside the list
on a desktop and after it on a phone, every marker and district circle is reached with
the keyboard and named, Enter opens links to the listed items, and when the tiles do not
load (this browser reaches no tile server) a note says the list has everything.

axe-core checks the same pages with the map drawn (test_axe.py: things to do, places,
events, in both themes), and at 320 pixels wide (reflow)."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait

from tests.accessibility.test_axe import PUBLIC_PAGES, _open, _pages

pytestmark = pytest.mark.browser

MAP_PAGES = [
    page
    for page in PUBLIC_PAGES
    if page.theme == "default"
    and page.name.split("/", 1)[-1] in {"things-to-do/", "places/", "events/"}
]
PHONE = {"width": 375, "height": 667}

LAYOUT = """
const box = document.querySelector("[data-listing-map]");
const skip = box.querySelector(".listing-map__skip").hash.slice(1);
const list = document.getElementById(skip.replace(/-after-map$/, ""));
const a = box.getBoundingClientRect(), b = list.getBoundingClientRect();
return {mapLeft: a.left, mapTop: a.top, listRight: b.right, listBottom: b.bottom,
        listTitles: Array.from(list.querySelectorAll("a")).map((link) => link.href)};
"""


def _drawn(driver):
    WebDriverWait(driver, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "[data-listing-map]:not([hidden]) .leaflet-pane")
    )


@_pages(MAP_PAGES)
def test_the_map_is_beside_the_list_and_keyboard_operable(browser, live_site, page, names):
    url = _open(browser, live_site, page, names)
    _drawn(browser)
    layout = browser.execute_script(LAYOUT)
    assert layout["mapLeft"] >= layout["listRight"] - 1, f"{url}: the map is not beside the list"

    markers = browser.find_elements(By.CSS_SELECTOR, ".leaflet-marker-icon")
    circles = browser.find_elements(By.CSS_SELECTOR, "path.leaflet-interactive")
    assert markers or circles, f"{url} shows nothing on its map"
    for marker in markers:
        assert marker.get_attribute("tabindex") == "0" and marker.get_attribute("alt"), url
    for circle in circles:
        assert circle.get_attribute("tabindex") == "0" and circle.get_attribute("aria-label"), url

    first = (markers or circles)[0]
    first.send_keys(Keys.ENTER)
    links = WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".leaflet-popup-content a")
    )
    assert {link.get_attribute("href") for link in links} <= set(layout["listTitles"]), (
        f"{url}: the map links to something the list does not show"
    )
    WebDriverWait(browser, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".listing-map__failed[role='status']")
    )


@_pages(MAP_PAGES[:1])
def test_on_a_phone_the_map_comes_after_the_list_with_a_way_past_it(
    browser, live_site, page, names
):
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", PHONE | {"deviceScaleFactor": 2, "mobile": True}
    )
    try:
        url = _open(browser, live_site, page, names)
        _drawn(browser)
        layout = browser.execute_script(LAYOUT)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert layout["mapTop"] >= layout["listBottom"] - 1, f"{url}: the map is not after the list"
    skip = browser.find_element(By.CSS_SELECTOR, ".listing-map__skip")
    assert skip.text == "Skip the map"
