"""Editors' "Problem reports" screens: each report opens from the list, says what was
reported with links to it and to the visitor, and safeguarding concerns stand out."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.core import mail

from sites.community.factories import EventFactory
from sites.core.roles import EDITORS
from sites.directory.factories import ListingReportFactory
from sites.directory.models import ListingReport
from tenants.emails import borough_base_url
from tests.conftest import inside
from tests.directory.conftest import make_user
from tests.directory.test_organisation_access import logged_in
from tests.directory.test_reports import send

pytestmark = pytest.mark.django_db

WORRYING = ListingReport.Reason.WORRYING


@pytest.fixture
def editor(southwark):
    with inside(southwark):
        return make_user("editor@southwark.example.org", EDITORS)


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def words(element) -> str:
    return " ".join(element.get_text(" ").split())


def rows(soup):
    return soup.select("table.listing tbody tr")


def test_each_report_opens_from_the_list_and_safeguarding_concerns_come_first(
    southwark, southwark_directory, editor
):
    directory = southwark_directory
    with inside(southwark):
        wrong = ListingReportFactory(page=directory.activity)
        worrying = ListingReportFactory(
            page=directory.organisation, reason=WORRYING, details="An adult asked for money."
        )
        ListingReportFactory(page=directory.place, status=ListingReport.Status.RESOLVED)
        # The older report was sent first: the concern still comes before it.
        ListingReport.objects.filter(pk=wrong.pk).update(
            created_at=worrying.created_at - datetime.timedelta(days=3)
        )
    client = logged_in(southwark, editor)

    listed = rows(soup_of(client.get("/admin/directory/reports/")))
    assert [words(row.select_one("td a")) for row in listed][:2] == [
        "Brixton Gardeners",
        "Tuesday garden club",
    ]
    first, second, third = listed
    assert first.select_one("td a")["href"] == f"/admin/directory/reports/edit/{worrying.pk}/"
    assert second.select_one("td a")["href"] == f"/admin/directory/reports/edit/{wrong.pk}/"
    assert "Safeguarding concern Something about it worries me" in words(first)
    assert not second.select("[data-safeguarding]")
    assert "Resolved" in words(third), "resolved reports last"

    only_concerns = rows(soup_of(client.get("/admin/directory/reports/?reason=worrying")))
    assert [words(row.select_one("td a")) for row in only_concerns] == ["Brixton Gardeners"]


def test_a_page_report_links_to_the_page_and_the_visitor_and_shows_no_event(
    southwark, southwark_directory, editor
):
    activity = southwark_directory.activity
    with inside(southwark):
        report = ListingReportFactory(
            page=activity, details="Moved to 11am.", reporter_email="jo+garden@example.org"
        )
        base = borough_base_url(southwark)
    client = logged_in(southwark, editor)

    summary = soup_of(client.get(f"/admin/directory/reports/edit/{report.pk}/")).select_one(
        "[data-report-summary]"
    )
    assert summary.select_one("[data-public-link]")["href"] == (
        f"{base}/organisations/brixton-gardeners/tuesday-garden-club/"
    )
    assert base.startswith("http://southwark.localhost")
    assert summary.select_one("[data-admin-link]")["href"] == f"/admin/pages/{activity.pk}/edit/"
    assert summary.select_one("[data-reply-link]")["href"] == "mailto:jo%2Bgarden@example.org"
    labels = [words(dt) for dt in summary.select("dt")]
    assert "Listing" in labels and "Event" not in labels
    assert "None" not in words(summary)
    assert "Moved to 11am." in words(summary)
    assert not summary.select("[data-safeguarding]")

    inspect = words(soup_of(client.get(f"/admin/directory/reports/inspect/{report.pk}/")))
    assert "Tuesday garden club" in inspect
    assert "Event" not in inspect


def test_an_event_report_links_to_the_event_and_shows_no_listing(southwark, editor):
    with inside(southwark):
        event = EventFactory(title="Riverside litter pick")
        report = ListingReportFactory(page=None, event=event, reason=WORRYING)
        base = borough_base_url(southwark)
    client = logged_in(southwark, editor)

    summary = soup_of(client.get(f"/admin/directory/reports/edit/{report.pk}/")).select_one(
        "[data-report-summary]"
    )
    labels = [words(dt) for dt in summary.select("dt")]
    assert "Event" in labels and "Listing" not in labels
    assert summary.select_one("[data-public-link]")["href"] == (
        f"{base}/events/riverside-litter-pick/"
    )
    assert not summary.select("[data-admin-link]")
    assert "They did not ask for a reply." in words(summary)
    assert "Safeguarding concern" in words(summary.select_one("[data-safeguarding]"))
    inspect = words(soup_of(client.get(f"/admin/directory/reports/inspect/{report.pk}/")))
    assert "Riverside litter pick" in inspect and "Page" not in inspect.split()


def test_a_safeguarding_concern_says_so_in_the_editors_email_subject(
    southwark, southwark_directory, editor
):
    assert send(southwark, southwark_directory.activity, reason="worrying").status_code == 302
    assert send(southwark, southwark_directory.place).status_code == 302
    subjects = [message.subject for message in mail.outbox]
    assert subjects == [
        "Safeguarding concern reported: Tuesday garden club",
        "Problem reported: Brixton Community Hall",
    ]
    assert "It may be about someone's safety" in mail.outbox[0].body
    assert "It may be about someone's safety" not in mail.outbox[1].body
