"""seed_demo builds the six demo boroughs from factories, and a second run changes nothing."""

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail.models import Page, Revision, Site

from search.services import delete_borough_indexes
from sites.core.demo import DEMO_BOROUGHS
from sites.core.models import BrandingSettings
from tenants.media import delete_media_location
from tenants.models import Borough
from tests.conftest import client_for, inside

SESSION_SLUGS = {"lambeth", "southwark"}


@pytest.fixture
def _clean_outside_the_database():
    yield
    for demo in DEMO_BOROUGHS:
        if demo.slug not in SESSION_SLUGS:
            delete_media_location(demo.slug)
            delete_borough_indexes(demo.slug)


def state_of_every_borough() -> dict:
    state = {"staff": get_user_model().objects.filter(is_staff=True).count()}
    for borough in Borough.objects.order_by("slug"):
        with inside(borough):
            site = Site.objects.get()
            state[borough.slug] = {
                "pages": sorted(Page.objects.values_list("title", "url_path", "live")),
                "revisions": Revision.objects.count(),
                "users": get_user_model().objects.count(),
                "branding": BrandingSettings.for_site(site).contact_phone,
            }
    return state


@pytest.mark.django_db
@pytest.mark.usefixtures("_clean_outside_the_database")
def test_seed_demo_creates_six_boroughs_with_content_and_is_idempotent():
    call_command("seed_demo", verbosity=0)
    boroughs = Borough.objects.filter(status=Borough.Status.LIVE)
    assert {b.slug for b in boroughs} == {
        "lambeth",
        "southwark",
        "ealing",
        "bromley",
        "brent",
        "hounslow",
    }
    first = state_of_every_borough()

    call_command("seed_demo", verbosity=0)

    assert state_of_every_borough() == first
    for demo in DEMO_BOROUGHS:
        assert len(first[demo.slug]["pages"]) >= 6
        assert first[demo.slug]["branding"] == demo.phone
        page = client_for(f"{demo.slug}.localhost").get("/community-connecting/")
        assert page.status_code == 200
        assert demo.neighbourhoods[0] in page.content.decode()
