"""'Report a problem with this listing': visitors tell the borough's Editors, and only them."""

import time

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from wagtail.models import Page, Site

from sites.core.antispam import STARTED_FIELD, started_token
from sites.core.ratelimit import RATE_LIMITS
from sites.core.roles import EDITORS
from sites.directory.factories import ActivityPageFactory
from sites.directory.models import DirectorySettings, ListingReport, ThingsToDoPage
from tests.conftest import client_for, inside

pytestmark = pytest.mark.django_db


def make_user(email: str, *groups: str, active: bool = True):
    user = get_user_model().objects.create_user(
        username=email, email=email, password="pw-123456789", is_active=active
    )
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def lambeth_editor(lambeth):
    with inside(lambeth):
        return make_user("editor@lambeth.example.org", EDITORS)


def report_url(page) -> str:
    return f"/report-a-problem/{page.pk}/"


def a_minute_ago() -> str:
    """The form as a person fills it in: shown a minute before they press Send."""
    return started_token(time.time() - 60)


def send(borough, page, **fields):
    data = {"reason": "wrong-details", "details": "", "email": "", "website": ""}
    data[STARTED_FIELD] = a_minute_ago()
    data.update(fields)
    return client_for(borough).post(report_url(page), data)


def reports_in(borough):
    with inside(borough):
        return list(ListingReport.objects.all())


def summary_of(response) -> str:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    summary = soup.select_one(".error-summary")
    return " ".join(summary.get_text().split()) if summary else ""


def test_every_listing_page_links_to_its_report_form(lambeth, lambeth_directory):
    directory = lambeth_directory
    for page in (directory.activity, directory.organisation, directory.place):
        response = client_for(lambeth).get(report_url(page))
        assert response.status_code == 200
        soup = BeautifulSoup(response.content.decode(), "html.parser")
        assert soup.h1.get_text(strip=True) == "Report a problem with this listing"
        assert page.title in soup.select_one(".lead").get_text()
        legend = soup.select_one(".report-form fieldset legend").get_text(strip=True)
        assert legend == "What is wrong?"
        choices = [label.get_text(strip=True) for label in soup.select(".radio label")]
        assert choices == [label for _, label in ListingReport.Reason.choices]


def test_a_report_is_saved_and_every_active_editor_is_emailed(
    lambeth, lambeth_directory, lambeth_editor
):
    activity = lambeth_directory.activity
    with inside(lambeth):
        make_user("second.editor@lambeth.example.org", EDITORS)
        make_user("gone@lambeth.example.org", EDITORS, active=False)
        make_user("moderator@lambeth.example.org", "Moderators")
        settings = DirectorySettings.for_site(Site.objects.get())
        settings.editors_email = "directory@lambeth.example.org"
        settings.save()

    response = send(
        lambeth,
        activity,
        reason="not-running",
        details="The garden closed in October.",
        email="resident@example.org",
    )
    assert response.status_code == 302
    assert response["Location"] == f"/report-a-problem/{activity.pk}/thank-you/"

    [report] = reports_in(lambeth)
    assert report.page_id == activity.pk
    assert report.reason == ListingReport.Reason.NOT_RUNNING
    assert report.details == "The garden closed in October."
    assert report.reporter_email == "resident@example.org"
    assert report.status == ListingReport.Status.OPEN

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == [
        "directory@lambeth.example.org",
        "editor@lambeth.example.org",
        "second.editor@lambeth.example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == "Problem reported: Tuesday garden club"
    assert "It does not run any more" in message.body
    assert "The garden closed in October." in message.body
    assert "They would like a reply at: resident@example.org" in message.body
    assert "/organisations/brixton-gardeners/tuesday-garden-club/" in message.body
    assert f"/admin/directory/reports/edit/{report.pk}/" in message.body
    assert message.extra_headers["X-Connectdo-Borough"] == lambeth.schema_name

    thanks = client_for(lambeth).get(response["Location"])
    assert thanks.status_code == 200
    assert "Thank you for telling us" in thanks.content.decode()


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"reason": ""}, "Choose what is wrong."),
        ({"reason": "because"}, "Choose one."),
        ({"reason": "other", "details": ""}, "Tell us what is wrong."),
        ({"email": "not-an-email"}, "Enter an email address like name@example.org"),
        ({"details": "x" * 2001}, "Use 2,000 characters or fewer."),
    ],
)
def test_a_report_with_mistakes_shows_them_and_saves_nothing(
    lambeth, lambeth_directory, lambeth_editor, fields, error
):
    response = send(lambeth, lambeth_directory.activity, **fields)
    assert response.status_code == 400
    assert error in summary_of(response)
    assert reports_in(lambeth) == []
    assert mail.outbox == []


def test_correcting_a_mistake_quickly_is_not_mistaken_for_a_robot(lambeth, lambeth_directory):
    activity = lambeth_directory.activity
    token = a_minute_ago()
    first = send(lambeth, activity, reason="", **{STARTED_FIELD: token})
    soup = BeautifulSoup(first.content.decode(), "html.parser")
    assert soup.select_one(f"input[name={STARTED_FIELD}]")["value"] == token
    assert send(lambeth, activity, **{STARTED_FIELD: token}).status_code == 302
    assert len(reports_in(lambeth)) == 1


@pytest.mark.parametrize(
    ("robot", "message"),
    [
        ("honeypot filled in", "Sorry, we could not send this form."),
        ("sent too fast", "That was very quick."),
        ("no start time", "That was very quick."),
        ("forged start time", "That was very quick."),
    ],
)
def test_robots_are_turned_away_politely(
    lambeth, lambeth_directory, lambeth_editor, robot, message
):
    activity = lambeth_directory.activity
    fields = {
        "honeypot filled in": {"website": "https://cheap-pills.example.com"},
        "sent too fast": {STARTED_FIELD: started_token()},
        "no start time": {STARTED_FIELD: ""},
        "forged start time": {STARTED_FIELD: a_minute_ago()[:-3] + "abc"},
    }[robot]
    response = send(lambeth, activity, **fields)
    assert response.status_code == 400
    assert message in summary_of(response)
    assert reports_in(lambeth) == []
    assert mail.outbox == []


