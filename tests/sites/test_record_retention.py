"""The periods the privacy notice gives are kept by the daily ``delete_old_records``: a
record one day inside its period stays, one day past it goes; a safeguarding case still
open is never deleted; the notice says the periods of ``sites/core/retention.py``."""

import datetime
import io
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from dateutil.relativedelta import relativedelta

from django.contrib.sessions.models import Session
from django.core.management import call_command

from wagtail.models import Page, Revision

from sites.community.factories import (
    ModerationActionFactory,
    ReportFactory,
    SafeguardingCaseFactory,
)
from sites.community.models import Report, SafeguardingCase
from sites.connecting.models import CheckReminderDay
from sites.core import retention
from sites.core.factories import RateCountFactory
from sites.core.models import RateCount
from sites.directory.factories import ListingReportFactory, OrganisationJoinRequestFactory
from sites.directory.models import ListingReport
from sites.standard.starting.privacy import privacy
from sites.standard.starting.writing import Borough
from tests.conftest import inside

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 3, 15, 2, 30, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)
REQUESTS = NOW - relativedelta(years=retention.REQUESTS_KEPT_YEARS)
SAFETY = NOW - relativedelta(years=retention.SAFETY_RECORDS_KEPT_YEARS)
TECHNICAL = NOW - datetime.timedelta(days=retention.TECHNICAL_RECORDS_KEPT_DAYS)


def run(borough) -> str:
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("delete_old_records", "--borough", borough.slug, stdout=out)
    return out.getvalue()


def made_at(obj, when, name="created_at"):
    """Set a timestamp Django fills in itself (``auto_now_add``) or a test chooses."""
    type(obj).objects.filter(pk=obj.pk).update(**{name: when})
    return obj


def exists(obj) -> bool:
    return type(obj).objects.filter(pk=obj.pk).exists()


def listing_report(when, **kwargs) -> ListingReport:
    page = Page.objects.filter(depth__gt=1).first()
    return made_at(ListingReportFactory(page=page, **kwargs), when)


def test_requests_and_listing_reports_go_two_years_after_they_were_made(lambeth):
    declined = {"status": "declined"}
    with inside(lambeth):
        old_request = made_at(OrganisationJoinRequestFactory(**declined), REQUESTS - DAY)
        new_request = made_at(OrganisationJoinRequestFactory(**declined), REQUESTS + DAY)
        waiting_request = made_at(OrganisationJoinRequestFactory(), REQUESTS - 300 * DAY)
        old_report = listing_report(REQUESTS - DAY, status=ListingReport.Status.RESOLVED)
        old_open_report = listing_report(REQUESTS - 300 * DAY)
        new_report = listing_report(REQUESTS + DAY, status=ListingReport.Status.RESOLVED)
    out = run(lambeth)
    assert "2 request(s) to list an organisation" not in out
    assert "lambeth: deleted" in out and "1 request(s) to list an organisation" in out
    with inside(lambeth):
        assert not exists(old_request) and not exists(old_report)
        assert exists(new_request) and exists(new_report)
        assert exists(waiting_request), "a request no Editor has answered yet stays"
        assert exists(old_open_report), "a report no Editor has dealt with yet stays"


# A case opened from a listing report: nobody is accused (sites/community/models).
ABOUT_A_LISTING = {
    "report": None,
    "member": None,
    "opened_by": None,
    "summary": "A visitor is worried.",
    "listing_title": "Walk",
}


