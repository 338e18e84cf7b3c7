"""Every public page meets WCAG 2.2 AA as far as axe-core can tell, and works without
JavaScript, on both themes and on the platform host, in a real headless Chromium.

axe-core finds about a third of WCAG failures; these tests are the floor, not the
ceiling. Keyboard use (the skip link), reflow at 320 CSS pixels and forms' error pages
(a summary that is announced, linked to fields that say what is wrong) are checked
directly.

Pages with content (listings, an organisation, an event, a discussion, a member's own
pages, search results) are in the boroughs ``content_boroughs`` launches for these tests
(see conftest.py); their addresses and headings name the seeded content they show, as
"{activity.url}", filled in when the test runs.
"""

import re
from dataclasses import dataclass

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait

from django.conf import settings

from tests.accessibility.conftest import CONTENT_BOROUGHS, csp_violations
from tests.conftest import SESSION_BOROUGHS

pytestmark = pytest.mark.browser

WCAG_22_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe's best practices too: heading order, landmarks and the like are not tagged with a
# WCAG criterion, but people moving by headings or landmarks need them right.
AXE_TAGS = [*WCAG_22_AA_TAGS, "best-practice"]
REFLOW_WIDTH = 320  # CSS pixels: WCAG 1.4.10, 1280 pixels at 400% zoom
SKIP_LINK_TEXT = "Skip to main content"
SESSION_HOSTS = {host for _, host, _ in SESSION_BOROUGHS.values()}
CONTENT_HOSTS = {host for _, host, _, _ in CONTENT_BOROUGHS.values()}
NOT_FOUND = "Page not found"


@dataclass(frozen=True)
class PublicPage:
    name: str
    host: str
    path: str
    heading: str  # the page's <h1>: proves we are looking at the page we meant
    theme: str = "default"
    signed_in: bool = False  # as the demo member (content boroughs only)
    submit_empty: bool = False  # the form's error page: its button pressed with nothing typed
    shows: str = ""  # a CSS selector for what the page must also show (say, search results)

    def where(self, names: dict) -> tuple[str, str]:
        """The address and heading, with the seeded content they name filled in."""
        return self.path.format_map(names), self.heading.format_map(names)


def _public_pages() -> list[PublicPage]:
    pages = []
    for slug, (name, host, theme) in SESSION_BOROUGHS.items():
        pages += [
            PublicPage(f"{slug}/", host, "/", f"Connect & Do {name}", theme),
            PublicPage(f"{slug}/about/", host, "/about/", "About Connect & Do", theme),
            PublicPage(
                f"{slug}/accessibility/", host, "/accessibility/", "Accessibility statement", theme
            ),
            PublicPage(f"{slug}/privacy/", host, "/privacy/", "Privacy notice", theme),
            PublicPage(f"{slug}/get-help/", host, "/get-help/", "Get help now", theme),
            PublicPage(f"{slug}/help/", host, "/help/", "Help using this website", theme),
            PublicPage(
                f"{slug}/community-connecting/",
                host,
                "/community-connecting/",
                "How Community Connecting works",
                theme,
            ),
            PublicPage(f"{slug}/not-found", host, "/no-such-page/", NOT_FOUND, theme),
            PublicPage(f"{slug}/sign-in/", host, "/account/sign-in/", "Sign in", theme),
            PublicPage(
                f"{slug}/sign-up/", host, "/account/sign-up/", f"Join Connect & Do {name}", theme
            ),
            PublicPage(
                f"{slug}/sign-up/sent/", host, "/account/sign-up/sent/", "Check your email", theme
            ),
            PublicPage(
                f"{slug}/password-reset/",
                host,
                "/account/password/forgotten/",
                "Reset your password",
                theme,
            ),
        ]
    for slug, (name, host, theme, _) in CONTENT_BOROUGHS.items():
        pages += _content_pages(slug, name, host, theme)
    platform = settings.PLATFORM_HOST
    return [
        *pages,
        PublicPage("platform/", platform, "/", "Connect & Do"),
        PublicPage(
            "platform/sign-in/", platform, "/console/sign-in/", "Sign in to the platform console"
        ),
        PublicPage(
            "platform/sign-in/ (errors)",
            platform,
            "/console/sign-in/",
            "Sign in to the platform console",
            submit_empty=True,
        ),
        PublicPage(
            "platform/password-reset/",
            platform,
            "/console/password/forgotten/",
            "Reset your password",
        ),
        PublicPage(
            "platform/password-reset/ (errors)",
            platform,
            "/console/password/forgotten/",
            "Reset your password",
            submit_empty=True,
        ),
        PublicPage("platform/not-found", platform, "/no-such-page/", NOT_FOUND),
        PublicPage("unknown-host/", f"no-such-borough.{platform}", "/", NOT_FOUND),
    ]


