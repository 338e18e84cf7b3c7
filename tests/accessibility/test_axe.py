"""Every public page meets WCAG 2.2 AA as far as axe-core can tell, and works without
JavaScript, on both themes and on the platform host, in a real headless Chromium.

axe-core finds about a third of WCAG failures; these tests are the floor, not the
ceiling. Keyboard use (the skip link) and reflow at 320 CSS pixels are checked directly.
"""

from dataclasses import dataclass

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from django.conf import settings

from tests.conftest import SESSION_BOROUGHS

pytestmark = pytest.mark.browser

WCAG_22_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
REFLOW_WIDTH = 320  # CSS pixels: WCAG 1.4.10, 1280 pixels at 400% zoom
SKIP_LINK_TEXT = "Skip to main content"
NOT_FOUND = "Page not found"


@dataclass(frozen=True)
class PublicPage:
    name: str
    host: str
    path: str
    heading: str  # the page's <h1>: proves we are looking at the page we meant
    theme: str = "default"


def _public_pages() -> list[PublicPage]:
    pages = []
    for slug, (name, host, theme) in SESSION_BOROUGHS.items():
        pages += [
            PublicPage(f"{slug}/", host, "/", f"Connect & Do {name}", theme),
            PublicPage(f"{slug}/about/", host, "/about/", "About Connect & Do", theme),
            PublicPage(
                f"{slug}/accessibility/", host, "/accessibility/", "Accessibility statement", theme
            ),
            PublicPage(f"{slug}/privacy/", host, "/privacy/", "Privacy", theme),
            PublicPage(f"{slug}/not-found", host, "/no-such-page/", NOT_FOUND, theme),
            PublicPage(f"{slug}/sign-in/", host, "/account/sign-in/", "Sign in", theme),
            PublicPage(
                f"{slug}/sign-up/", host, "/account/sign-up/", f"Join Connect & Do {name}", theme
            ),
            PublicPage(
                f"{slug}/password-reset/",
                host,
                "/account/password/forgotten/",
                "Reset your password",
                theme,
            ),
        ]
    platform = settings.PLATFORM_HOST
    return [
        *pages,
        PublicPage("platform/", platform, "/", "Connect & Do"),
        PublicPage(
            "platform/sign-in/", platform, "/console/sign-in/", "Sign in to the platform console"
        ),
        PublicPage("platform/not-found", platform, "/no-such-page/", NOT_FOUND),
        PublicPage("unknown-host/", f"no-such-borough.{platform}", "/", NOT_FOUND),
    ]


PUBLIC_PAGES = _public_pages()

RUN_AXE = """
const [tags, done] = arguments;
axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
  .then((results) => done({
    version: results.testEngine.version,
    rulesPassed: results.passes.length,
    violations: results.violations.map((rule) => ({
      id: rule.id,
      impact: rule.impact,
      help: rule.help,
      helpUrl: rule.helpUrl,
      nodes: rule.nodes.map((node) => ({
        target: node.target.join(" "),
        summary: node.failureSummary,
      })),
    })),
  }))
  .catch((error) => done({error: String(error)}));
"""

# Which theme's stylesheet the page links, and whether it arrived: an unstyled page
# would be checked against the wrong colours and sizes.
STYLESHEET = """
const link = document.querySelector('link[rel="stylesheet"]');
const skipLink = document.querySelector(".skip-link");
return [link && link.getAttribute("href"), skipLink && getComputedStyle(skipLink).position];
"""

OVERFLOWING_ELEMENTS = """
const width = document.documentElement.clientWidth;
return Array.from(document.querySelectorAll("body *"))
  .filter((element) => element.getBoundingClientRect().right > width + 0.5)
  .slice(0, 10)
  .map((element) => element.outerHTML.slice(0, 120));
"""


def _pages(pages):
    return pytest.mark.parametrize("page", pages, ids=lambda page: page.name)


def _open(driver, live_site, page: PublicPage) -> str:
    url = live_site.url(page.host, page.path)
    driver.get(url)
    headings = [h1.text for h1 in driver.find_elements(By.CSS_SELECTOR, "main h1")]
    assert headings == [page.heading], f"{url} shows the headings {headings}"
    stylesheet, skip_link_position = driver.execute_script(STYLESHEET)
    assert f"/themes/{page.theme}/" in (stylesheet or ""), f"{url} links {stylesheet}"
    assert skip_link_position == "absolute", f"{url}: the stylesheet {stylesheet} did not load"
    return url


def _describe(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} WCAG 2.2 AA rule(s) fail on {url}:"]
    for rule in violations:
        lines.append(f"- {rule['id']} ({rule['impact']}): {rule['help']} <{rule['helpUrl']}>")
        for node in rule["nodes"]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


@_pages(PUBLIC_PAGES)
def test_page_has_no_axe_violations(browser, live_site, axe_script, page):
    url = _open(browser, live_site, page)
    browser.execute_script(axe_script)
    result = browser.execute_async_script(RUN_AXE, WCAG_22_AA_TAGS)
    assert "error" not in result, f"axe-core failed on {url}: {result.get('error')}"
    assert result["rulesPassed"] > 0, f"axe-core checked nothing on {url}"
    assert not result["violations"], _describe(url, result["violations"])


@_pages(PUBLIC_PAGES)
def test_page_works_without_javascript(browser_without_js, live_site, page):
    driver = browser_without_js
    _open(driver, live_site, page)

    ActionChains(driver).send_keys(Keys.TAB).perform()
    skip_link = driver.switch_to.active_element
    assert skip_link.text == SKIP_LINK_TEXT, "the first Tab must reach the skip link"
    assert skip_link.get_attribute("href").endswith("#main")
    position = skip_link.rect
    assert skip_link.is_displayed() and position["x"] >= 0 and position["y"] >= 0, (
        f"the focused skip link is off screen at {position}"
    )

    ActionChains(driver).send_keys(Keys.ENTER).perform()
    assert driver.current_url.endswith("#main")
    focused = driver.switch_to.active_element
    assert focused.tag_name == "main" and focused.get_attribute("id") == "main", (
        "the skip link must move keyboard focus to the main content"
    )


@_pages(PUBLIC_PAGES)
def test_page_reflows_at_320_css_pixels(browser, live_site, page):
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": REFLOW_WIDTH, "height": 640, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        url = _open(browser, live_site, page)
        viewport, visible, scroll_width = browser.execute_script(
            "const root = document.documentElement;"
            "return [window.innerWidth, root.clientWidth, root.scrollWidth];"
        )
        assert viewport == REFLOW_WIDTH, f"the viewport is {viewport} pixels, not {REFLOW_WIDTH}"
        # clientWidth is the viewport less any vertical scroll bar: what can be seen.
        assert scroll_width <= visible, (
            f"{url} scrolls sideways at {REFLOW_WIDTH} pixels: {scroll_width} wide in "
            f"{visible}; too wide: {browser.execute_script(OVERFLOWING_ELEMENTS)}"
        )
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
