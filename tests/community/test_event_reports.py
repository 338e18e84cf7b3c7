"""An event's page links its place and has "Report a problem", the same form and the
same Editors as a directory listing's; members-only and hidden events cannot be reported
by people who cannot see them."""

import pytest
from bs4 import BeautifulSoup

from django.core import mail

from sites.community.events.links import event_url
from sites.community.factories import CommunityGroupFactory
from sites.community.models import CommunityGroup
from sites.directory.models import ListingReport
from tests.community.conftest import make_event
from tests.conftest import client_for, inside
from tests.directory.conftest import build_directory
from tests.directory.test_reports import a_minute_ago, make_user, reports_in, summary_of

pytestmark = pytest.mark.django_db


def _report_form(borough, event) -> str:
    with inside(borough):
        return event_url(event, "report")


def _send(borough, event, **fields):
    from sites.core.antispam import STARTED_FIELD

    data = {"reason": "wrong-details", "details": "", "email": "", "website": ""}
    data[STARTED_FIELD] = a_minute_ago()
    return client_for(borough).post(_report_form(borough, event), data | fields)


def test_an_event_page_links_its_place_and_its_report_form(lambeth):
    place = build_directory(lambeth).place
    event = make_event(lambeth, title="Seed swap", place=place)
    with inside(lambeth):
        page_url, place_url = event_url(event), place.url
    soup = BeautifulSoup(client_for(lambeth).get(page_url).content.decode(), "html.parser")
    assert soup.find("a", string=place.title)["href"] == place_url
    report = soup.find("a", string="Report a problem with this event")
    assert report["href"] == _report_form(lambeth, event)

    form = client_for(lambeth).get(report["href"])
    assert form.status_code == 200
    form_soup = BeautifulSoup(form.content.decode(), "html.parser")
    assert form_soup.h1.get_text(strip=True) == "Report a problem with this event"
    assert "Seed swap" in form_soup.select_one(".lead").get_text()


def test_an_event_report_is_saved_and_the_editors_are_emailed(lambeth):
    event = make_event(lambeth, title="Seed swap")
    with inside(lambeth):
        make_user("editor@lambeth.example.org", "Editors")
        page_url = event_url(event)

    response = _send(lambeth, event, reason="not-running", details="It moved to May.")

    assert response.status_code == 302
    assert response["Location"] == f"{page_url}report/thank-you/"
    [report] = reports_in(lambeth)
    assert (report.event_id, report.page_id) == (event.pk, None)
    assert report.reason == ListingReport.Reason.NOT_RUNNING
    [message] = mail.outbox
    assert message.to == ["editor@lambeth.example.org"]
    assert message.subject == "Problem reported: Seed swap"
    [web_page] = [line for line in message.body.splitlines() if line.startswith("Web page: ")]
    assert web_page.startswith("Web page: http://lambeth.localhost") and web_page.endswith(page_url)
    assert "It moved to May." in message.body
    thanks = client_for(lambeth).get(response["Location"]).content.decode()
    assert "We have sent your report about “<bdi>Seed swap</bdi>”" in thanks


def test_an_event_report_with_no_reason_shows_the_mistake_and_saves_nothing(lambeth):
    response = _send(lambeth, make_event(lambeth), reason="")
    assert response.status_code == 400
    assert "Choose what is wrong." in summary_of(response)
    assert reports_in(lambeth) == []
    assert mail.outbox == []


def test_events_the_visitor_cannot_see_cannot_be_reported(lambeth):
    with inside(lambeth):
        private = CommunityGroupFactory(visibility=CommunityGroup.Visibility.MEMBERS_ONLY)
    members_only = make_event(lambeth, group=private)
    held = make_event(lambeth, status="held")
    for event in (members_only, held):
        assert client_for(lambeth).get(_report_form(lambeth, event)).status_code == 404
        assert _send(lambeth, event).status_code == 404
    assert reports_in(lambeth) == []
