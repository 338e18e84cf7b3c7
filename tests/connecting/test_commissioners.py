"""A Commissioner reads the impact report (page, print, CSV) and nothing else in the admin."""

import datetime
import zoneinfo

import pytest
import time_machine

from wagtail.models import Page

from sites.connecting.factories import ParticipantFactory, ReferralFactory
from sites.core.roles import COMMISSIONERS, STAFF_GROUPS, is_staff
from tests.conftest import inside

from .coaching import PARTICIPANTS, signed_in, user_in

pytestmark = pytest.mark.django_db

REPORT = "/admin/impact-report/"
NOON = datetime.datetime(2026, 3, 2, 12, tzinfo=zoneinfo.ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    with time_machine.travel(NOON, tick=False):
        yield


def _refused(client, url: str) -> bool:
    """Wagtail answers a refusal with a redirect to its dashboard, a 403 or (records) a 404."""
    response = client.get(url)
    return response.status_code in (302, 403, 404)


def test_a_commissioner_reads_the_report_and_nothing_else(lambeth):
    commissioner = user_in(lambeth, COMMISSIONERS, "commissioner")
    with inside(lambeth):
        participant = ParticipantFactory(first_name="Quentin")
        referral = ReferralFactory(first_name="Ottoline")
        about = Page.objects.get(slug="about")
    client = signed_in(lambeth, commissioner)

    dashboard = client.get("/admin/").content.decode()
    assert "Impact report" in dashboard, "in the menu"
    assert client.get(REPORT).status_code == 200
    assert client.get(REPORT + "print/").status_code == 200
    csv = client.get(REPORT + "report.csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")

    for url in (
        PARTICIPANTS,
        f"{PARTICIPANTS}edit/{participant.pk}/",
        f"{PARTICIPANTS}open/",
        "/admin/referrals/",
        f"/admin/referrals/edit/{referral.pk}/",
        f"/admin/pages/{about.pk}/edit/",
        f"/admin/pages/{about.pk}/add_subpage/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/settings/core/brandingsettings/",
        "/admin/settings/connecting/connectingsettings/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/community/moderation/",
    ):
        assert _refused(client, url), url
    for name in ("Quentin", "Ottoline"):
        assert name not in dashboard


def test_commissioners_are_not_staff_of_the_site(lambeth):
    commissioner = user_in(lambeth, COMMISSIONERS, "reader")
    assert COMMISSIONERS not in STAFF_GROUPS
    with inside(lambeth):
        assert not is_staff(commissioner)
