"""Safeguarding cases: a report about someone's safety opens a case, the lead is emailed
after commit, the case closes only with an outcome and who closed it, an unacted case
escalates once, the audit log names the outcome, and only the lead, Moderators and
admins of that borough see it."""

import datetime

import pytest
import time_machine

from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from sites.borough.refresh import refresh_borough_defaults
from sites.community.factories import ReportFactory, SafeguardingCaseFactory
from sites.community.models import ModerationAction, Report, SafeguardingCase
from sites.community.services import moderation, safeguarding
from sites.core.roles import BOROUGH_ADMINS, ORGANISATION_MANAGERS, SAFEGUARDING_LEAD
from tests.conftest import free_port, inside

from .conftest import human, make_member, make_staff, make_thread, page_text, signed_in

pytestmark = pytest.mark.django_db

CASES = "/admin/community/safeguarding/"
QUEUE = "/admin/community/moderation/"
ACT = QUEUE + "act/"


@pytest.fixture
def with_lead(settings_for):
    settings_for(
        safeguarding_lead_name="Pat Lead",
        safeguarding_email="safeguarding@lambeth.example.org",
        safeguarding_lead_phone="020 7000 0000",
    )


@pytest.fixture
def worried(lambeth):
    """A member's worrying post and the member who reports it."""
    author = make_member(lambeth, display_name="Nina")
    reporter = make_member(lambeth, display_name="Tess", is_trusted=True)
    _, post = make_thread(lambeth, author, title="Feeling low", body="I can't go on like this.")
    return author, reporter, post


def open_a_case(lambeth, worried, capture, details="They sound very low."):
    author, reporter, post = worried
    with capture(execute=True):
        signed_in(lambeth, reporter).post(
            f"/discussions/posts/{post.pk}/report/",
            human({"reason": "safety", "details": details}),
        )
    with inside(lambeth):
        return SafeguardingCase.objects.select_related("report").get(report__post=post)


def test_a_safety_report_opens_a_case_and_the_lead_is_emailed_after_commit(
    lambeth, worried, with_lead, django_capture_on_commit_callbacks
):
    author, reporter, post = worried
    with django_capture_on_commit_callbacks() as callbacks:
        signed_in(lambeth, reporter).post(
            f"/discussions/posts/{post.pk}/report/",
            human({"reason": "safety", "details": "They sound very low."}),
        )
        assert mail.outbox == [], "nobody is emailed before the case is saved for good"
    for callback in callbacks:
        callback()

    with inside(lambeth):
        case = SafeguardingCase.objects.get()
        assert case.is_open and case.member == author and case.opened_by == reporter
        assert case.report.post == post
        logged = ModerationAction.objects.get(action="open-case")
        assert (logged.case, logged.member, logged.report) == (case, author, case.report)
    [email] = mail.outbox
    assert email.to == ["safeguarding@lambeth.example.org"]
    assert "Safeguarding case" in email.subject
    for words in (
        "I can't go on like this.",
        "They sound very low.",
        f"http://lambeth.localhost:8000/admin/community/safeguarding/{case.pk}/",
        "999",
        "116 123",
        "85258",
    ):
        assert words in email.body
    assert reporter.email not in email.body


def test_without_a_lead_the_borough_admins_are_emailed_and_warned(
    lambeth, worried, django_capture_on_commit_callbacks
):
    open_a_case(lambeth, worried, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["admin@lambeth.example.org"]]
    assert "no safeguarding lead yet" in mail.outbox[0].body

    admin = make_staff(lambeth, "boss@lambeth.example.org", BOROUGH_ADMINS)
    dashboard = page_text(signed_in(lambeth, admin).get("/admin/"))
    assert "This borough has no safeguarding lead" in dashboard


def test_with_a_lead_the_dashboard_has_no_warning(lambeth, with_lead):
    admin = make_staff(lambeth, "boss@lambeth.example.org", BOROUGH_ADMINS)
    assert "no safeguarding lead" not in page_text(signed_in(lambeth, admin).get("/admin/"))