def test_the_honeypot_is_hidden_from_people(lambeth, lambeth_directory):
    html = client_for(lambeth).get(report_url(lambeth_directory.activity)).content.decode()
    honeypot = BeautifulSoup(html, "html.parser").select_one("input[name=website]")
    assert honeypot.find_parent("div").has_attr("hidden")
    assert honeypot["tabindex"] == "-1" and honeypot["autocomplete"] == "off"


def test_a_form_left_open_for_more_than_a_day_asks_to_send_again(lambeth, lambeth_directory):
    activity = lambeth_directory.activity
    old = started_token(time.time() - 24 * 60 * 60 - 60)
    response = send(lambeth, activity, **{STARTED_FIELD: old})
    assert response.status_code == 400
    assert "This page was open for a long time" in summary_of(response)
    assert reports_in(lambeth) == []


def test_too_many_reports_from_one_address_are_refused_and_nothing_is_saved(
    lambeth, lambeth_directory, lambeth_editor
):
    most, _ = RATE_LIMITS["report-listing"]
    activity = lambeth_directory.activity
    for n in range(most):  # each with its own words: the same report twice is one report
        assert send(lambeth, activity, details=f"Report {n}").status_code == 302
    mail.outbox = []
    response = send(lambeth, activity, details="One report too many")
    assert response.status_code == 429
    assert "You have tried this too many times" in summary_of(response)
    assert len(reports_in(lambeth)) == most
    assert "One report too many" not in [report.details for report in reports_in(lambeth)]
    assert mail.outbox == []


def test_only_live_organisations_activities_and_places_can_be_reported(lambeth, lambeth_directory):
    with inside(lambeth):
        home = Site.objects.get().root_page
        things_to_do = ThingsToDoPage.objects.get()
        about = Page.objects.get(slug="about")
        draft = ActivityPageFactory(parent=lambeth_directory.organisation, live=False)
        missing = Page.objects.order_by("-pk").first().pk + 1000
    for page_id in (home.pk, things_to_do.pk, about.pk, draft.pk, missing):
        client = client_for(lambeth)
        assert client.get(f"/report-a-problem/{page_id}/").status_code == 404
        response = client.post(
            f"/report-a-problem/{page_id}/",
            {"reason": "other", "details": "Hello", STARTED_FIELD: a_minute_ago()},
        )
        assert response.status_code == 404
    assert reports_in(lambeth) == []


def test_southwark_editors_never_hear_about_lambeth_reports(
    lambeth, southwark, lambeth_directory, lambeth_editor
):
    with inside(southwark):
        make_user("editor@southwark.example.org", EDITORS)
    assert send(lambeth, lambeth_directory.place, details="The hall is closed").status_code == 302

    assert [message.to for message in mail.outbox] == [["editor@lambeth.example.org"]]
    assert reports_in(southwark) == []
    # Nor can anyone report a Lambeth listing through Southwark's site.
    response = send(southwark, lambeth_directory.place)
    assert response.status_code == 404


def test_editors_see_reports_in_the_admin_and_mark_them_resolved(
    lambeth, lambeth_directory, lambeth_editor
):
    send(lambeth, lambeth_directory.activity, details="The time changed to 11am.")
    [report] = reports_in(lambeth)
    client = client_for(lambeth)
    with inside(lambeth):
        client.force_login(lambeth_editor)

    def listed(query=""):
        response = client.get(f"/admin/directory/reports/{query}")
        assert response.status_code == 200
        return "Tuesday garden club" in response.content.decode()

    assert "Problem reports" in client.get("/admin/").content.decode(), "in the Directory menu"
    index = client.get("/admin/directory/reports/").content.decode()
    assert "Some details are wrong" in index and "Open" in index
    assert listed() and listed("?status=open") and not listed("?status=resolved")

    edit = client.get(f"/admin/directory/reports/edit/{report.pk}/")
    assert edit.status_code == 200
    assert "The time changed to 11am." in edit.content.decode()
    response = client.post(f"/admin/directory/reports/edit/{report.pk}/", {"status": "resolved"})
    assert response.status_code == 302

    with inside(lambeth):
        report.refresh_from_db()
    assert report.status == ListingReport.Status.RESOLVED
    assert report.resolved_by == lambeth_editor
    assert report.resolved_at is not None
    assert report.details == "The time changed to 11am.", "what the visitor wrote is kept"
    assert listed("?status=resolved") and not listed("?status=open")
    # Reports only ever come from visitors.
    assert client.get("/admin/directory/reports/new/").status_code in (302, 403)


def test_each_editor_reads_the_report_email_in_their_own_admin_language(
    lambeth, lambeth_directory, lambeth_editor
):
    from wagtail.users.models import UserProfile

    with inside(lambeth):
        polish = make_user("polish.editor@lambeth.example.org", EDITORS)
        UserProfile.get_for_user(polish)
        UserProfile.objects.filter(user=polish).update(preferred_language="pl")
    assert send(lambeth, lambeth_directory.activity, reason="wrong-details").status_code == 302

    by_address = {message.to[0]: message for message in mail.outbox}
    assert "Problem: Some details are wrong" in by_address["editor@lambeth.example.org"].body
    polish_email = by_address["polish.editor@lambeth.example.org"]
    assert "Niektóre informacje są błędne" in polish_email.body
    assert "Some details are wrong" not in polish_email.body
