"""seed_demo builds the six demo boroughs from factories, and a second run changes nothing."""

import datetime
import io
import logging

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from modelsearch.backends import get_search_backend
from wagtail.models import Page, ReferenceIndex, Revision, Site

from search.services import delete_borough_indexes
from sites.community.events import recurrence
from sites.community.models import (
    CommunityGroup,
    Event,
    EventAttendance,
    GroupMembership,
    Post,
    Report,
    Thread,
)
from sites.community.services import moderation
from sites.core.models import BrandingSettings
from sites.demo import seed as demo_seed
from sites.demo.boroughs import DEMO_BOROUGHS, DemoNotAllowed
from sites.demo.community import demo_password, editor_email, member_email, moderator_email
from sites.demo.connecting import coach_emails, demo_email
from sites.directory.models import (
    ActivityClosure,
    ActivityPage,
    ActivitySchedule,
    OrganisationPage,
    PlacePage,
)
from tenants.media import delete_media_location
from tenants.models import Borough
from tests.conftest import client_for, inside
from tests.test_settings import PRODUCTION_ENV, manage

SESSION_SLUGS = {"lambeth", "southwark"}


@pytest.fixture
def _clean_outside_the_database():
    yield
    for demo in DEMO_BOROUGHS:
        if demo.slug not in SESSION_SLUGS:
            delete_media_location(demo.slug)
            delete_borough_indexes(demo.slug)


@pytest.fixture
def rebuilt_indexes(monkeypatch) -> list[str]:
    """The boroughs whose search index seed_demo rebuilds, recorded instead of rebuilt:
    the session boroughs' indexes must not keep pages this test's rollback removes."""
    rebuilt: list[str] = []
    monkeypatch.setattr(demo_seed, "rebuild_borough_index", rebuilt.append)
    return rebuilt


def state_of_every_borough() -> dict:
    state = {"staff": get_user_model().objects.filter(is_staff=True).count()}
    for borough in Borough.objects.order_by("slug"):
        with inside(borough):
            site = Site.objects.get()
            state[borough.slug] = {
                "pages": sorted(Page.objects.values_list("title", "url_path", "live")),
                "revisions": Revision.objects.count(),
                "users": get_user_model().objects.count(),
                "branding": BrandingSettings.for_site(site).contact_phone,
                "schedules": sorted(
                    ActivitySchedule.objects.values_list(
                        "activity__url_path", "frequency", "weekday", "starts_on", "start_time"
                    )
                ),
                "closures": ActivityClosure.objects.count(),
                "interests": ActivityPage.interests.through.objects.count(),
                "organisation places": OrganisationPage.places.through.objects.count(),
                "references": ReferenceIndex.objects.count(),
                "groups": sorted(CommunityGroup.objects.values_list("slug", "status")),
                "memberships": GroupMembership.objects.count(),
                "threads": Thread.objects.count(),
                "posts": sorted(Post.objects.values_list("body", "status")),
                "reports": Report.objects.count(),
                "events": sorted(Event.objects.values_list("slug", "starts_at")),
                "going": EventAttendance.objects.count(),
            }
    return state