def test_a_moderator_flags_a_report_as_a_safeguarding_concern(
    lambeth, worried, with_lead, lambeth_moderator, django_capture_on_commit_callbacks
):
    author, reporter, post = worried
    with inside(lambeth):
        report = ReportFactory(post=post, reported_member=author, reporter=reporter)
    admin = signed_in(lambeth, lambeth_moderator)
    assert "This is a safeguarding concern" in page_text(admin.get(f"{QUEUE}reports/{report.pk}/"))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"{QUEUE}reports/{report.pk}/flag/", {"note": "Sounds at risk."})
    with inside(lambeth):
        case = SafeguardingCase.objects.get(report=report)
        report.refresh_from_db()
        assert report.is_safeguarding and case.opened_by == lambeth_moderator
        assert ModerationAction.objects.get(action="open-case").note == "Sounds at risk."
    assert response.url == f"{CASES}{case.pk}/"
    assert [m.to for m in mail.outbox] == [["safeguarding@lambeth.example.org"]]
    # Flagging again opens no second case and sends no second email.
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"{QUEUE}reports/{report.pk}/flag/")
    with inside(lambeth):
        assert SafeguardingCase.objects.count() == 1
    assert len(mail.outbox) == 1


def test_keeping_the_post_closes_the_report_but_never_the_case(
    lambeth, worried, with_lead, lambeth_moderator, django_capture_on_commit_callbacks
):
    case = open_a_case(lambeth, worried, django_capture_on_commit_callbacks)
    admin = signed_in(lambeth, lambeth_moderator)
    page = page_text(admin.get(f"{QUEUE}reports/{case.report.pk}/"))
    assert "does not close the case" in page
    keep = {"action": "approve", "post": case.report.post_id, "report": case.report.pk}
    response = admin.post(ACT, keep, follow=True)
    assert "The safeguarding case stays open" in page_text(response)
    with inside(lambeth):
        case.refresh_from_db()
        case.report.refresh_from_db()
        assert case.report.status == Report.Status.CLOSED
        assert case.is_open
        assert [item.kind for item in moderation.moderation_queue()] == ["case"]
    assert "SAFEGUARDING CASE" in page_text(admin.get(QUEUE))


def test_the_case_page_shows_the_members_posts_earlier_reports_and_guidance(
    lambeth, worried, with_lead, lambeth_moderator, django_capture_on_commit_callbacks
):
    author, reporter, _ = worried
    make_thread(lambeth, author, title="Walks", body="Anyone for a walk on Sunday?")
    with inside(lambeth):
        ReportFactory(
            post=None, reported_member=author, reason="other", details="Asked for my number."
        )
    case = open_a_case(lambeth, worried, django_capture_on_commit_callbacks)
    text = page_text(signed_in(lambeth, lambeth_moderator).get(f"{CASES}{case.pk}/"))
    for words in (
        "Anyone for a walk on Sunday?",  # another post of theirs
        "I can't go on like this.",
        "Asked for my number.",  # an earlier report about them
        "call 999",
        "116 123",
        "85258",
        "NHS 111, option 2",
        "Pat Lead",
        "020 7000 0000",
    ):
        assert words in text, words