def _content_pages(slug: str, name: str, host: str, theme: str) -> list[PublicPage]:
    def page(path, heading, label, **kwargs):
        return PublicPage(f"{slug}/{label}", host, path, heading, theme, **kwargs)

    things, events = "{things_to_do.url}", "{events.url}"
    forms = [  # address, heading, label, signed in
        ("/report-a-problem/{activity.id}/", REPORT, "report-a-problem", False),
        ("{event.url}report/", "Report a problem with this event", "report-an-event", False),
        ("/list-your-organisation/", "List your organisation", "list-your-organisation", False),
        ("/get-support/", "Get support from a Community Connector", "get-support", False),
        (
            "/get-support/professional/",
            "Refer someone to Community Connecting",
            "refer-someone",
            False,
        ),
        ("/wellbeing/{questionnaire.token}/", "How you have been feeling", "questionnaire", False),
        ("/account/sign-in/", "Sign in", "sign-in", False),
        ("/account/sign-up/", f"Join Connect & Do {name}", "sign-up", False),
        ("{groups.url}propose/", "Start a group", "propose-a-group", True),
        ("{discussions.url}new/", "Start a discussion", "new-discussion", True),
        (events + "new/", "Post an event", "new-event", True),
        ("{conversation.url}", "{conversation.title}", "conversation", True),
        ("{conversation.report_url}", "Report this message", "report-a-message", True),
        ("/my-list/email/", "Send my list to an email address", "my-list/email/", True),
    ]
    return [
        page(things, "{things_to_do.title}", "things-to-do/"),
        page(things + THINGS_FILTERS, "{things_to_do.title}", "things-to-do/?filters"),
        page("{organisations.url}", "{organisations.title}", "organisations/"),
        page("{organisation.url}", "{organisation.title}", "organisation"),
        page("{activity.url}", "{activity.title}", "activity"),
        page("{places.url}", "{places.title}", "places/"),
        page("{place.url}", "{place.title}", "place"),
        page(events, "{events.title}", "events/"),
        page(events + "?day=saturday&free=yes", "{events.title}", "events/?filters"),
        page("{event.url}", "{event.title}", "event"),
        page("{groups.url}", "{groups.title}", "groups/"),
        page("{group.url}", "{group.title}", "group"),
        page("{group.url}", "{group.title}", "group (its organiser)", **AS_ORGANISER),
        page("{group.url}picture/", "Picture for {group.title}", "group picture", signed_in=True),
        page("{discussions.url}", "{discussions.title}", "discussions/"),
        page("{discussions.url}topics/{topic.slug}/", "{topic.title}", "topic"),
        page("{thread.url}", "{thread.title}", "thread"),
        page("{thread.url}", "{thread.title}", "thread (signed in)", signed_in=True),
        page("/help/", "Help using this website", "help/"),
        # Other languages (content_boroughs offers Arabic and Polish on the default theme):
        # right to left, and pages shown in English with a note in the reader's language.
        *(
            page(f"/{code}{path}", heading.replace("{borough}", name), f"{code}{label}")
            for code, path, heading, label in TRANSLATED
            if theme == "default"
        ),
        page("/search/?q={search.query}", "Search", "search/?q=…", shows=".search-result a"),
        page("/account/", "My page", "account/", signed_in=True),
        page("/my-list/", "My list", "my-list/ (empty)"),
        page("/my-list/", "My list", "my-list/", signed_in=True),
        page("/my-list/print/", "My list", "my-list/print/", signed_in=True),
        page("{my_list.share}", "A shared list", "my-list/shared/"),
        page("/messages/", "My messages", "messages/", signed_in=True),
        *(
            page(path, heading, label + suffix, signed_in=signed_in, submit_empty=bool(suffix))
            for path, heading, label, signed_in in forms
            for suffix in ("", " (errors)")
        ),
    ]


