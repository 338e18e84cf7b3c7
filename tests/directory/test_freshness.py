"""Listings nobody has checked for months: a reminder, a one-click confirmation, hiding."""

import datetime
import io
import re
import time
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from dateutil.relativedelta import relativedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from wagtail.models import Revision

from sites.core.roles import EDITORS
from sites.directory.models import ActivityPage, DirectorySettings, OrganisationPage, PlacePage
from sites.directory.selectors import visible_activities
from sites.directory.services.freshness import still_up_to_date_token
from sites.directory.services.organisation_access import grant_organisation_access
from tests.conftest import client_for, inside

# A fixed day, the clock moving within it: a date taken when the tests are collected
# is yesterday's for a test that runs after midnight.
NOW = datetime.datetime(2026, 6, 16, 12, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))
TODAY = NOW.date()
SEVEN_MONTHS_AGO = TODAY - relativedelta(months=7)
TEN_MONTHS_AGO = TODAY - relativedelta(months=10)
LINK = re.compile(r"http://(?P<host>[a-z.]+):8000(?P<path>/listing-still-up-to-date/\S+/)")


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    with time_machine.travel(NOW, tick=True):
        yield


def last_checked(pages, on):
    for page in pages:
        type(page).objects.filter(pk=page.pk).update(last_checked_on=on)


def fresh(page):
    return type(page).objects.get(pk=page.pk)


def run(*args) -> str:
    out = io.StringIO()
    call_command("check_listing_freshness", *args, stdout=out)
    return out.getvalue()


def link_in(email) -> str:
    match = LINK.search(email.body)
    assert match, email.body
    return match.group("path")


@pytest.fixture
def stale_gardeners(lambeth, lambeth_directory):
    """Brixton Gardeners and its garden club, last checked seven months ago."""
    with inside(lambeth):
        last_checked([lambeth_directory.organisation, lambeth_directory.activity], SEVEN_MONTHS_AGO)
    return lambeth_directory


def test_one_reminder_with_a_link_that_confirms_only_when_the_button_is_pressed(
    lambeth, stale_gardeners
):
    directory = stale_gardeners
    output = run("--borough", "lambeth")
    assert "Lambeth: 1 reminder email(s) about 2 listing(s)" in output
    assert run("--borough", "lambeth").startswith("Lambeth: 0 reminder email(s)")

    (email,) = mail.outbox
    assert email.to == [directory.organisation.email]
    assert "Brixton Gardeners" in email.body and "Tuesday garden club" in email.body
    assert "Evening choir" not in email.body, "only the listings that are due"
    with inside(lambeth):
        revisions_before = Revision.objects.count()
        assert fresh(directory.activity).stale_reminder_sent_on == TODAY

    client = client_for(lambeth)
    path = link_in(email)
    page = client.get(path)
    assert page.status_code == 200
    assert "Yes, everything is still right" in page.content.decode()
    with inside(lambeth):
        assert fresh(directory.activity).last_checked_on == SEVEN_MONTHS_AGO, "GET changes nothing"

    confirmed = client.post(path)
    assert confirmed.status_code == 200
    assert "Thank you" in confirmed.content.decode()
    with inside(lambeth):
        for listing in (directory.organisation, directory.activity):
            assert fresh(listing).last_checked_on == TODAY
        assert Revision.objects.count() == revisions_before, "no new revision, nothing published"

    mail.outbox = []
    assert run("--borough", "lambeth").startswith("Lambeth: 0 reminder email(s)")
    assert mail.outbox == []


def test_managers_are_reminded_too(lambeth, stale_gardeners):
    with inside(lambeth):
        manager = get_user_model().objects.create_user(
            "jo@gardeners.example.org", "jo@gardeners.example.org", "pw-123456"
        )
        grant_organisation_access(stale_gardeners.organisation, manager)
    run("--borough", "lambeth")
    (email,) = mail.outbox
    assert sorted(email.to) == sorted([stale_gardeners.organisation.email, manager.email])


def test_a_listing_past_the_hide_limit_is_hidden_not_deleted_until_confirmed(
    lambeth, lambeth_directory
):
    activity = lambeth_directory.activity
    with inside(lambeth):
        last_checked([activity], TEN_MONTHS_AGO)
        assert activity in visible_activities()

    output = run("--borough", "lambeth")
    assert "1 hidden as stale" in output
    assert "0 hidden as stale" in run("--borough", "lambeth")
    with inside(lambeth):
        assert fresh(activity).hidden_as_stale
        assert activity not in visible_activities()
        assert ActivityPage.objects.filter(pk=activity.pk, live=True).exists()
        assert lambeth_directory.evening_activity in visible_activities()

    (email,) = mail.outbox
    assert "hidden from the site until you confirm" in email.body
    client_for(lambeth).post(link_in(email))
    with inside(lambeth):
        assert not fresh(activity).hidden_as_stale
        assert activity in visible_activities()


