"""A visitor's "Something about it worries me" about a listing or an event opens a
safeguarding case, as a community report about someone's safety does: the lead (or,
without one, the Borough admins) is emailed after commit, the case names nobody, shows
the listing, closes only with an outcome and escalates when left; the Editors are still
emailed, and another borough never sees it."""

import datetime

import pytest
import time_machine

from django.core import mail
from django.core.management import call_command

from sites.community.events.links import event_url
from sites.community.models import ModerationAction, SafeguardingCase
from sites.community.services import privacy, safeguarding
from sites.community.services.case_summary import case_summary
from sites.core.antispam import STARTED_FIELD
from sites.core.roles import BOROUGH_ADMINS, EDITORS, SAFEGUARDING_LEAD
from sites.directory.models import ListingReport
from tests.conftest import client_for, inside
from tests.directory.conftest import build_directory
from tests.directory.test_reports import a_minute_ago, make_user, send

from .conftest import make_event, make_member, make_staff, page_text, signed_in

pytestmark = pytest.mark.django_db

CASES = "/admin/community/safeguarding/"
LEAD = "safeguarding@lambeth.example.org"
WORRY = "The organiser asked my mum for her bank card."


@pytest.fixture
def with_lead(settings_for):
    settings_for(safeguarding_lead_name="Pat Lead", safeguarding_email=LEAD)


@pytest.fixture
def activity(lambeth):
    directory = build_directory(lambeth)
    with inside(lambeth):
        make_user("editor@lambeth.example.org", EDITORS)
        return directory.activity, directory.activity.full_url


def report_worry(borough, page, capture, reason="worrying", details=WORRY):
    with capture(execute=True):
        response = send(borough, page, reason=reason, details=details)
    assert response.status_code == 302
    with inside(borough):
        return SafeguardingCase.objects.select_related("listing_report").first()


def case_emails():
    return [m for m in mail.outbox if m.subject.startswith("Safeguarding case")]


def editor_emails():
    return [m for m in mail.outbox if m.to == ["editor@lambeth.example.org"]]


def test_a_worrying_report_opens_one_case_and_emails_the_lead_and_the_editors(
    lambeth, activity, with_lead, django_capture_on_commit_callbacks
):
    page, public_url = activity
    case = report_worry(lambeth, page, django_capture_on_commit_callbacks)

    with inside(lambeth):
        report = ListingReport.objects.get()
        assert SafeguardingCase.objects.count() == 1
        assert case.listing_report == report and case.is_open
        assert (case.member, case.report, case.opened_by) == (None, None, None)
        for words in (page.title, public_url, "Something about it worries me", WORRY):
            assert words in case_summary(case)
        logged = ModerationAction.objects.get(action="open-case")
        assert (logged.case, logged.member, logged.report) == (case, None, None)

    [email] = case_emails()
    assert email.to == [LEAD]
    for words in (
        f"About a listing or event, not a member: {page.title}",
        WORRY,
        public_url,
        f"http://lambeth.localhost:8000/admin/community/safeguarding/{case.pk}/",
        "999",
        "116 123",
        "85258",
        "NHS 111, option 2",
    ):
        assert words in email.body, words
    assert "other posts" not in email.body
    [to_editor] = editor_emails()
    assert to_editor.subject == f"Safeguarding concern reported: {page.title}"


def test_other_reasons_open_no_case(
    lambeth, activity, with_lead, django_capture_on_commit_callbacks
):
    page, _ = activity
    assert report_worry(lambeth, page, django_capture_on_commit_callbacks, "wrong-details") is None
    assert case_emails() == []
    assert len(editor_emails()) == 1


def test_without_a_lead_the_borough_admins_are_emailed(
    lambeth, activity, django_capture_on_commit_callbacks
):
    page, _ = activity
    report_worry(lambeth, page, django_capture_on_commit_callbacks)
    [email] = case_emails()
    assert email.to == ["admin@lambeth.example.org"]
    assert "no safeguarding lead yet" in email.body


