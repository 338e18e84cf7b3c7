"""A safeguarding escalation reaches every reader exactly once, however its runs go: a run
that stops after one language's email leaves the others to the next run (never a case
marked escalated that some were not told about), and two runs at the same moment never
both send (sites/community/services/safeguarding.py, ``send_to_those_not_told``)."""

import datetime
import threading

import pytest
import time_machine
from django_tenants.utils import schema_context

from django.core import mail
from django.db import connection

from sites.community.factories import SafeguardingCaseFactory
from sites.community.models import ModerationAction, SafeguardingCase
from sites.community.services import safeguarding
from tests import refusing_mail
from tests.conftest import inside

from .conftest import waiting_for
from .test_safeguarding_languages import LEAD, OPENED, a_case, polish_lead  # noqa: F401

ADMIN = "admin@lambeth.example.org"


@pytest.fixture
def refusing(settings):
    settings.EMAIL_BACKEND = "tests.refusing_mail.RefusingBackend"
    yield refusing_mail
    refusing_mail.STOP_AT.clear()
    refusing_mail.BEFORE_SEND.clear()


@pytest.mark.django_db
def test_a_run_that_stops_after_the_first_language_leaves_the_rest_to_the_next_run(
    lambeth,
    polish_lead,  # noqa: F811 - the fixture imported above
    settings_for,
    refusing,
):
    """English (the admin) goes first, then the job's process ends while sending to the
    Polish lead. The admin is recorded as told; the case is not escalated, so the next
    run sends to the lead only, then marks it escalated and logs it once."""
    settings_for(safeguarding_escalate_after_hours=2)
    case = a_case(lambeth)
    later = OPENED + datetime.timedelta(hours=3)
    refusing.STOP_AT.add(LEAD)
    with time_machine.travel(later, tick=False), inside(lambeth):
        with pytest.raises(refusing_mail.Stopped):
            safeguarding.escalate_overdue_cases(lambeth)
        case.refresh_from_db()
        assert case.escalated_to == [ADMIN]
        assert case.escalated_at is None, "not everyone was told"
    assert [email.to for email in mail.outbox] == [[ADMIN]]

    refusing.STOP_AT.clear()
    next_run = later + datetime.timedelta(minutes=15)
    with time_machine.travel(next_run, tick=False), inside(lambeth):
        safeguarding.escalate_overdue_cases(lambeth)
        safeguarding.escalate_overdue_cases(lambeth)
        case.refresh_from_db()
        assert case.escalated_at == next_run
        assert sorted(case.escalated_to) == [ADMIN, LEAD]
        assert ModerationAction.objects.filter(action="escalate-case", case=case).count() == 1
    assert [email.to for email in mail.outbox] == [[ADMIN], [LEAD]]


def test_two_runs_at_the_same_moment_tell_each_reader_once(committed_lambeth, refusing):
    """The second run starts while the first is sending: it waits on the case, then sees
    who the first told and sends nothing again; the case is logged escalated once."""
    borough, emails = committed_lambeth
    with inside(borough):
        case = SafeguardingCaseFactory(opened_at=datetime.datetime.now(datetime.UTC))
        SafeguardingCase.objects.filter(pk=case.pk).update(
            opened_at=case.opened_at - datetime.timedelta(days=30)
        )
        emails += [user.email for user in (case.member, case.opened_by) if user]
        recipients = safeguarding.escalation_recipients()
    second = {}

    def second_run():
        try:
            with schema_context(borough.schema_name):
                second["summary"] = safeguarding.escalate_overdue_cases(borough)
        except Exception as error:  # noqa: BLE001 - checked below
            second["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=second_run)

    def start_the_second_run():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_xact_id()::text")
            xid = cursor.fetchone()[0]
        thread.start()
        for _ in range(200):
            if waiting_for(xid) or not thread.is_alive():
                break
            thread.join(timeout=0.05)
        second["waited"] = waiting_for(xid)

    refusing.BEFORE_SEND.append(start_the_second_run)
    try:
        assert recipients, "somebody to tell"
        with inside(borough):
            first = safeguarding.escalate_overdue_cases(borough)
        thread.join(timeout=30)
        assert second["waited"], "the second run started while the first was sending"
        assert "error" not in second
        assert sorted(address for email in mail.outbox for address in email.to) == recipients
        assert first.escalated + second["summary"].escalated == [case.pk]
        with inside(borough):
            assert ModerationAction.objects.filter(action="escalate-case", case=case).count() == 1
    finally:
        with inside(borough):
            ModerationAction.objects.filter(case=case).delete()
            SafeguardingCase.objects.filter(pk=case.pk).delete()
            case.report.delete()
