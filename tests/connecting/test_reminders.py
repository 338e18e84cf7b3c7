"""The team lead hears once about a referral nobody contacted within N working days."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command

from sites.connecting.factories import ReferralFactory
from sites.connecting.models import ConnectingSettings, Referral
from sites.connecting.workdays import add_working_days, is_working_day
from sites.core.roles import CONNECTING_TEAM_LEADS
from sites.directory.services.editors import borough_site
from tests.conftest import inside

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def at(day: int, month: int, year: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=LONDON)


def test_weekends_and_christmas_bank_holidays_are_not_working_days():
    assert not is_working_day(datetime.date(2026, 12, 25)), "Christmas Day"
    assert not is_working_day(datetime.date(2026, 12, 26)), "Boxing Day, a Saturday"
    assert not is_working_day(datetime.date(2026, 12, 28)), "the substitute bank holiday"
    assert not is_working_day(datetime.date(2027, 1, 1)), "New Year's Day"
    assert is_working_day(datetime.date(2026, 12, 24)) and is_working_day(
        datetime.date(2026, 12, 29)
    )
    # Wednesday 23 December + 6 working days: 24, 29, 30, 31 Dec, 4 and 5 Jan.
    assert add_working_days(datetime.date(2026, 12, 23), 6) == datetime.date(2027, 1, 5)


def remind() -> str:
    out = StringIO()
    call_command("remind_uncontacted_referrals", borough="lambeth", stdout=out)
    return out.getvalue()


@pytest.fixture
def team_lead(lambeth):
    with inside(lambeth):
        user = get_user_model().objects.create_user(
            username="lead@lambeth.example.org", email="lead@lambeth.example.org"
        )
        user.groups.add(Group.objects.get(name=CONNECTING_TEAM_LEADS))
    return user


def test_one_reminder_after_six_working_days_over_christmas(lambeth, team_lead):
    with time_machine.travel(at(23, 12, 2026, 15), tick=False), inside(lambeth):
        waiting = ReferralFactory()
        ReferralFactory(status=Referral.Status.CONTACTED)
    # 6 calendar working days, had bank holidays counted as working days: not yet.
    for day in (at(31, 12, 2026), at(4, 1, 2027), at(5, 1, 2027, 23)):
        with time_machine.travel(day, tick=False):
            assert "0 referral(s) reminded" in remind()
    assert mail.outbox == []

    with time_machine.travel(at(6, 1, 2027, 7), tick=False):
        assert "lambeth: 1 referral(s) reminded" in remind()
    [message] = mail.outbox
    assert message.to == ["lead@lambeth.example.org"]
    assert "Wednesday 23 December 2026" in message.body and "6 working days" in message.body
    assert f"/admin/referrals/edit/{waiting.pk}/" in message.body

    for day in (at(6, 1, 2027, 18), at(7, 1, 2027)):
        with time_machine.travel(day, tick=False):
            assert "0 referral(s) reminded" in remind()
    assert len(mail.outbox) == 1, "once only"


def test_the_borough_sets_the_number_of_working_days(lambeth, team_lead):
    with inside(lambeth):
        ConnectingSettings.objects.update_or_create(
            site=borough_site(), defaults={"reminder_working_days": 2}
        )
    with time_machine.travel(at(23, 12, 2026, 15), tick=False), inside(lambeth):
        ReferralFactory()
    # 2 working days: 24 and 29 December; the reminder is due on the 30th.
    with time_machine.travel(at(29, 12, 2026, 20), tick=False):
        remind()
    assert mail.outbox == []
    with time_machine.travel(at(30, 12, 2026), tick=False):
        remind()
    assert len(mail.outbox) == 1


def test_a_referral_contacted_in_time_brings_no_reminder(lambeth, team_lead):
    with time_machine.travel(at(23, 12, 2026, 15), tick=False), inside(lambeth):
        ReferralFactory(status=Referral.Status.IN_COACHING)
        ReferralFactory(status=Referral.Status.CLOSED, close_reason="declined")
    with time_machine.travel(at(20, 1, 2027), tick=False):
        assert "0 referral(s) reminded" in remind()
    assert mail.outbox == []


def test_a_run_that_stops_after_one_language_reminds_only_the_others_next_time(
    lambeth, team_lead, settings
):
    """The English lead's reminder goes, then the job's process ends while sending the
    Polish lead's: the English lead is recorded at once, the referral is not marked
    reminded, and the next run sends only the Polish lead's."""
    from wagtail.users.models import UserProfile

    from tests import refusing_mail

    polish = "olek@lambeth.example.org"
    with inside(lambeth):
        user = get_user_model().objects.create_user(username=polish, email=polish)
        user.groups.add(Group.objects.get(name=CONNECTING_TEAM_LEADS))
        UserProfile.get_for_user(user)
        UserProfile.objects.filter(user=user).update(preferred_language="pl")
    with time_machine.travel(at(1, 6, 2026), tick=False), inside(lambeth):
        waiting = ReferralFactory()
    settings.EMAIL_BACKEND = "tests.refusing_mail.RefusingBackend"
    refusing_mail.STOP_AT.add(polish)
    try:
        with time_machine.travel(at(1, 7, 2026), tick=False), pytest.raises(refusing_mail.Stopped):
            remind()
    finally:
        refusing_mail.STOP_AT.discard(polish)
    with inside(lambeth):
        waiting.refresh_from_db()
        assert waiting.reminder_sent_to == ["lead@lambeth.example.org"]
        assert waiting.reminder_sent_at is None
    assert [email.to for email in mail.outbox] == [["lead@lambeth.example.org"]]

    with time_machine.travel(at(2, 7, 2026), tick=False):
        assert "1 referral(s) reminded" in remind()
        assert "0 referral(s) reminded" in remind()
    assert [email.to for email in mail.outbox] == [["lead@lambeth.example.org"], [polish]]
    with inside(lambeth):
        waiting.refresh_from_db()
        assert waiting.reminder_sent_at is not None
