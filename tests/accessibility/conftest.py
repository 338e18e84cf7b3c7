"""A real server and a real headless Chromium for the accessibility tests.

pytest-django's ``live_server`` is not used: its flush between tests would empty the
borough register that the session fixture committed. Instead gunicorn serves the test
database from a subprocess, for the whole session, on a free loopback port; Chromium
(Debian's ``chromium`` and ``chromedriver``) is driven by Selenium, one browser with
JavaScript and one without, each started once. axe-core comes from npm (``npm ci``).

The session boroughs (Lambeth, Southwark) are shared with the rest of the suite and
stay nearly empty. The pages that show content (things to do, organisations, events,
groups, discussions, search results, a member's own pages) are checked in two
boroughs launched for these tests alone, one per theme, seeded like the demo boroughs
(``seed_demo``), committed so the server sees them, and dropped once the last test of
this folder has run.

Without Chromium the tests skip, except under CI (``CI`` set), where they fail: CI must
never pass by silently skipping them.
"""

import datetime
import os
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote_plus

import pytest
from django_tenants.utils import schema_context
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from wagtail.models import Locale

from sites.community.discussions.links import thread_url
from sites.community.events.links import event_url
from sites.community.groups.links import group_url
from sites.community.messaging.selectors import conversations_of
from sites.community.models import (
    CommunityGroup,
    DiscussionIndexPage,
    Event,
    EventIndexPage,
    GroupIndexPage,
    GroupMembership,
    Thread,
)
from sites.community.models.discussions import ModeratedStatus
from sites.demo.boroughs import DEMO_BOROUGHS
from sites.demo.community import member_email
from sites.demo.data.community import DEMO_MEMBER_NAME
from sites.demo.seed import seed_borough
from sites.directory.homes import homes
from sites.directory.models import (
    ActivityPage,
    OrganisationIndexPage,
    OrganisationPage,
    PlaceIndexPage,
    PlacePage,
    ThingsToDoPage,
)
from sites.mylist.models import SavedItem
from sites.mylist.selectors import share_token
from tests.conftest import drop_borough, launch_test_borough
from tests.servers import gunicorn_on_test_database

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-proxy-server",
    # Every host name (lambeth.localhost, an unknown borough's) is this machine.
    "--host-resolver-rules=MAP * 127.0.0.1",
    "--window-size=1280,1024",
]


def _missing(what: str, how_to_get_it: str) -> None:
    """Skip on a developer's machine; fail under CI, which must always run these tests."""
    message = f"{what} is missing ({how_to_get_it})."
    if "CI" in os.environ:
        pytest.fail(f"{message} CI must run the browser tests, not skip them.", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session", autouse=True)
def _chromium_is_installed() -> None:
    """Checked before anything else, so that a skip costs no database or server."""
    if not CHROMIUM.exists():
        _missing(str(CHROMIUM), "apt-get install chromium chromium-driver, or `make test`")
    if not CHROMEDRIVER.exists():
        _missing(str(CHROMEDRIVER), "apt-get install chromium-driver, or `make test`")


@dataclass(frozen=True)
class LiveSite:
    port: int

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture(scope="session")
def live_site(django_db_setup, tmp_path_factory):
    """gunicorn serving the test database on a free loopback port, for the whole session.

    Requested after ``django_db_setup``, so it stops before the test database is dropped.
    One browser sends one request at a time: one warm worker is plenty.
    """
    log = tmp_path_factory.mktemp("live-site") / "gunicorn.log"
    with gunicorn_on_test_database(log) as port:
        yield LiveSite(port)


def _start_chromium(user_data_dir: Path, *, javascript: bool) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={user_data_dir}"]:
        options.add_argument(flag)
    if not javascript:
        options.add_argument("--blink-settings=scriptEnabled=false")
    # The console, where Chromium reports whatever the Content-Security-Policy refused.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit chromedriver: Selenium Manager never downloads a driver or a browser.
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


def csp_violations(driver: webdriver.Chrome) -> list[str]:
    """What the page's Content-Security-Policy refused, from the browser's console since
    the last call (reading the console empties it)."""
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry["message"]
    ]


# The browsers ask for live_site so that they quit before it stops: gunicorn would
# otherwise wait for their open keep-alive connections.


@pytest.fixture(scope="session")
def browser(live_site, tmp_path_factory):
    """Headless Chromium with JavaScript, shared by every test that needs one."""
    driver = _start_chromium(tmp_path_factory.mktemp("chromium-profile"), javascript=True)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def browser_without_js(live_site, tmp_path_factory):
    """Headless Chromium with JavaScript switched off, as some people browse."""
    driver = _start_chromium(tmp_path_factory.mktemp("chromium-profile-no-js"), javascript=False)
    # Prove the switch works: a page's own script must not run.
    driver.get("data:text/html,<title>before</title><script>document.title='after'</script>")
    assert driver.title == "before", "JavaScript is still running in the no-JavaScript browser"
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core's browser bundle, installed from npm by `make install` (npm ci)."""
    if not AXE_SCRIPT.exists():
        _missing(str(AXE_SCRIPT), "run `npm ci` at the repository root, or `make test`")
    return AXE_SCRIPT.read_text()


# --- Boroughs with content, for these tests alone ----------------------------------------

# slug: (name, host, theme, the demo borough whose content and colours it copies)
OTHER_LANGUAGES = ("ar", "pl")
CONTENT_BOROUGHS = {
    "axe-check": ("Axe Check", "axe-check.localhost", "default", "lambeth"),
    "axe-riverside": ("Axe Riverside", "axe-riverside.localhost", "riverside", "southwark"),
}