def test_a_listing_report_stays_as_long_as_its_safety_concern(lambeth):
    closed = SafeguardingCase.Status.CLOSED
    with inside(lambeth):
        worrying = {"reason": ListingReport.Reason.WORRYING, "status": "resolved"}
        open_concern = listing_report(REQUESTS - 400 * DAY, **worrying)
        SafeguardingCaseFactory(listing_report=open_concern, **ABOUT_A_LISTING)
        recently_closed = listing_report(REQUESTS - DAY, **worrying)
        case = SafeguardingCaseFactory(
            listing_report=recently_closed, status=closed, closed_at=REQUESTS, **ABOUT_A_LISTING
        )
        long_closed = listing_report(SAFETY - 400 * DAY, **worrying)
        old_case = SafeguardingCaseFactory(
            listing_report=long_closed, status=closed, closed_at=SAFETY - DAY, **ABOUT_A_LISTING
        )
    run(lambeth)
    with inside(lambeth):
        assert exists(open_concern)
        assert exists(recently_closed) and exists(case), "kept whole for the case's period"
        assert not exists(old_case)
    run(lambeth)  # the next day's run: the report went with its case
    with inside(lambeth):
        assert not exists(long_closed)


def test_reports_and_moderators_actions_go_six_years_after_they_were_made(lambeth):
    with inside(lambeth):
        closed = Report.Status.CLOSED
        old_report = made_at(ReportFactory(status=closed), SAFETY - DAY)
        new_report = made_at(ReportFactory(status=closed), SAFETY + DAY)
        waiting = made_at(ReportFactory(), SAFETY - 300 * DAY)
        about_waiting = made_at(ModerationActionFactory(report=waiting), SAFETY - DAY)
        old_action = made_at(ModerationActionFactory(), SAFETY - DAY)
        new_action = made_at(ModerationActionFactory(), SAFETY + DAY)
    out = run(lambeth)
    assert "1 report(s) about posts or members" in out
    with inside(lambeth):
        assert not exists(old_report) and not exists(old_action)
        assert exists(new_report) and exists(new_action)
        assert exists(waiting), "a report no moderator has dealt with yet stays"
        assert exists(about_waiting), "and what moderators did about it"


def test_an_open_safety_concern_is_never_deleted_however_old(lambeth):
    long_ago = SAFETY - 3 * 365 * DAY
    with inside(lambeth):
        case = made_at(SafeguardingCaseFactory(), long_ago, "opened_at")
        report = made_at(case.report, long_ago)
        Report.objects.filter(pk=report.pk).update(status=Report.Status.CLOSED)
        about_case = made_at(ModerationActionFactory(case=case), long_ago)
        about_report = made_at(ModerationActionFactory(report=report), long_ago)
    run(lambeth)
    with inside(lambeth):
        assert exists(case) and exists(report)
        assert exists(about_case) and exists(about_report)


def test_a_closed_case_goes_six_years_after_it_closed_with_everything_about_it(lambeth):
    long_ago = SAFETY - 3 * 365 * DAY
    kept, gone = [], []
    for closed_at, found in [(SAFETY + DAY, kept), (SAFETY - DAY, gone)]:
        with inside(lambeth):
            case = SafeguardingCaseFactory(status=SafeguardingCase.Status.CLOSED)
            made_at(case, long_ago, "opened_at")
            made_at(case, closed_at, "closed_at")
            report = made_at(case.report, long_ago)
            Report.objects.filter(pk=report.pk).update(status=Report.Status.CLOSED)
            found += [
                case,
                report,
                made_at(ModerationActionFactory(case=case), long_ago),
                made_at(ModerationActionFactory(report=report), long_ago),
            ]
    out = run(lambeth)
    assert "1 closed safeguarding case(s)" in out
    with inside(lambeth):
        assert [exists(record) for record in kept] == [True] * 4
        assert [exists(record) for record in gone] == [False] * 4


