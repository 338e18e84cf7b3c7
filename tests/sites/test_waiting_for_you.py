"""Waiting work, where each role looks: the dashboard's "Waiting for you" panel shows
each role its own counts (and nothing of other roles), menu items carry counts, and an
organisation manager gets a panel about their own pages."""

import datetime

import pytest

from django.utils import timezone

from wagtail.models import Workflow

from sites.community.factories import (
    CommunityGroupFactory,
    EventFactory,
    ReportFactory,
    SafeguardingCaseFactory,
)
from sites.core.roles import BOROUGH_ADMINS, EDITORS, MODERATORS, SAFEGUARDING_LEAD
from sites.core.setup import EDITORIAL_WORKFLOW
from sites.directory.factories import (
    ListingReportFactory,
    OrganisationJoinRequestFactory,
    OrganisationPageFactory,
)
from sites.directory.models import ListingReport, OrganisationIndexPage, OrganisationJoinRequest
from sites.directory.services.organisation_access import grant_organisation_access
from tests.community.conftest import make_member, make_staff, make_thread, page_text, signed_in
from tests.conftest import inside

pytestmark = pytest.mark.django_db

EDITOR_ROWS = (
    "Organisation requests",
    "Listing problem reports",
    "Stale listings",
    "Changes awaiting approval",
)
MODERATOR_ROWS = (
    "Reports about posts, events and messages:",
    "Posts waiting for a moderator",
    "Events waiting for a moderator",
)


def dashboard(borough, user) -> tuple[str, str]:
    """(the dashboard's words, its HTML with the menu)."""
    response = signed_in(borough, user).get("/admin/")
    assert response.status_code == 200
    return page_text(response), response.content.decode()


@pytest.fixture
def waiting_work(lambeth):
    """Work for every role: 2 organisation requests, 3 problem reports, 1 stale listing,
    1 change waiting for approval; 1 safeguarding case (its report open), 1 other
    report, 1 held post, 1 held event."""
    manager = make_member(lambeth, display_name="Orla")
    with inside(lambeth):
        organisations = OrganisationIndexPage.objects.get()
        ours = OrganisationPageFactory(parent=organisations, title="Brixton Walkers")
        OrganisationPageFactory(
            parent=organisations,
            title="Forgotten Club",
            last_checked_on=timezone.localdate() - datetime.timedelta(days=3 * 365),
        )
        OrganisationJoinRequestFactory.create_batch(2)
        OrganisationJoinRequestFactory(status=OrganisationJoinRequest.Status.APPROVED)
        ListingReportFactory.create_batch(3, page=ours)
        ListingReportFactory(page=ours, status=ListingReport.Status.RESOLVED)
        grant_organisation_access(ours, manager)
        ours.title = "Brixton Walkers and Talkers"
        ours.save_revision(user=manager)
        Workflow.objects.get(name=EDITORIAL_WORKFLOW).start(ours, manager)

        SafeguardingCaseFactory()
        ReportFactory()
        EventFactory(status="held")
        CommunityGroupFactory(status="proposed")
        CommunityGroupFactory(with_picture=True, picture_held=True)
    author = make_member(lambeth, display_name="Nina")
    make_thread(lambeth, author, status="held")
    return manager


def test_an_editor_sees_directory_work_with_counts_and_no_cases(lambeth, waiting_work):
    editor = make_staff(lambeth, "editor@lambeth.example.org", EDITORS)
    text, html = dashboard(lambeth, editor)
    assert "Waiting for you" in text
    for row in (
        "Organisation requests: 2",
        "Listing problem reports: 3",
        "Stale listings: 1",
        "Changes awaiting approval: 1",
        "Groups to approve: 1",
        "Group pictures to check: 1",
    ):
        assert row in text, row
    assert "Open safeguarding cases" not in text
    assert "Your organisation" not in text
    # The Directory menu says how many wait.
    assert "Problem reports (3)" in html
    assert "Join requests (2)" in html


def test_a_moderator_sees_safeguarding_cases_first_then_the_queue(lambeth, waiting_work):
    moderator = make_staff(lambeth, "moderator@lambeth.example.org", MODERATORS)
    text, html = dashboard(lambeth, moderator)
    rows = [
        "Open safeguarding cases: 1",
        "Reports about posts, events and messages: 2",
        "Posts waiting for a moderator: 1",
        "Events waiting for a moderator: 1",
    ]
    positions = [text.index(row) for row in rows]
    assert positions == sorted(positions), "cases come first"
    for row in [*EDITOR_ROWS, "Groups to approve", "Group pictures to check"]:
        assert row not in text
    assert "Your organisation" not in text
    assert "Safeguarding cases (1)" in html
    assert "Moderation queue (5)" in html  # the case, two reports, a post and an event
    assert "Problem reports (" not in html


def test_the_safeguarding_lead_sees_only_cases(lambeth, waiting_work):
    lead = make_staff(lambeth, "pat@lambeth.example.org", SAFEGUARDING_LEAD)
    text, html = dashboard(lambeth, lead)
    assert "Open safeguarding cases: 1" in text
    for row in (*EDITOR_ROWS, *MODERATOR_ROWS):
        assert row not in text
    assert "Safeguarding cases (1)" in html


def test_a_borough_admin_sees_every_row(lambeth, waiting_work):
    admin = make_staff(lambeth, "boss@lambeth.example.org", BOROUGH_ADMINS)
    text, _ = dashboard(lambeth, admin)
    for row in (
        "Open safeguarding cases: 1",
        "Organisation requests: 2",
        "Reports about posts, events and messages: 2",
    ):
        assert row in text


def test_an_organisation_manager_sees_their_pages_and_what_awaits_approval(lambeth, waiting_work):
    text, html = dashboard(lambeth, waiting_work)
    assert "Your organisation" in text
    assert "Brixton Walkers" in text
    assert "Waiting for an Editor's approval" in text
    assert "How to add an activity" in text
    assert "Forgotten Club" not in text, "only their own pages"
    assert "Waiting for you" not in text
    for row in (*EDITOR_ROWS, *MODERATOR_ROWS, "Open safeguarding cases"):
        assert row not in text


def test_with_nothing_waiting_the_panel_says_so(lambeth):
    editor = make_staff(lambeth, "ed@lambeth.example.org", EDITORS, MODERATORS)
    text, _ = dashboard(lambeth, editor)
    assert "Nothing is waiting for you." in text
    assert "Organisation requests: 0" in text