@pytest.mark.django_db
@pytest.mark.usefixtures("_clean_outside_the_database")
def test_seed_demo_creates_six_boroughs_with_content_and_is_idempotent(rebuilt_indexes, caplog):
    caplog.set_level(logging.INFO)
    output = io.StringIO()
    call_command("seed_demo", directory_size="small", stdout=output)
    # A few lines, not one per page (make run prints this): two per borough (the admin's
    # invitation and what it holds), the summary with its time, how to sign in and the
    # console account.
    lines = output.getvalue().splitlines()
    # Not a terminal: a line saying how far it got every 10 s (for a slow machine's logs).
    alive = [line for line in lines if line.startswith("Demo boroughs: ") and "…" in line]
    lines = [line for line in lines if line not in alive]
    assert len(lines) <= 2 * len(DEMO_BOROUGHS) + 3, lines
    assert lines[-2].startswith("Demo boroughs: 6 of 6; ") and lines[-2].endswith(" s")
    assert any(
        line.startswith("Ealing http://ealing.localhost:8000/ launched in ") for line in lines
    )
    assert "Page created" not in caplog.text
    assert "state=SUCCESSFUL" not in caplog.text, "no line per background task either"
    boroughs = Borough.objects.filter(status=Borough.Status.LIVE)
    assert {b.slug for b in boroughs} == {
        "lambeth",
        "southwark",
        "ealing",
        "bromley",
        "brent",
        "hounslow",
    }
    assert sorted(rebuilt_indexes) == sorted(b.schema_name for b in boroughs)
    with inside(boroughs.get(slug="lambeth")):
        # Nothing was indexed one save at a time: the borough is indexed once, at the end.
        engine = get_search_backend()
        engine.refresh_indexes()
        assert not list(engine.search("strollers", CommunityGroup))
    first = state_of_every_borough()

    call_command("seed_demo", directory_size="small", verbosity=0)

    assert state_of_every_borough() == first
    assert len(rebuilt_indexes) == len(DEMO_BOROUGHS), "nothing new to index the second time"
    for demo in DEMO_BOROUGHS:
        assert len(first[demo.slug]["pages"]) >= 6
        assert first[demo.slug]["branding"] == demo.phone
        page = client_for(f"{demo.slug}.localhost").get("/community-connecting/")
        assert page.status_code == 200
        assert f"adults who live in {demo.name}" in page.content.decode(), "from launch"
        assert first[demo.slug]["schedules"], "the directory is in the idempotence check"
        easy_read = client_for(f"{demo.slug}.localhost")
        easy_read.get("/", {"easyread": "on"})
        home = easy_read.get("/").content.decode()
        assert f"This website helps you find things to do in {demo.name}." in home
        visitor = client_for(f"{demo.slug}.localhost")
        for code in demo.languages:  # chosen by the seed, as a borough admin would
            in_language = visitor.get(f"/{code}/")
            assert in_language.status_code == 200, (demo.slug, code)
            assert f'<html lang="{code}"' in in_language.content.decode()
        assert visitor.get("/ta/").status_code == 404, "a language no demo borough chose"
    for borough in boroughs:
        assert_small_directory(borough)
        assert_community(borough)


def assert_small_directory(borough):
    with inside(borough):
        assert OrganisationPage.objects.live().count() >= 8
        activities = ActivityPage.objects.live().prefetch_related("schedules", "interests")
        assert len(activities) >= 16
        for activity in activities:
            assert activity.schedules.all(), activity.title
            assert 1 <= len(activity.interests.all()) <= 3, activity.title
            assert isinstance(activity.get_parent().specific, OrganisationPage)
        hidden = PlacePage.objects.filter(hide_street_address=True).first()
        assert hidden is not None, f"{borough.slug} has no place in someone's home"
        assert hidden.address_line_1 not in hidden.public_address
        assert Page.find_problems() == ([], [], [], [], [])