def test_a_case_closes_only_with_an_outcome_and_records_who(
    lambeth, worried, with_lead, lambeth_moderator, django_capture_on_commit_callbacks
):
    case = open_a_case(lambeth, worried, django_capture_on_commit_callbacks)
    admin = signed_in(lambeth, lambeth_moderator)
    url = f"{CASES}{case.pk}/"

    response = admin.post(url, {"notes": "Tried to call."})
    assert response.status_code == 400
    assert "Choose what was done." in page_text(response)
    response = admin.post(url, {"outcome": "no-action"})
    assert response.status_code == 400
    assert "Say why no action is needed." in page_text(response)
    response = admin.post(url, {"outcome": "made-up"})
    assert response.status_code == 400
    with inside(lambeth):
        case.refresh_from_db()
        assert case.is_open and not ModerationAction.objects.filter(action="close-case").exists()

    response = admin.post(url, {"outcome": "welfare-check", "notes": "Called; they are safe."})
    assert response.status_code == 302
    with inside(lambeth):
        case.refresh_from_db()
        assert case.status == SafeguardingCase.Status.CLOSED
        assert (case.outcome, case.closed_by) == ("welfare-check", lambeth_moderator)
        assert case.closed_at is not None
        logged = ModerationAction.objects.get(action="close-case")
        assert logged.moderator == lambeth_moderator and logged.case == case
        assert "Outcome: Welfare check made." in logged.note
        assert "Called; they are safe." in logged.note
        assert "case" not in [item.kind for item in moderation.moderation_queue()]
    # The audit log names the outcome; the case page shows it.
    log = page_text(admin.get("/admin/community/log/"))
    assert "Closed a safeguarding case" in log and "Outcome: Welfare check made." in log
    assert "Welfare check made" in page_text(admin.get(url))
    # A closed case cannot be closed again.
    with inside(lambeth), pytest.raises(safeguarding.CaseError):
        safeguarding.close_case(lambeth_moderator, case, outcome="emergency")


def test_no_action_needs_a_reason(lambeth, with_lead):
    with inside(lambeth):
        case = SafeguardingCaseFactory()
        lead = make_staff(lambeth, "pat@lambeth.example.org", SAFEGUARDING_LEAD)
        with pytest.raises(safeguarding.CaseError, match="Say why"):
            safeguarding.close_case(lead, case, outcome="no-action", reason="  ")
        closed = safeguarding.close_case(
            lead, case, outcome="no-action", reason="A song lyric, checked with them."
        )
        assert closed.outcome_reason == "A song lyric, checked with them."
        assert "Reason: A song lyric" in ModerationAction.objects.get(action="close-case").note


def test_an_unacted_case_escalates_once_after_the_boroughs_hours(lambeth, with_lead, settings_for):
    settings_for(safeguarding_escalate_after_hours=2)
    opened = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with inside(lambeth):
        case = SafeguardingCaseFactory(opened_at=opened)
        closed = SafeguardingCaseFactory(opened_at=opened)
        SafeguardingCase.objects.filter(pk=closed.pk).update(status="closed", outcome="referred")

    with time_machine.travel(opened + datetime.timedelta(hours=1, minutes=59), tick=False):
        call_command("escalate_safeguarding_cases", borough="lambeth")
    assert mail.outbox == []

    with time_machine.travel(opened + datetime.timedelta(hours=2, minutes=1), tick=False):
        call_command("escalate_safeguarding_cases", borough="lambeth")
        call_command("escalate_safeguarding_cases", borough="lambeth")
    [email] = mail.outbox
    assert sorted(email.to) == ["admin@lambeth.example.org", "safeguarding@lambeth.example.org"]
    assert "Still open" in email.subject
    assert "more than 2 hours" in email.body
    assert f"/admin/community/safeguarding/{case.pk}/" in email.body
    with inside(lambeth):
        case.refresh_from_db()
        assert case.escalated_at == opened + datetime.timedelta(hours=2, minutes=1)
        logged = ModerationAction.objects.get(action="escalate-case")
        assert logged.case == case and logged.note == "Still open after 2 hours."


