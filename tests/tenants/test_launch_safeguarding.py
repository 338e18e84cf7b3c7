"""Launch asks for the safeguarding lead: recorded in the new borough's settings, checked
like every other email, and optional (without it, cases go to the Borough admins)."""

import io

import pytest

from django.core.management import call_command

from wagtail.models import Site

from search.services import delete_borough_indexes
from sites.community.models import CommunitySettings
from tenants.media import delete_media_location
from tenants.models import Borough
from tenants.services import LaunchError, LaunchRequest, launch_borough
from tests.conftest import inside

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _remove_what_rollback_cannot():
    yield
    delete_media_location("croydon")
    delete_borough_indexes("croydon")


def test_the_launch_command_records_the_safeguarding_lead():
    out = io.StringIO()
    call_command(
        "launch_borough",
        "croydon",
        name="Croydon",
        domain="croydon.localhost",
        admin_email="lead@croydon.example.org",
        safeguarding_email=" safe@croydon.example.org ",
        safeguarding_name="Pat Lead",
        safeguarding_phone="020 8000 0000",
        stdout=out,
    )
    borough = Borough.objects.get(slug="croydon")
    with inside(borough):
        community = CommunitySettings.for_site(Site.objects.get(is_default_site=True))
        assert (
            community.safeguarding_lead_name,
            community.safeguarding_email,
            community.safeguarding_lead_phone,
        ) == ("Pat Lead", "safe@croydon.example.org", "020 8000 0000")
        assert community.safeguarding_escalate_after_hours == 4
    assert "No safeguarding lead" not in out.getvalue()


def test_a_bad_safeguarding_email_is_refused_and_nothing_is_created():
    with pytest.raises(LaunchError) as raised:
        launch_borough(
            LaunchRequest(
                slug="croydon",
                name="Croydon",
                domain="croydon.localhost",
                admin_email="lead@croydon.example.org",
                safeguarding_email="safe@",
            )
        )
    assert "not a valid email" in " ".join(raised.value.field_errors["safeguarding_email"])
    assert not Borough.objects.filter(slug="croydon").exists()