def assert_community(borough):
    """Members, 10+ groups, 8 weeks of events, discussions and a queue to try."""
    with inside(borough):
        approved = CommunityGroup.objects.filter(status="approved")
        assert approved.count() >= 10
        assert approved.filter(visibility="members-only").exists()
        assert CommunityGroup.objects.filter(status="proposed").exists(), "one to approve"
        for group in approved:
            assert group.memberships.filter(role="organiser").exists(), group.name

        now = timezone.now()
        eight_weeks = now + datetime.timedelta(weeks=8)
        upcoming = [
            event
            for event in Event.objects.filter(status="published")
            if recurrence.occurrences(event, now, eight_weeks)
        ]
        assert len(upcoming) >= 10
        assert any(event.repeat != "never" for event in upcoming)
        weeks = {
            (occurrence.starts_at - now).days // 7
            for event in upcoming
            for occurrence in recurrence.occurrences(event, now, eight_weeks)
        }
        assert weeks == set(range(8)), "something on in each of the next 8 weeks"

        assert Thread.objects.filter(group__isnull=True, status="visible").count() >= 5
        assert Thread.objects.filter(group__visibility="members-only").exists()
        others = get_user_model().objects.filter(username__endswith=".demo.connectdo.example.org")
        can_sign_in = {user.username for user in others if user.has_usable_password()}
        assert can_sign_in == {
            member_email("Sam", borough.slug),
            moderator_email(borough.slug),
            editor_email(borough.slug),
            demo_seed.organisation_manager_email(borough.slug),
            # Community Connecting: a team lead (sees the impact report) and two coaches.
            demo_email("teamlead", borough.slug),
            *coach_emails(borough.slug),
        }
        # Sam belongs to one members-only group, so asking to join the other can be tried.
        members_only = approved.filter(visibility="members-only")
        sams = members_only.filter(memberships__member__username=member_email("Sam", borough.slug))
        assert members_only.count() >= 2 and sams.count() == 1
        kinds = [item.kind for item in moderation.moderation_queue()]
        assert kinds.count("held-post") >= 2
        assert kinds.count("report") >= 2
        first = moderation.moderation_queue()[0]
        assert first.kind == "case" and first.case.is_open, "one open safeguarding case"

    # The accounts the README offers can sign in and see what they should.
    host = f"{borough.slug}.localhost"
    member, moderator = client_for(host), client_for(host)
    editor, manager = client_for(host), client_for(host)
    with inside(borough):
        assert editor.login(username=editor_email(borough.slug), password=demo_password())
        assert member.login(username=member_email("Sam", borough.slug), password=demo_password())
        assert moderator.login(username=moderator_email(borough.slug), password=demo_password())
        manager_email = demo_seed.organisation_manager_email(borough.slug)
        assert manager.login(username=manager_email, password=demo_password())
        managed = OrganisationPage.objects.live().order_by("title").first()
    # The organisation manager reaches the admin and may edit their organisation's page.
    assert manager.get(f"/admin/pages/{managed.pk}/edit/").status_code == 200
    my_page = member.get("/account/").content.decode()
    assert "Sunday strollers" in my_page
    queue = moderator.get("/admin/community/moderation/").content.decode()
    assert "SAFEGUARDING CASE" in queue
    # The demo Editor can act on listing problem reports.
    assert editor.get("/admin/directory/reports/").status_code == 200
    assert "Post waiting for a moderator" in queue


# --- Never in production -----------------------------------------------------------------


def test_seed_demo_does_not_exist_under_production_settings():
    """Production does not install the demo app: there is no seed_demo to run (the
    database named does not even exist, so any attempt to seed would fail differently)."""
    env = {**PRODUCTION_ENV, "DATABASE_URL": "postgres://connectdo@127.0.0.1:5432/no_such_db"}
    completed = manage("seed_demo", env=env)
    assert completed.returncode != 0
    assert "Unknown command: 'seed_demo'" in completed.stderr
    assert "does not exist" not in completed.stderr


def test_one_borough_can_be_asked_for_and_a_wrong_one_is_refused():
    completed = manage("seed_demo", "--borough", "croydon", env={})
    assert completed.returncode != 0
    assert "invalid choice: 'croydon'" in completed.stderr


@pytest.mark.django_db
def test_without_demo_content_allowed_nothing_with_the_demo_password_is_made(settings, lambeth):
    settings.DEMO_CONTENT_ALLOWED = False
    users_before = get_user_model().objects.count()
    with pytest.raises(CommandError, match="Demo content is not allowed"):
        call_command("seed_demo", "--directory-size", "small")
    assert get_user_model().objects.count() == users_before
    assert set(Borough.objects.values_list("slug", flat=True)) == SESSION_SLUGS
    # Every other way in to the demo accounts refuses too.
    with pytest.raises(DemoNotAllowed):
        demo_password()
    with pytest.raises(DemoNotAllowed):
        demo_seed.seed_borough(DEMO_BOROUGHS[0], lambeth, "small")
    with inside(lambeth):
        assert not get_user_model().objects.filter(username__contains=".demo.").exists()
