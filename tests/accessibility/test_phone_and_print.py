"""Phones first, and paper: a filtered list shows its first result on a phone's first
screen, and every public page prints without the site's chrome, in both themes.

The pages and their addresses are test_axe.py's (``PUBLIC_PAGES``), opened the same way.
"""

import base64
import re
from dataclasses import replace

import pytest

from sites.mylist.selectors import MAX_ITEMS
from tests.accessibility.test_axe import PUBLIC_PAGES, _open, _pages

pytestmark = pytest.mark.browser

FILTERS = {
    "things-to-do/?filters": "?day=saturday&time=morning&free=yes",
    "events/?filters": "?free=yes&how=in-person",
}
PHONE = {"width": 375, "height": 667}  # CSS pixels: a small phone held upright
# The filtered lists (things to do, events), on both themes, with choices that leave
# results in both seeded boroughs.
FILTERED_LISTS = [
    replace(page, path=page.path.split("?")[0] + FILTERS[page.name.split("/", 1)[1]])
    for page in PUBLIC_PAGES
    if page.name.endswith("?filters")
]
# One page of each kind on both themes, and a borough with no content.
PRINTED_PAGES = [
    page
    for page in PUBLIC_PAGES
    if page.name.split("/", 1)[-1] in {"activity", "event", "things-to-do/?filters", ""}
    and page.name != "unknown-host/"  # a bare "not found" page, with no link to print
]
A4 = {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": False}

FIRST_RESULT = """
const title = document.querySelector("main .results .listing .listing__title");
const fold = document.querySelector("main details.filter-fold");
return {
  titleBottom: title && title.getBoundingClientRect().bottom,
  viewport: window.innerHeight,
  width: document.documentElement.clientWidth,
  folded: fold && !fold.open,
  summary: fold && fold.querySelector("summary").textContent.replace(/\\s+/g, " ").trim(),
  layout: Array.from(document.querySelectorAll("body > *, main > *, main .results > *"))
    .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().top)}`),
};
"""


@_pages(FILTERED_LISTS)
def test_first_filtered_result_is_on_a_phones_first_screen(browser, live_site, page, names):
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", PHONE | {"deviceScaleFactor": 2, "mobile": True}
    )
    try:
        url = _open(browser, live_site, page, names)
        seen = browser.execute_script(FIRST_RESULT)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert seen["width"] == PHONE["width"], f"{url}: the page is {seen['width']} pixels wide"
    assert seen["folded"], f"{url}: the filters are not folded after choosing"
    assert seen["summary"].startswith("Choose what to show Chosen: "), seen["summary"]
    assert "Free only" in seen["summary"], f"{url}: the summary hides a choice: {seen['summary']}"
    assert seen["titleBottom"] is not None, f"{url} shows no result"
    # The whole title of the first result, not only its top edge, is on the first screen.
    assert seen["titleBottom"] <= seen["viewport"] == PHONE["height"], (
        f"{url}: the first result ends {seen['titleBottom']:.0f} pixels down, "
        f"below the first {PHONE['height']}: {seen['layout']}"
    )


HIDDEN_IN_PRINT = """
const shown = (selector) => Array.from(document.querySelectorAll(selector))
  .filter((element) => getComputedStyle(element).display !== "none").length;
const link = document.querySelector("main a[href^='http'], main a[href^='/']");
const root = document.documentElement;
return {
  printLinks: Array.from(document.querySelectorAll("link[rel='stylesheet'][media='print']"))
    .map((element) => element.getAttribute("href")),
  chrome: ["header.site-header", "nav", "form[role='search']", "footer", "details.filter-fold",
           ".skip-link"].filter((selector) => shown(selector)),
  linkAfter: link && getComputedStyle(link, "::after").content,
  linkHref: link && link.getAttribute("href"),
  height: root.scrollHeight,
  anchorAfter: getComputedStyle(document.querySelector("a[href^='#']"), "::after").content,
};
"""


@_pages(PRINTED_PAGES)
def test_page_prints_without_the_sites_chrome(browser, live_site, page, names):
    url = _open(browser, live_site, page, names)
    screen = browser.execute_script(HIDDEN_IN_PRINT)
    assert screen["printLinks"], f"{url} links no print stylesheet"
    assert "header.site-header" in screen["chrome"], "the header must show on screen"
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        printed = browser.execute_script(HIDDEN_IN_PRINT)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert printed["chrome"] == [], f"{url} prints {printed['chrome']}"
    # A link's address is printed after it, so paper still says where it leads.
    assert printed["linkHref"] and printed["linkHref"] in printed["linkAfter"], (
        f"{url}: a link prints {printed['linkAfter']!r}, not {printed['linkHref']}"
    )
    # ...but not a link to another part of the same page (the skip link, "#results").
    assert "#" not in printed["anchorAfter"], f"{url}: an anchor prints {printed['anchorAfter']}"


@_pages([page for page in PRINTED_PAGES if page.name.endswith("/activity")])
def test_an_activity_prints_on_one_a4_page(browser, live_site, page, names):
    url = _open(browser, live_site, page, names)
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", A4)["data"])
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert pages == 1, f"{url} prints on {pages} A4 pages ({height} pixels)"


@_pages([page for page in PUBLIC_PAGES if page.name.endswith("/my-list/print/")])
def test_a_full_list_prints_on_one_or_two_a4_pages_in_large_type(browser, live_site, page, names):
    url = _open(browser, live_site, page, names)
    items = browser.execute_script("return document.querySelectorAll('.my-list__item').length")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        size = browser.execute_script(
            "return parseFloat(getComputedStyle(document.querySelector('.my-list dd')).fontSize)"
        )
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(
        browser.execute_cdp_cmd("Page.printToPDF", A4 | {"preferCSSPageSize": True})["data"]
    )
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert items >= MAX_ITEMS - 1, f"{url} shows {items} things: the seeded list should be full"
    assert size >= 18.6, f"{url} prints its words at {size}px, under 14pt"
    assert pages <= 2, f"{url} prints {items} things on {pages} A4 pages"
