"""The impact report: computed from records, shown only to those who may see it."""

import csv
import datetime
import io
import zoneinfo

import pytest
import time_machine

from django.contrib.auth import get_user_model
from django.test import Client

from sites.connecting.factories import ReferralFactory
from sites.connecting.impact.models import DailyVisitors
from sites.connecting.impact.period import NotAClosedQuarter, Quarter
from sites.connecting.impact.report import build_report
from sites.connecting.impact.selectors import _counted, borough_figures
from sites.connecting.impact.shown import shown_figures
from sites.connecting.impact.views import all_boroughs_report, borough_report
from sites.connecting.models import Referral
from sites.core.roles import BOROUGH_ADMINS, COACHES, CONNECTING_TEAM_LEADS, EDITORS, MODERATORS
from tests.conftest import client_for, inside
from tests.connecting.impact_data import END, EXPECTED, START, build_fixed_year
from tests.connecting.test_admin import signed_in

pytestmark = pytest.mark.django_db

REPORT = "/admin/impact-report/"
PERIOD = "?quarter=2025-Q2"
Q2 = Quarter(2025, 2)
TODAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def in_march_2026():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def fixed_year(lambeth):
    build_fixed_year(lambeth)


def table(report) -> dict:
    return {
        section.title: [(row.label, row.cells) for row in section.rows]
        for section in report.sections
    }


def test_the_report_of_a_fixed_year_is_the_expected_table(lambeth, fixed_year):
    """The counting and the rules over the whole fixed year, so every record of it is in
    (a run of days no report offers: ``borough_figures`` takes closed quarters only)."""
    with inside(lambeth):
        report = build_report(shown_figures(_counted(START, END)), "Lambeth", Q2)
    assert report.scope == "Lambeth"
    assert table(report) == EXPECTED


def test_the_page_shows_the_table_charts_and_links(lambeth, fixed_year):
    client = signed_in(lambeth, CONNECTING_TEAM_LEADS)
    assert "Impact report" in client.get("/admin/").content.decode(), "in the menu"
    page = client.get(REPORT + PERIOD)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lambeth: 1 April 2025 to 30 June 2025" in html
    with inside(lambeth):
        shown = borough_report(lambeth, Q2)
    for section in shown.sections:
        for row in section.rows:
            assert "".join(f"<td>{cell}</td>" for cell in row.cells) in html, row
    assert html.count('<svg class="impact-chart"') == 5, "a chart per section with one"
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html
    assert "Download as CSV" in html and "Print version (A4)" in html


def test_the_csv_holds_the_same_figures(lambeth, fixed_year):
    client = signed_in(lambeth, CONNECTING_TEAM_LEADS)
    response = client.get(REPORT + "report.csv" + PERIOD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "impact-lambeth-2025-04-01-to-2025-06-30.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Section", "Measure", "Column", "Value"]
    assert ["Report", "Scope", "", "Lambeth"] in rows
    with inside(lambeth):
        shown = borough_report(lambeth, Q2)
    for section in shown.sections:
        for row in section.rows:
            for column, cell in zip(section.columns[1:], row.cells, strict=True):
                assert [section.title, row.label, column, cell] in rows
    assert ["What people went on to do", "Exercise", "People", "fewer than 5"] in rows
    # Every figure of the page is in the CSV, and nothing that is hidden there.
    values = [row[3] for row in rows if row[1] != "Note"]
    assert "3" not in values, "the 3 people who took up exercise are not given away"


def test_the_print_version_is_a_plain_a4_document(lambeth, fixed_year):
    client = signed_in(lambeth, CONNECTING_TEAM_LEADS)
    response = client.get(REPORT + "print/" + PERIOD)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Community Connecting: impact report</h1>" in html
    assert "sidebar" not in html, "none of the admin around it"
    assert "connecting/impact.css" in html
    from django.contrib.staticfiles import finders

    with open(finders.find("connecting/impact.css")) as stylesheet:
        assert "size: A4" in stylesheet.read()


@pytest.mark.parametrize(
    "query, message",
    [
        ("?quarter=2025-Q5", "Choose a quarter from the list, like 2025-Q4."),
        ("?quarter=2026-Q1", "The report covers quarters that have ended."),
        ("?quarter=1999-Q4", "Choose a quarter from 2000 on."),
        ("?quarter=", "Choose a quarter."),
        ("?quarter=2025-09-01", "Choose a quarter from the list"),
        ("?quarter=<script>", "Choose a quarter from the list"),
    ],
)
def test_a_bad_period_gets_a_clear_message_and_no_figures(lambeth, query, message):
    client = signed_in(lambeth, CONNECTING_TEAM_LEADS)
    for path in (REPORT, REPORT + "report.csv", REPORT + "print/"):
        response = client.get(path + query)
        assert response.status_code == 400, path
        html = response.content.decode()
        assert message in html
        assert "impact-chart" not in html and "Referred in all" not in html
        assert "<script>" not in html


def test_without_a_period_it_is_the_last_quarter_that_has_ended(lambeth):
    html = signed_in(lambeth, BOROUGH_ADMINS).get(REPORT).content.decode()
    assert "Lambeth: 1 October 2025 to 31 December 2025" in html
    assert '<option value="2025-Q4" selected>October to December 2025</option>' in html
    assert "2026-Q1" not in html, "the quarter not over yet is not offered"