def test_only_the_lead_moderators_and_admins_of_that_borough_see_cases(
    lambeth, southwark, lambeth_moderator, lambeth_editor
):
    with inside(lambeth):
        case = SafeguardingCaseFactory(summary="A worrying post.")
        report = case.report
    lead = make_staff(lambeth, "pat@lambeth.example.org", SAFEGUARDING_LEAD)
    admin = make_staff(lambeth, "boss@lambeth.example.org", BOROUGH_ADMINS)
    manager = make_staff(lambeth, "org@lambeth.example.org", ORGANISATION_MANAGERS)
    member = make_member(lambeth, display_name="Alex")
    southwark_moderator = make_staff(southwark, "mod@southwark.example.org", "Moderators")
    pages = [CASES, f"{CASES}{case.pk}/"]

    for user in (lead, lambeth_moderator, admin):
        client = signed_in(lambeth, user)
        for url in pages:
            assert client.get(url).status_code == 200, (user, url)
        assert "A worrying post." in page_text(client.get(pages[1]))
        assert f"{CASES}{case.pk}/" in client.get(CASES).content.decode()  # listed
        assert "Safeguarding cases (1)" in client.get("/admin/").content.decode()

    for user in (lambeth_editor, manager, member):
        client = signed_in(lambeth, user)
        for url in pages:
            # Wagtail answers a refusal with a redirect (to its home page or sign-in).
            assert client.get(url).status_code in (302, 403), (user, url)
        closing = client.post(pages[1], {"outcome": "welfare-check"})
        assert closing.status_code in (302, 403)
        assert "A worrying post." not in page_text(client.get(pages[1]))
    with inside(lambeth):
        case.refresh_from_db()
        assert case.is_open
    # An Editor moderates the report, but the case (and its log lines) stay hidden.
    editor = signed_in(lambeth, lambeth_editor)
    refused = editor.get(f"{CASES}{case.pk}/")
    assert refused.status_code == 302 and refused.url == "/admin/"  # Wagtail's "no permission"
    assert "SAFEGUARDING CASE" not in page_text(editor.get(QUEUE))
    report_page = editor.get(f"{QUEUE}reports/{report.pk}/").content.decode()
    assert "A safeguarding case is open" in report_page
    assert f"{CASES}{case.pk}/" not in report_page, "no link to the case"
    assert "Safeguarding cases" not in editor.get("/admin/").content.decode()

    # Another borough's moderator never sees it, at the same address.
    other = signed_in(southwark, southwark_moderator)
    assert other.get(f"{CASES}{case.pk}/").status_code == 404
    listing = other.get(CASES)  # their own list, which the list above shows Lambeth's in
    assert listing.status_code == 200
    assert f"{CASES}{case.pk}/" not in listing.content.decode()
    assert "No case is open." in page_text(listing)


def test_older_boroughs_get_the_safeguarding_lead_group(lambeth):
    with inside(lambeth):
        Group.objects.filter(name=SAFEGUARDING_LEAD).delete()
        refreshed = refresh_borough_defaults(lambeth)
        assert SAFEGUARDING_LEAD in refreshed.groups
        assert (
            Group.objects.get(name=SAFEGUARDING_LEAD)
            .permissions.filter(codename="access_admin")
            .exists()
        )


def test_seeded_cases_are_plain_factories(lambeth):
    """The factory makes an open case about a safeguarding report, as seed_demo uses it."""
    with inside(lambeth):
        case = SafeguardingCaseFactory()
        assert case.is_open and case.report.is_safeguarding
        assert case.member == case.report.reported_member
        assert case.opened_at <= timezone.now()


def test_an_escalation_whose_email_fails_is_tried_again_next_run(
    lambeth, with_lead, settings_for, settings
):
    """The mail server refuses (nothing listens on its port): the case is not marked
    escalated and nothing is logged, so the next run, with mail working, escalates it."""
    settings_for(safeguarding_escalate_after_hours=2)
    opened = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with inside(lambeth):
        case = SafeguardingCaseFactory(opened_at=opened)
    later = opened + datetime.timedelta(hours=3)

    working_backend = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    with time_machine.travel(later, tick=False):
        call_command("escalate_safeguarding_cases", borough="lambeth")
    with inside(lambeth):
        case.refresh_from_db()
        assert case.escalated_at is None
        assert not ModerationAction.objects.filter(action="escalate-case").exists()

    settings.EMAIL_BACKEND = working_backend
    with time_machine.travel(later, tick=False):
        call_command("escalate_safeguarding_cases", borough="lambeth")
    [email] = mail.outbox
    assert "Still open" in email.subject
    with inside(lambeth):
        case.refresh_from_db()
        assert case.escalated_at == later