def test_the_case_shows_the_listing_and_closes_only_with_an_outcome(
    lambeth, activity, with_lead, lambeth_moderator, django_capture_on_commit_callbacks
):
    page, public_url = activity
    case = report_worry(lambeth, page, django_capture_on_commit_callbacks)
    lead = make_staff(lambeth, LEAD, SAFEGUARDING_LEAD)

    for user in (lead, lambeth_moderator):
        client = signed_in(lambeth, user)
        response = client.get(f"{CASES}{case.pk}/")
        assert response.status_code == 200
        text = page_text(response)
        assert f"About a listing or event, not a member: {page.title}" in text
        assert WORRY in text and "999" in text
        assert "recent posts" not in text and "deleted member" not in text
        assert f'<a href="{public_url}">{page.title}</a>' in response.content.decode()
        listed = page_text(client.get(CASES))
        assert f"Case {case.pk}: about the listing {page.title}" in listed
    # The moderation queue (the lead's group does not work it) lists the case first.
    queue = page_text(signed_in(lambeth, lambeth_moderator).get("/admin/community/moderation/"))
    assert "SAFEGUARDING CASE: open" in queue and "Nobody: a listing was reported" in queue

    client = signed_in(lambeth, lead)
    assert client.post(f"{CASES}{case.pk}/", {"notes": "Called"}).status_code == 400
    response = client.post(
        f"{CASES}{case.pk}/", {"outcome": "other-agency", "notes": "Passed to the council."}
    )
    assert response.status_code == 302
    with inside(lambeth):
        case.refresh_from_db()
        assert (case.status, case.outcome, case.closed_by) == ("closed", "other-agency", lead)
        # Closing the case is separate from resolving the listing report.
        assert case.listing_report.status == ListingReport.Status.OPEN
        assert ModerationAction.objects.get(action="close-case").case == case
    assert "Passed to another agency, by" in page_text(client.get(CASES))
    log = signed_in(lambeth, lambeth_moderator).get("/admin/community/log/")
    assert log.status_code == 200 and "Closed a safeguarding case" in page_text(log)