def test_only_whole_quarters_can_be_asked_for_whatever_the_query(lambeth, fixed_year):
    """A run of months of one's choosing (the old start and end) is not a report."""
    client = signed_in(lambeth, CONNECTING_TEAM_LEADS)
    default = client.get(REPORT + "report.csv").content
    for query in ("?start=2025-09-01&end=2025-10-31", "?start=2025-01-01&end=2025-12-31"):
        assert client.get(REPORT + "report.csv" + query).content == default, query
    assert b"2025-10-01" in default and b"2025-12-31" in default


@pytest.mark.parametrize(
    "asked, message",
    [
        ((START, END), "Choose a quarter from the list"),  # a run of days
        ((Quarter(2025, 5),), "Choose a quarter from the list"),
        (("2025-Q1",), "Choose a quarter from the list"),  # a quarter's name, not a quarter
        ((Quarter(1999, 4),), "Choose a quarter from 2000 on."),
        ((Quarter(2026, 1),), "The report covers quarters that have ended."),
    ],
)
def test_the_selector_and_the_reports_take_only_a_closed_quarter(lambeth, asked, message):
    """Not only the form: whoever calls them, the figures are of a closed quarter or none."""
    with inside(lambeth):
        for read in (
            lambda: borough_figures(*asked[:1]),
            lambda: borough_report(lambeth, *asked[:1]),
            lambda: all_boroughs_report(*asked[:1]),
        ):
            with pytest.raises(NotAClosedQuarter, match=message):
                read()
    with pytest.raises(TypeError):
        borough_figures(START, END)  # no second date: a quarter is one argument


@pytest.mark.parametrize("group", [CONNECTING_TEAM_LEADS, BOROUGH_ADMINS])
def test_team_leads_and_borough_admins_see_the_report(lambeth, fixed_year, group):
    response = signed_in(lambeth, group).get(REPORT + PERIOD)
    html = response.content.decode()
    assert response.status_code == 200 and "Referred in all</th><td>" in html


@pytest.mark.parametrize("group", [COACHES, EDITORS, MODERATORS])
def test_coaches_editors_and_moderators_do_not(lambeth, fixed_year, group):
    client = signed_in(lambeth, group)
    assert "Impact report" not in client.get("/admin/").content.decode()
    for path in (REPORT, REPORT + "report.csv", REPORT + "print/"):
        response = client.get(path + PERIOD)
        assert response.status_code in (302, 403), path
        assert "Referred in all" not in response.content.decode()


def test_nobody_signed_out_sees_it(lambeth):
    response = client_for(lambeth).get(REPORT + PERIOD)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_another_boroughs_team_lead_sees_only_their_own(lambeth, southwark, fixed_year):
    with inside(southwark):
        ReferralFactory.create_batch(6, kind="self")
        Referral.objects.update(created_at=datetime.datetime(2025, 11, 10, tzinfo=datetime.UTC))
    html = signed_in(southwark, CONNECTING_TEAM_LEADS).get(REPORT).content.decode()
    assert "Southwark:" in html
    assert '<th scope="row">Referred in all</th><td>5</td>' in html, "6, rounded"
    assert "<td>20</td>" not in html and "<td>58 %</td>" not in html


def test_platform_staff_see_all_boroughs_added_up_and_nothing_else(lambeth, southwark, fixed_year):
    with inside(southwark):
        ReferralFactory.create_batch(3, kind="self")
        Referral.objects.update(created_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC))
    staff = get_user_model().objects.create_user("staff-impact", password="x", is_staff=True)
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff)
    page = client.get("/console/impact/" + PERIOD)
    assert page.status_code == 200
    html = page.content.decode()
    report = all_boroughs_report(Q2)
    assert report.scope == "All boroughs"
    boroughs = {row.label: row.cells for row in report.boroughs.rows}
    assert boroughs["Southwark"][0] == "fewer than 5", "3 referrals in April to June"
    for label, cells in boroughs.items():
        assert f'<th scope="row">{label}</th><td>{cells[0]}</td>' in html
    csv_response = client.get("/console/impact/report.csv" + PERIOD)
    assert csv_response.status_code == 200
    rows = list(csv.reader(io.StringIO(csv_response.content.decode())))
    assert ["Boroughs", "All boroughs", "Referred", boroughs["All boroughs"][0]] in rows


def test_the_console_report_is_for_platform_staff_only(lambeth):
    get_user_model().objects.create_user("member-impact", password="x", is_staff=False)
    client = Client(HTTP_HOST="localhost")
    assert client.get("/console/impact/").status_code == 302
    client.login(username="member-impact", password="x")
    response = client.get("/console/impact/" + PERIOD)
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_the_console_csv_shows_each_boroughs_site_visitors_exactly(lambeth, southwark):
    """Trial: a borough's visitors said "not shown" because another borough had fewer than
    5. Visitors are about no one: every borough's count, and the total, stay exact."""
    with inside(lambeth):
        DailyVisitors.objects.create(day=datetime.date(2025, 5, 10), visitors=222)
    with inside(southwark):
        DailyVisitors.objects.create(day=datetime.date(2025, 6, 1), visitors=3)
    staff = get_user_model().objects.create_user("staff-visitors", password="x", is_staff=True)
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff)
    response = client.get("/console/impact/report.csv" + PERIOD)
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    visitors = {
        measure: value
        for section, measure, column, value in lines
        if (section, column) == ("Boroughs", "Site visitors")
    }
    assert visitors == {"Lambeth": "222", "Southwark": "3", "All boroughs": "225"}
    site = ["The site and its directory", "Site visitors (each counted once a day)", "Number"]
    assert [*site, "225"] in lines