def failed_sign_in(when, user_agent: str) -> AccessAttempt:
    attempt = AccessAttempt.objects.create(
        user_agent=user_agent,
        ip_address="192.0.2.10",
        username="a-keyed-hash",
        http_accept="text/html",
        path_info="/account/sign-in/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    return made_at(attempt, when, "attempt_time")


def test_technical_records_go_after_ninety_days_and_ended_sessions_at_once(lambeth):
    with inside(lambeth):
        old_attempt = failed_sign_in(TECHNICAL - DAY, "old browser")
        new_attempt = failed_sign_in(TECHNICAL + DAY, "new browser")
        old_day = CheckReminderDay.objects.create(day=(TECHNICAL - DAY).date())
        new_day = CheckReminderDay.objects.create(day=(TECHNICAL + DAY).date())
        ended = Session.objects.create(session_key="e" * 32, session_data="", expire_date=NOW - DAY)
        live = Session.objects.create(session_key="l" * 32, session_data="", expire_date=NOW + DAY)
        ended_count = RateCountFactory(expires_at=NOW - DAY)
        live_count = RateCountFactory(expires_at=NOW + DAY)
    out = run(lambeth)
    assert "1 failed sign-in record(s)" in out and "1 coach reminder day(s)" in out
    with inside(lambeth):
        assert not exists(old_attempt) and not exists(old_day)
        assert not Session.objects.filter(pk=ended.pk).exists()
        assert not RateCount.objects.filter(pk=ended_count.pk).exists()
        assert exists(new_attempt) and exists(new_day)
        assert Session.objects.filter(pk=live.pk).exists()
        assert RateCount.objects.filter(pk=live_count.pk).exists()


def test_one_borough_s_job_touches_no_other_borough(lambeth, southwark):
    with inside(southwark):
        theirs = made_at(OrganisationJoinRequestFactory(), REQUESTS - DAY)
        their_report = made_at(ReportFactory(status=Report.Status.CLOSED), SAFETY - DAY)
    run(lambeth)
    with inside(southwark):
        assert exists(theirs) and exists(their_report)


def notice(lambeth) -> str:
    with inside(lambeth):
        blocks = privacy(Borough("Lambeth", "lambeth.localhost", datetime.date(2026, 12, 5)))
    return " ".join(str(value) for _kind, value in blocks)


def test_the_notice_gives_the_periods_the_job_keeps(lambeth):
    text = notice(lambeth)
    assert "we delete them 2 years after we get them" in text
    assert "did: we delete them 6 years after they were made" in text
    assert "we never delete one while we are still dealing with it" in text
    assert "for 6 years after we have finished" in text
    assert "failed sign-ins and where they came from: 90 days" in text
    assert "We delete these notes 6 years after they were made" in text
    assert "undone: we delete them 1 year after they were saved" in text


def test_the_notice_follows_the_constants(lambeth, monkeypatch):
    monkeypatch.setattr(retention, "REQUESTS_KEPT_YEARS", 3)
    monkeypatch.setattr(retention, "SAFETY_RECORDS_KEPT_YEARS", 7)
    monkeypatch.setattr(retention, "TECHNICAL_RECORDS_KEPT_DAYS", 30)
    monkeypatch.setattr(retention, "ACCESS_LOG_KEPT_YEARS", 8)
    text = notice(lambeth)
    assert "We delete these notes 8 years after they were made" in text
    assert "we delete them 3 years after we get them" in text
    assert "delete them 7 years after they were made" in text
    assert "for 7 years after we have finished" in text
    assert "where they came from: 30 days" in text
    for old in ("2 years", "6 years", "90 days"):
        assert old not in text, old


def test_the_job_follows_the_constants_too(lambeth, monkeypatch):
    monkeypatch.setattr(retention, "REQUESTS_KEPT_YEARS", 1)
    with inside(lambeth):
        request = made_at(
            OrganisationJoinRequestFactory(status="approved"), NOW - relativedelta(years=1) - DAY
        )
    run(lambeth)
    with inside(lambeth):
        assert not exists(request)


def test_the_consoles_own_failed_sign_ins_and_sessions_go_too():
    """The console signs in against the public schema's tables, which no borough's run
    reaches: the run over every borough deletes its old records once."""
    from django_tenants.utils import schema_context

    with schema_context("public"):
        old = AccessAttempt.objects.create(
            username="console-canary", ip_address="192.0.2.1", failures_since_start=1
        )
        new = AccessAttempt.objects.create(
            username="console-canary-new", ip_address="192.0.2.2", failures_since_start=1
        )
        AccessAttempt.objects.filter(pk=old.pk).update(attempt_time=TECHNICAL - DAY)
        AccessAttempt.objects.filter(pk=new.pk).update(attempt_time=TECHNICAL + DAY)
        ended = Session.objects.create(
            session_key="consolecanary", session_data="", expire_date=NOW - DAY
        )
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("delete_old_records", stdout=out)
    assert "platform console: deleted 1 failed sign-in record(s)" in out.getvalue()
    with schema_context("public"):
        assert not exists(old) and not exists(ended)
        assert exists(new)


def test_the_community_connecting_access_log_goes_six_years_after_it_was_written(lambeth):
    """Who opened a record (never what it holds), and the team leads' refreezes, for
    ``ACCESS_LOG_KEPT_YEARS``: long enough to answer "who looked at my record?"."""
    from sites.connecting.factories import ParticipantAuditEntryFactory, QuarterRefrozenFactory

    kept_since = NOW - relativedelta(years=retention.ACCESS_LOG_KEPT_YEARS)
    with inside(lambeth):
        old_entry = ParticipantAuditEntryFactory(at=kept_since - DAY)
        new_entry = ParticipantAuditEntryFactory(at=kept_since + DAY)
        old_refreeze = QuarterRefrozenFactory(at=kept_since - DAY, reason="A correction.")
        new_refreeze = QuarterRefrozenFactory(at=kept_since + DAY, reason="A correction.")
    out = run(lambeth)
    assert "1 access log entry(s)" in out and "1 refreeze record(s)" in out
    with inside(lambeth):
        assert not exists(old_entry) and not exists(old_refreeze)
        assert exists(new_entry) and exists(new_refreeze)


def test_a_failure_for_the_console_still_lets_every_borough_run(lambeth, monkeypatch):
    from django.core.management.base import CommandError

    from sites.directory.management.commands import delete_old_records as command

    def broken(**kwargs):
        raise RuntimeError("the public schema did not answer")

    monkeypatch.setattr(command, "delete_old_console_records", broken)
    with inside(lambeth):
        old = made_at(OrganisationJoinRequestFactory(status="declined"), REQUESTS - DAY)
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False), pytest.raises(CommandError, match="console"):
        call_command("delete_old_records", stdout=out)
    assert "lambeth: deleted" in out.getvalue()
    with inside(lambeth):
        assert not exists(old)


