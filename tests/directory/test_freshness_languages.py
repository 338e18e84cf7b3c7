"""The "is your listing still right?" reminders reach each reader in their own language:
an organisation's managers and the Editors in their admin language, the organisation's
public address (nobody's account) in the platform's.

Polish is recognised by words the Polish catalogue already has ("Dzień dobry," for
"Hello,") and by dates, which Django writes in Polish ("16 listopada 2025")."""

import pytest
import time_machine

from django.contrib.auth import get_user_model
from django.core import mail

from sites.directory.models import DirectorySettings
from sites.directory.services.organisation_access import grant_organisation_access
from tests.conftest import inside
from tests.i18n.helpers import offer

from .test_freshness import NOW, SEVEN_MONTHS_AGO, last_checked, make_editor, run, stale_gardeners

pytestmark = pytest.mark.django_db

__all__ = ["stale_gardeners"]  # the fixture, used by name


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    with time_machine.travel(NOW, tick=True):
        yield


def prefers_polish(user) -> None:
    from wagtail.users.models import UserProfile

    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(preferred_language="pl")


def by_reader() -> dict:
    return {tuple(sorted(email.to)): email for email in mail.outbox}


def test_a_manager_who_reads_polish_is_reminded_in_polish(lambeth, stale_gardeners):
    offer(lambeth, "pl")  # so the link opens the Polish page
    with inside(lambeth):
        manager = get_user_model().objects.create_user(
            "jo@gardeners.example.org", "jo@gardeners.example.org", "pw-123456"
        )
        prefers_polish(manager)
        grant_organisation_access(stale_gardeners.organisation, manager)
    run("--borough", "lambeth")

    emails = by_reader()
    assert sorted(emails) == [(stale_gardeners.organisation.email,), (manager.email,)]
    polish = emails[(manager.email,)].body
    assert polish.startswith("Dzień dobry,\n")
    assert "16 listopada 2025" in polish
    assert "/pl/listing-still-up-to-date/" in polish
    english = emails[(stale_gardeners.organisation.email,)].body
    assert english.startswith("Hello,\n") and "16 November 2025" in english
    assert "/listing-still-up-to-date/" in english and "/pl/" not in english
    assert len(mail.outbox) == 2, "one email each"
    with inside(lambeth):
        stale_gardeners.organisation.refresh_from_db()
        assert stale_gardeners.organisation.stale_reminder_sent_on == NOW.date(), "once"


def test_editors_who_read_polish_get_the_places_to_check_in_polish(lambeth, lambeth_directory):
    place = lambeth_directory.place
    with inside(lambeth):
        prefers_polish(make_editor())
        settings = DirectorySettings.for_site(place.get_site())
        settings.editors_email = "directory@lambeth.example.org"
        settings.save()
        last_checked([place], SEVEN_MONTHS_AGO)
    run("--borough", "lambeth")

    emails = by_reader()
    assert sorted(emails) == [("directory@lambeth.example.org",), ("editor@lambeth.example.org",)]
    assert emails[("editor@lambeth.example.org",)].body.startswith("Dzień dobry,\n")
    assert "16 listopada 2025" in emails[("editor@lambeth.example.org",)].body
    assert emails[("directory@lambeth.example.org",)].body.startswith("Hello,\n")


def polish_manager(lambeth, organisation):
    """A manager of ``organisation`` whose admin language is Polish."""
    with inside(lambeth):
        manager = get_user_model().objects.create_user(
            "jo@gardeners.example.org", "jo@gardeners.example.org", "pw-123456"
        )
        prefers_polish(manager)
        grant_organisation_access(organisation, manager)
    return manager


def test_a_reminder_that_reached_only_some_readers_goes_next_run_only_to_the_others(
    lambeth, stale_gardeners, settings
):
    """The Polish manager's mail server refuses, the organisation's English address gets
    its email: the next run reminds the manager only, then the listing counts as reminded."""
    from tests import refusing_mail

    manager = polish_manager(lambeth, stale_gardeners.organisation)
    settings.EMAIL_BACKEND = "tests.refusing_mail.RefusingBackend"
    refusing_mail.REFUSED.add(manager.email)
    try:
        run("--borough", "lambeth")
    finally:
        refusing_mail.REFUSED.discard(manager.email)
    organisation = stale_gardeners.organisation
    assert [email.to for email in mail.outbox] == [[organisation.email]]
    with inside(lambeth):
        organisation.refresh_from_db()
        assert organisation.stale_reminder_sent_on is None, "tried again next run"

    run("--borough", "lambeth")
    run("--borough", "lambeth")
    assert [email.to for email in mail.outbox] == [[organisation.email], [manager.email]]
    assert mail.outbox[1].body.startswith("Dzień dobry,\n")
    with inside(lambeth):
        organisation.refresh_from_db()
        assert organisation.stale_reminder_sent_on == NOW.date()


def test_a_run_that_stops_after_one_language_reminds_only_the_others_next_time(
    lambeth, stale_gardeners, settings
):
    """The organisation's English address gets its email, then the job's process ends
    while sending the Polish manager's: the address is recorded at once, so the next run
    reminds the manager only, then the listing counts as reminded."""
    from tests import refusing_mail

    manager = polish_manager(lambeth, stale_gardeners.organisation)
    settings.EMAIL_BACKEND = "tests.refusing_mail.RefusingBackend"
    refusing_mail.STOP_AT.add(manager.email)
    try:
        with pytest.raises(refusing_mail.Stopped):
            run("--borough", "lambeth")
    finally:
        refusing_mail.STOP_AT.discard(manager.email)
    organisation = stale_gardeners.organisation
    with inside(lambeth):
        organisation.refresh_from_db()
        assert organisation.stale_reminder_told["to"] == [organisation.email.lower()]
        assert organisation.stale_reminder_sent_on is None

    run("--borough", "lambeth")
    run("--borough", "lambeth")
    assert [email.to for email in mail.outbox] == [[organisation.email], [manager.email]]
    with inside(lambeth):
        organisation.refresh_from_db()
        assert organisation.stale_reminder_sent_on == NOW.date()