def test_an_unacted_listing_case_escalates(
    lambeth, activity, with_lead, settings_for, django_capture_on_commit_callbacks
):
    settings_for(safeguarding_escalate_after_hours=2)
    page, _ = activity
    opened = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(opened, tick=False):
        case = report_worry(lambeth, page, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with time_machine.travel(opened + datetime.timedelta(hours=2, minutes=1), tick=False):
        call_command("escalate_safeguarding_cases", borough="lambeth")
    [email] = mail.outbox
    assert email.subject.startswith("Still open: safeguarding case")
    assert LEAD in email.to and "admin@lambeth.example.org" in email.to
    assert f"About a listing or event, not a member: {page.title}" in email.body
    with inside(lambeth):
        case.refresh_from_db()
        assert case.escalated_at == opened + datetime.timedelta(hours=2, minutes=1)
        assert ModerationAction.objects.get(action="escalate-case").case == case


def test_a_worrying_event_report_opens_a_case(
    lambeth, with_lead, django_capture_on_commit_callbacks
):
    event = make_event(lambeth, title="Knit and natter")
    with inside(lambeth):
        form = event_url(event, "report")
        public_url = "http://lambeth.localhost:8000" + event_url(event)
    data = {"reason": "worrying", "details": WORRY, "email": "", "website": ""}
    data[STARTED_FIELD] = a_minute_ago()
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(lambeth).post(form, data).status_code == 302
    with inside(lambeth):
        case = SafeguardingCase.objects.get()
        assert case.listing_report.event == event and case.member is None
        summary = case_summary(case)
        assert "Event: Knit and natter" in summary and public_url in summary
    [email] = case_emails()
    assert email.to == [LEAD] and "Knit and natter" in email.body


def test_a_report_in_one_borough_opens_no_case_in_another(
    lambeth, southwark, activity, with_lead, django_capture_on_commit_callbacks
):
    page, _ = activity
    report_worry(lambeth, page, django_capture_on_commit_callbacks)
    with inside(lambeth):
        assert SafeguardingCase.objects.count() == 1
    with inside(southwark):
        assert not SafeguardingCase.objects.exists()
    assert all("southwark" not in address for m in mail.outbox for address in m.to)


def test_a_members_data_and_erasure_ignore_listing_cases(
    lambeth, activity, with_lead, django_capture_on_commit_callbacks
):
    page, _ = activity
    case = report_worry(lambeth, page, django_capture_on_commit_callbacks)
    member = make_member(lambeth, display_name="Sam")
    with inside(lambeth):
        privacy.export_member_data(member)
        privacy.erase_member(member)
        assert SafeguardingCase.objects.get(pk=case.pk).is_open


def test_a_case_still_says_what_it_is_about_once_the_listing_is_deleted(
    lambeth, activity, with_lead, lambeth_moderator, django_capture_on_commit_callbacks
):
    """An Editor may delete the worrying listing (its report goes with it): the case
    stays open, about the listing by its title, and never about "a deleted member"."""
    page, _public_url = activity
    case = report_worry(lambeth, page, django_capture_on_commit_callbacks)
    with inside(lambeth):
        page.delete()
        case.refresh_from_db()
        assert case.listing_report is None and case.is_open
    client = signed_in(lambeth, lambeth_moderator)
    response = client.get(f"{CASES}{case.pk}/")
    assert response.status_code == 200
    text = page_text(response)
    assert f"About a listing or event, not a member: {page.title}" in text
    assert "deleted member" not in text and "recent posts" not in text
    listed = page_text(client.get(CASES))
    assert f"Case {case.pk}: about the listing {page.title}" in listed
    queue = page_text(client.get("/admin/community/moderation/"))
    assert "Nobody: a listing was reported" in queue


def follow_ups_seen(client, url) -> list:
    from bs4 import BeautifulSoup

    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select("[data-follow-up]")


def test_a_report_says_whether_its_case_is_open_linked_only_for_those_who_see_cases(
    lambeth, activity, with_lead, django_capture_on_commit_callbacks
):
    page, _ = activity
    case = report_worry(lambeth, page, django_capture_on_commit_callbacks)
    report_id = case.listing_report_id
    report_worry(lambeth, page, django_capture_on_commit_callbacks, reason="wrong-details")
    editor = make_staff(lambeth, "reports-editor@lambeth.example.org", EDITORS)
    admin = make_staff(lambeth, "reports-admin@lambeth.example.org", BOROUGH_ADMINS)
    screens = (
        "/admin/directory/reports/",
        f"/admin/directory/reports/edit/{report_id}/",
        f"/admin/directory/reports/inspect/{report_id}/",
    )

    for user, may_see_cases in ((editor, False), (admin, True)):
        client = signed_in(lambeth, user)
        for screen in screens:
            [follow_up] = follow_ups_seen(client, screen)  # the other report has none
            assert follow_up.get_text(" ", strip=True) == "A safeguarding case is open"
            link = follow_up.select_one("a")
            if may_see_cases:
                assert link["href"] == f"{CASES}{case.pk}/", screen
            else:
                assert link is None, screen
        # The case's own page refuses an Editor: the plain words were no way round it.
        case_page = client.get(f"{CASES}{case.pk}/")
        assert (case_page.status_code == 200) == may_see_cases

    lead = make_staff(lambeth, LEAD, SAFEGUARDING_LEAD)
    with inside(lambeth):
        safeguarding.close_case(lead, case, outcome="no-action", reason="A misunderstanding.")
    for screen in screens:
        [follow_up] = follow_ups_seen(signed_in(lambeth, editor), screen)
        assert follow_up.get_text(" ", strip=True) == "A safeguarding case is closed"