EARLIER = NOW - relativedelta(years=retention.EARLIER_VERSIONS_KEPT_YEARS)


def test_earlier_versions_of_a_page_go_a_year_after_they_were_saved(lambeth):
    """A street address taken out of a page does not stay in its history for good; the
    version on the site and the latest draft stay however old."""
    with inside(lambeth):
        page = Page.objects.filter(depth__gt=2).live().first().specific
        old = made_at(page.save_revision(), EARLIER - 40 * DAY)
        live = page.save_revision()
        live.publish()
        made_at(live, EARLIER - 30 * DAY)
        scheduled = made_at(page.save_revision(), EARLIER - 20 * DAY)
        Revision.objects.filter(pk=scheduled.pk).update(approved_go_live_at=NOW + 300 * DAY)
        inside_the_year = made_at(page.save_revision(), EARLIER + DAY)
        latest = made_at(page.save_revision(), EARLIER - DAY)  # a draft, left for long
        page.refresh_from_db()
        assert page.live_revision_id == live.pk and page.latest_revision_id == latest.pk
    out = run(lambeth)
    assert re.search(r"\b1 earlier version\(s\) of pages", out), out
    with inside(lambeth):
        assert not exists(old)
        assert exists(live) and exists(scheduled), "on the site, or going live"
        assert exists(inside_the_year) and exists(latest)