def make_editor(email="editor@lambeth.example.org"):
    user = get_user_model().objects.create_user(email, email, "pw-123456")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


def test_stale_places_go_to_the_editors_and_show_in_the_admin(lambeth, lambeth_directory):
    place = lambeth_directory.place
    with inside(lambeth):
        editor = make_editor()
        settings = DirectorySettings.for_site(place.get_site())
        settings.editors_email = "directory@lambeth.example.org"
        settings.save()
        last_checked([place], SEVEN_MONTHS_AGO)

    assert "1 listing(s) sent to the Editors" in run("--borough", "lambeth")
    (email,) = mail.outbox
    assert sorted(email.to) == ["directory@lambeth.example.org", "editor@lambeth.example.org"]
    assert "Brixton Community Hall" in email.body
    assert "/admin/directory/stale-listings/" in email.body

    client = client_for(lambeth)
    with inside(lambeth):
        client.force_login(editor)
    listing = client.get(reverse("directory_stale_listings:index")).content.decode()
    assert "Brixton Community Hall" in listing
    assert SEVEN_MONTHS_AGO.strftime("%-d %b %Y") in listing
    assert "Tuesday garden club" not in listing, "only listings past the reminder limit"

    # An Editor who has checked it marks it checked from the same screen.
    client.post(reverse("directory_stale_listings:index"), {"page": [place.pk]})
    with inside(lambeth):
        assert fresh(place).last_checked_on == TODAY


def test_people_who_are_not_editors_cannot_see_stale_listings(lambeth, stale_gardeners):
    with inside(lambeth):
        manager = get_user_model().objects.create_user("jo@example.org", "jo@example.org", "pw")
        grant_organisation_access(stale_gardeners.organisation, manager)
    client = client_for(lambeth)
    with inside(lambeth):
        client.force_login(manager)
    response = client.get(reverse("directory_stale_listings:index"))
    assert response.status_code in (302, 403)
    assert b"Tuesday garden club" not in response.content


@pytest.mark.parametrize("problem", ["tampered", "expired", "other borough"])
def test_a_bad_link_says_so_and_changes_nothing(lambeth, southwark, lambeth_directory, problem):
    activity = lambeth_directory.activity
    with inside(lambeth):
        last_checked([activity], TEN_MONTHS_AGO)
        ActivityPage.objects.filter(pk=activity.pk).update(hidden_as_stale=True)
        token = still_up_to_date_token([activity])
    if problem == "tampered":
        token = token.replace(token.split(":")[0], token.split(":")[0][:-2] + "xy")
    elif problem == "expired":
        sixty_one_days_ago = time.time() - datetime.timedelta(days=61).total_seconds()
        with inside(lambeth), mock.patch("django.core.signing.time.time") as clock:
            clock.return_value = sixty_one_days_ago
            token = still_up_to_date_token([activity])
    else:
        with inside(southwark):
            token = still_up_to_date_token([activity])  # the same page id, in Southwark

    client = client_for(lambeth)
    path = reverse("directory_membership:still-up-to-date", args=[token])
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400
        text = response.content.decode()
        assert "This link is not working" in text
        assert ("expired" in text) if problem == "expired" else ("not right" in text)
    with inside(lambeth):
        assert fresh(activity).last_checked_on == TEN_MONTHS_AGO
        assert fresh(activity).hidden_as_stale


def test_southwarks_run_never_touches_lambeth(
    lambeth, southwark, lambeth_directory, southwark_directory
):
    for borough, directory in ((lambeth, lambeth_directory), (southwark, southwark_directory)):
        with inside(borough):
            last_checked([directory.organisation, directory.activity], SEVEN_MONTHS_AGO)
            last_checked([directory.evening_activity], TEN_MONTHS_AGO)

    output = run("--borough", "southwark")
    assert "Southwark:" in output and "Lambeth" not in output
    assert mail.outbox
    assert {email.extra_headers["X-Connectdo-Borough"] for email in mail.outbox} == {"southwark"}
    assert all("southwark.localhost" in email.body for email in mail.outbox)
    with inside(lambeth):
        for page in (lambeth_directory.organisation, lambeth_directory.activity):
            assert fresh(page).stale_reminder_sent_on is None
        assert not fresh(lambeth_directory.evening_activity).hidden_as_stale
    with inside(southwark):
        assert fresh(southwark_directory.evening_activity).hidden_as_stale

    # Without --borough, every live borough is checked in turn.
    output = run()
    assert "Lambeth:" in output and "Southwark:" in output


def test_fresh_listings_are_left_alone(lambeth, lambeth_directory):
    output = run("--borough", "lambeth")
    assert output.startswith("Lambeth: 0 reminder email(s) about 0 listing(s)")
    assert mail.outbox == []
    with inside(lambeth):
        assert not OrganisationPage.objects.filter(hidden_as_stale=True).exists()
        assert not PlacePage.objects.filter(stale_reminder_sent_on__isnull=False).exists()