REPORT = "Report a problem with this listing"
# Pages whose headings are content (English until an Editor translates them), not
# interface words, which the catalogues translate.
TRANSLATED = [
    ("ar", "/", "Connect & Do {borough}", "/"),
    ("ar", "{things_to_do.url}", "{things_to_do.title}", "/things-to-do/"),
    ("ar", "{activity.url}", "{activity.title}", "/activity"),
    ("ar", "{places.url}", "{places.title}", "/places/"),  # the map beside the list
    ("pl", "{events.url}", "{events.title}", "/events/"),
    ("pl", "/about/", "About Connect & Do", "/about/"),
]
THINGS_FILTERS = "?day=saturday&time=morning&free=yes"
AS_ORGANISER = {"signed_in": True, "shows": "a[href$='/organisers/']"}

PUBLIC_PAGES = _public_pages()
# The riverside theme differs from the default one only in colours and the width of its
# reading column, so its content pages are checked by axe (contrast) but not again for
# the skip link and reflow, which the session borough Southwark covers on that theme.
LAYOUT_PAGES = [
    page for page in PUBLIC_PAGES if page.host in SESSION_HOSTS or page.theme == "default"
]
ERROR_PAGES = [page for page in PUBLIC_PAGES if page.submit_empty]

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

# aria-describedby, aria-labelledby, <label for> and in-page links that lead nowhere.
BROKEN_REFERENCES = """
const broken = [];
const missing = (id) => id && !document.getElementById(id);
for (const element of document.querySelectorAll("[aria-describedby], [aria-labelledby]")) {
  for (const name of ["aria-describedby", "aria-labelledby"]) {
    for (const id of (element.getAttribute(name) || "").split(/\\s+/)) {
      if (missing(id)) broken.push(`${name}="${id}"`);
    }
  }
}
for (const label of document.querySelectorAll("label[for]")) {
  if (missing(label.htmlFor)) broken.push(`<label for="${label.htmlFor}">`);
}
for (const link of document.querySelectorAll("a[href^='#']")) {
  const id = decodeURIComponent(link.getAttribute("href").slice(1));
  if (missing(id)) broken.push(`<a href="#${id}">`);
}
return broken;
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


def _sign_in_or_out(driver, live_site, page: PublicPage, names: dict) -> None:
    """The demo member's session cookie on the page's host, or none."""
    cookie = {"name": settings.SESSION_COOKIE_NAME, "url": live_site.url(page.host)}
    if page.signed_in:
        driver.execute_cdp_cmd(
            "Network.setCookie", cookie | {"value": names["member_session"], "httpOnly": True}
        )
    else:
        driver.execute_cdp_cmd("Network.deleteCookies", cookie)


def _press_the_forms_button(driver, url: str) -> None:
    buttons = driver.find_elements(By.CSS_SELECTOR, 'main form[method="post"] [type="submit"]')
    assert buttons, f"{url} has no form to send"
    before = driver.find_element(By.TAG_NAME, "html").id
    buttons[0].click()

    def the_answer_has_loaded(driver) -> bool:
        try:
            return (
                driver.find_element(By.TAG_NAME, "html").id != before
                and driver.execute_script("return document.readyState") == "complete"
            )
        except WebDriverException:  # between the two documents
            return False

    WebDriverWait(driver, 30).until(the_answer_has_loaded)


def _open(driver, live_site, page: PublicPage, names: dict) -> str:
    path, heading = page.where(names)
    url = live_site.url(page.host, path)
    _sign_in_or_out(driver, live_site, page, names)
    csp_violations(driver)  # forget the previous page's console
    driver.get(url)
    if page.submit_empty:
        _press_the_forms_button(driver, url)
    refused = csp_violations(driver)
    assert not refused, f"{url} breaks its Content-Security-Policy: {refused}"
    headings = [h1.text for h1 in driver.find_elements(By.CSS_SELECTOR, "main h1")]
    assert headings == [heading], f"{url} shows the headings {headings}"
    if page.shows:
        assert driver.find_elements(By.CSS_SELECTOR, f"main {page.shows}"), (
            f"{url} shows nothing like {page.shows}"
        )
    stylesheet, skip_link_position = driver.execute_script(STYLESHEET)
    assert f"/themes/{page.theme}/" in (stylesheet or ""), f"{url} links {stylesheet}"
    assert skip_link_position == "absolute", f"{url}: the stylesheet {stylesheet} did not load"
    if names:
        # "My page" (in the reader's language), in the header as wide as the screen is.
        signed_in = any(
            link.is_displayed()
            for link in driver.find_elements(By.CSS_SELECTOR, "header a[href$='/account/']")
        )
        assert signed_in == page.signed_in, f"{url}: signed in is {signed_in}"
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
def test_page_has_no_axe_violations(browser, live_site, axe_script, page, names):
    url = _open(browser, live_site, page, names)
    browser.execute_script(axe_script)
    result = browser.execute_async_script(RUN_AXE, AXE_TAGS)
    assert "error" not in result, f"axe-core failed on {url}: {result.get('error')}"
    assert result["rulesPassed"] > 0, f"axe-core checked nothing on {url}"
    assert not result["violations"], _describe(url, result["violations"])
    # axe only asks for a review of these: a hint or error nobody hears, a dead link.
    broken = browser.execute_script(BROKEN_REFERENCES)
    assert not broken, f"{url} refers to ids it does not have: {broken}"


@_pages(LAYOUT_PAGES)
def test_page_works_without_javascript(browser_without_js, live_site, page, names):
    driver = browser_without_js
    _open(driver, live_site, page, names)

    ActionChains(driver).send_keys(Keys.TAB).perform()
    skip_link = driver.switch_to.active_element
    # Its words are the reader's language's ("Skip to main content" in English).
    assert "skip-link" in (skip_link.get_attribute("class") or ""), (
        "the first Tab must reach the skip link"
    )
    assert skip_link.text.strip(), "the skip link says where it goes"
    if not re.match(r"^/(ar|pl)[/{]", page.path):
        assert skip_link.text == SKIP_LINK_TEXT
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


@_pages(LAYOUT_PAGES)
def test_page_reflows_at_320_css_pixels(browser, live_site, page, names):
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": REFLOW_WIDTH, "height": 640, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        url = _open(browser, live_site, page, names)
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


# Each link of the error summary leads to a field that is marked invalid and described by
# its own error message (directly, or through the fieldset of its group of choices).
FORM_ERROR_PROBLEMS = """
const problems = [];
const summary = document.querySelector("main .error-summary");
if (!summary) return ["no error summary"];
const links = Array.from(summary.querySelectorAll("a[href^='#']"));
if (!links.length) problems.push("the summary links to no field");
for (const link of links) {
  const target = document.getElementById(link.getAttribute("href").slice(1));
  if (!target || !target.matches("input, select, textarea")) {
    const found = target ? target.outerHTML.slice(0, 80) : "nothing";
    problems.push(`${link.textContent.trim()}: leads to ${found}`);
    continue;
  }
  const described = target.closest("fieldset[aria-describedby]") || target;
  const messages = (described.getAttribute("aria-describedby") || "").split(/\\s+/)
    .map((id) => document.getElementById(id))
    .filter((element) => element && element.matches(".field__error") && element.textContent.trim());
  if (!messages.length) problems.push(`${target.id}: no error message in its aria-describedby`);
  if (described === target && target.getAttribute("aria-invalid") !== "true") {
    problems.push(`${target.id}: not aria-invalid`);
  }
}
return problems;
"""


@_pages(ERROR_PAGES)
def test_form_errors_are_announced_and_linked_to_their_fields(
    browser_without_js, live_site, page, names
):
    driver = browser_without_js
    url = _open(driver, live_site, page, names)
    assert driver.title.startswith("Error: "), f"{url}: the title {driver.title!r} hides the error"
    summary = driver.find_element(By.CSS_SELECTOR, "main .error-summary")
    assert summary.get_attribute("role") == "alert", f"{url}: the error summary is not announced"
    problems = driver.execute_script(FORM_ERROR_PROBLEMS)
    assert not problems, f"{url}: " + "; ".join(problems)


def test_the_console_shows_what_the_policy_refuses(browser, live_site):
    """The check in ``_open`` can fail: an inline style added to a public page is refused,
    and the refusal reaches the console it reads."""
    host = SESSION_BOROUGHS["lambeth"][1]
    csp_violations(browser)
    browser.get(live_site.url(host, "/about/"))
    assert csp_violations(browser) == []
    browser.execute_script(
        "const style = document.createElement('style');"
        "style.textContent = 'body { color: red; }';"
        "document.head.append(style);"
    )
    refused = csp_violations(browser)
    assert refused and "style-src" in refused[0], refused
