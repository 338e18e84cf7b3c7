"""Pages in another language, on a phone: an Arabic page is laid out right to left and
passes axe there too (test_axe.py checks them on a desktop, without JavaScript and at
320 pixels); the language switcher is a row of plain links anyone can reach (on a phone, in
the header's menu)."""

import pytest
from selenium.webdriver.common.by import By

from tests.accessibility.test_axe import AXE_TAGS, PUBLIC_PAGES, RUN_AXE, _describe, _open, _pages
from tests.accessibility.test_phone_and_print import PHONE

pytestmark = pytest.mark.browser

OTHER_LANGUAGE_PAGES = [page for page in PUBLIC_PAGES if page.path.startswith(("/ar", "/pl/"))]

LAYOUT = """
const root = document.documentElement;
const name = document.querySelector(".site-header__name").getBoundingClientRect();
const main = document.querySelector("main");
return {
  lang: root.lang,
  dir: getComputedStyle(document.body).direction,
  nameOnTheRight: name.right > root.clientWidth / 2 && name.left > root.clientWidth / 4,
  mainLang: main.lang,
  heading: [main.querySelector("h1").lang, getComputedStyle(main.querySelector("h1")).direction],
  switcher: Array.from(document.querySelectorAll(".site-menu .language-switcher a"))
    .map((a) => [a.lang, a.textContent, a.getBoundingClientRect().height >= 24]),
};
"""


@_pages(OTHER_LANGUAGE_PAGES)
def test_another_language_on_a_phone(browser, live_site, axe_script, page, names):
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", PHONE | {"deviceScaleFactor": 2, "mobile": True}
    )
    try:
        url = _open(browser, live_site, page, names)
        browser.execute_script(axe_script)
        result = browser.execute_async_script(RUN_AXE, AXE_TAGS)
        # On a phone the languages are in the header's menu: open it.
        browser.find_element(By.CSS_SELECTOR, "details.site-menu summary").click()
        layout = browser.execute_script(LAYOUT)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert "error" not in result, f"axe-core failed on {url}: {result.get('error')}"
    assert not result["violations"], _describe(url, result["violations"])
    rtl = page.path.startswith("/ar")
    assert layout["lang"] == ("ar" if rtl else "pl")
    assert layout["dir"] == ("rtl" if rtl else "ltr")
    assert layout["nameOnTheRight"] == rtl, f"{url}: the header is not mirrored"
    # The interface is in the reader's language; the page's own words are English until
    # translated, and are read by screen readers as English.
    assert layout["mainLang"] == "", "main inherits the page's language"
    assert layout["heading"] == ["en-gb", "ltr"], layout["heading"]
    codes = [code for code, _, _ in layout["switcher"]]
    assert codes[0] == "en-gb" and {"pl", "ar"} <= set(codes), codes
    assert all(big_enough for _, _, big_enough in layout["switcher"]), layout["switcher"]