def _member_session(host: str, member) -> str:
    """A signed-in session of ``member``, made by Django's own session engine in the
    current (the borough's) schema: the value of a session cookie for its host."""
    client = Client(HTTP_HOST=host)
    client.force_login(member)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _page(page) -> SimpleNamespace:
    return SimpleNamespace(url=page.url, title=page.title, id=page.id)


def _seeded_content(host: str, slug: str) -> dict:
    """What the pages' addresses and headings name: read in the borough's schema."""
    member = get_user_model().objects.get(username=member_email(DEMO_MEMBER_NAME, slug))
    activity = ActivityPage.objects.live().public().filter(place__isnull=False).order_by("path")[0]
    group = CommunityGroup.objects.filter(
        status=CommunityGroup.Status.APPROVED,
        visibility=CommunityGroup.Visibility.PUBLIC,
        memberships__member=member,
        memberships__role=GroupMembership.Role.ORGANISER,
    ).order_by("name")[0]
    thread = Thread.objects.filter(
        status=ModeratedStatus.VISIBLE, group__isnull=True, topic__isnull=False
    ).order_by("created_at")[0]
    # One with a booking address: a long web address must wrap at 320 pixels, not widen
    # the page (a grid column is as wide as its longest unbroken word).
    event = (
        Event.objects.filter(
            status=Event.Status.PUBLISHED, starts_at__gte=timezone.now(), group__isnull=True
        )
        .exclude(booking_url="")
        .order_by("starts_at")[0]
    )
    conversation = conversations_of(member).order_by("pk")[0]
    answer = conversation.messages.exclude(sender=member).order_by("pk")[0]
    return {
        "conversation": SimpleNamespace(
            url=f"/messages/{conversation.pk}/",
            title=f"Messages with {conversation.other(member).member_profile.display_name}",
            report_url=f"/messages/{conversation.pk}/report/{answer.pk}/",
        ),
        "things_to_do": _page(ThingsToDoPage.objects.live().get()),
        "organisations": _page(OrganisationIndexPage.objects.live().get()),
        "places": _page(PlaceIndexPage.objects.live().get()),
        "groups": _page(GroupIndexPage.objects.live().get()),
        "events": _page(EventIndexPage.objects.live().get()),
        "discussions": _page(DiscussionIndexPage.objects.live().get()),
        "organisation": _page(OrganisationPage.objects.live().public().order_by("path")[0]),
        "activity": _page(activity),
        # Someone's home is not found by a visitor (sites/directory/homes.py).
        "place": _page(PlacePage.objects.live().public().exclude(homes()).order_by("path")[0]),
        "group": SimpleNamespace(url=group_url(group), title=group.name),
        "event": SimpleNamespace(url=event_url(event), title=event.title),
        "thread": SimpleNamespace(url=thread_url(thread), title=thread.title),
        "topic": SimpleNamespace(slug=thread.topic.slug, title=thread.topic.name),
        # Words every search engine finds: an activity's own title.
        "search": SimpleNamespace(query=quote_plus(activity.title)),
        "member_session": _member_session(host, member),
        "questionnaire": SimpleNamespace(token=_questionnaire_token(slug)),
        # The demo member's list (seeded full), as its share link shows it to anyone.
        "my_list": SimpleNamespace(share=f"/my-list/shared/{_share_token(member)}/"),
    }


def _share_token(member) -> str:
    return share_token([item.ref for item in SavedItem.objects.filter(member=member)])


def _questionnaire_token(slug: str) -> str:
    """A follow-up questionnaire link (SWEMWBS and the follow-up questions) in a borough
    that has registered to use SWEMWBS. Only a valid answer uses a link up; these tests
    only open it and send it empty."""
    from wagtail.models import Site

    from sites.connecting.factories import ParticipantFactory, QuestionnaireLinkFactory
    from sites.connecting.models import ConnectingSettings

    ConnectingSettings.objects.update_or_create(
        site=Site.objects.get(), defaults={"swemwbs_registered": True}
    )
    token = f"{slug}-accessibility-check-link-0123456789"
    # The follow-up is for three months after coaching ended (sites/connecting/timepoints.py).
    finished = ParticipantFactory(
        completed=True, started_on=timezone.localdate() - datetime.timedelta(weeks=30)
    )
    QuestionnaireLinkFactory(participant=finished, timepoint="follow-up", token=token)
    return token


@pytest.fixture(scope="package")
def content_boroughs(django_db_setup, django_db_blocker) -> dict[str, dict]:
    """The boroughs with content, by host: what their pages name (see ``_seeded_content``).

    Package-scoped: they are dropped as soon as this folder's tests are done, before the
    rest of the suite (which counts boroughs, pages and members) runs.
    """
    demos = {demo.slug: demo for demo in DEMO_BOROUGHS}
    content = {}
    with django_db_blocker.unblock():
        try:
            for slug, (name, host, theme, copied) in CONTENT_BOROUGHS.items():
                borough = launch_test_borough(slug, name, host, theme)
                seed_borough(demos[copied], borough, "small")
                with schema_context(borough.schema_name):
                    for code in OTHER_LANGUAGES:  # an RTL one: test_axe.TRANSLATED
                        Locale.objects.get_or_create(language_code=code)
                    content[host] = _seeded_content(host, slug)
            yield content
        finally:
            for slug in CONTENT_BOROUGHS:
                drop_borough(slug)


@pytest.fixture
def names(request, page) -> dict:
    """What the page's address and heading name; launches the content boroughs if needed.

    For the tests of one page (``page``, a test_axe.PublicPage) in test_axe.py and
    test_phone_and_print.py."""
    if page.host not in {host for _, host, _, _ in CONTENT_BOROUGHS.values()}:
        return {}
    return request.getfixturevalue("content_boroughs")[page.host]
