"""Borough settings in the Wagtail admin, as a Borough admin saves them: a number out of
range or a hand-made value is sent back with a message that says what to type, and
nothing changes (never a server error)."""

import re

import pytest

from wagtail.models import Site

from search.models import SearchSettings
from sites.community.models import CommunitySettings
from sites.connecting.models import ConnectingSettings
from sites.core.factories import PictureFactory
from sites.core.models import BrandingSettings
from sites.core.roles import BOROUGH_ADMINS
from sites.directory.models import DirectorySettings
from tests.community.conftest import make_staff, signed_in
from tests.conftest import inside

pytestmark = pytest.mark.django_db

# (settings, field, its real lowest and highest value)
NUMBERS = [
    (DirectorySettings, "reminder_after_months", 1, 36),
    (DirectorySettings, "hide_after_months", 2, 48),
    (ConnectingSettings, "reminder_working_days", 1, 30),
    (ConnectingSettings, "questionnaire_link_days", 1, 60),
    (ConnectingSettings, "anonymise_after_months", 1, 120),
    (CommunitySettings, "safeguarding_escalate_after_hours", 1, 168),
    (SearchSettings, "demand_months", 1, 36),
]


# What each form needs besides its fields, as a browser sends it (empty StreamFields).
STREAMS = {ConnectingSettings: {"get_support_easy_read-count": "0"}}


@pytest.fixture
def admin_client(lambeth):
    return signed_in(lambeth, make_staff(lambeth, "settings-admin@x.example", BOROUGH_ADMINS))


def edit_url(lambeth, model) -> str:
    meta = model._meta
    with inside(lambeth):
        key = (
            model.load().pk
            if model is SearchSettings
            else Site.objects.get(is_default_site=True).pk
        )
    return f"/admin/settings/{meta.app_label}/{meta.model_name}/{key}/"


def stored(lambeth, model, field):
    with inside(lambeth):
        setting = (
            model.load()
            if model is SearchSettings
            else model.for_site(Site.objects.get(is_default_site=True))
        )
        return getattr(setting, field)


def out_of_range():
    for model, field, lowest, highest in NUMBERS:
        for typed in {-1, 0, lowest - 1}:
            yield model, field, str(typed), f"Enter {lowest} or more."
        for typed in (highest + 1, 99999999999):
            yield model, field, str(typed), f"Enter {highest} or less."


@pytest.mark.parametrize(("model", "field", "typed", "message"), list(out_of_range()))
def test_a_number_out_of_range_is_told_its_real_limit_the_first_time(
    lambeth, admin_client, model, field, typed, message
):
    before = stored(lambeth, model, field)
    response = admin_client.post(edit_url(lambeth, model), {field: typed, **STREAMS.get(model, {})})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert stored(lambeth, model, field) == before


@pytest.mark.parametrize(("model", "field", "lowest", "highest"), NUMBERS)
def test_the_number_box_carries_the_real_limits(
    lambeth, admin_client, model, field, lowest, highest
):
    html = admin_client.get(edit_url(lambeth, model)).content.decode()
    box = re.search(rf'<input type="number" name="{field}"[^>]*>', html).group(0)
    assert f'min="{lowest}"' in box and f'max="{highest}"' in box


def branding_form(**changes) -> dict:
    return {
        "site_name": "A new name",
        "logo": "",
        "logo_alt_text": "",
        "primary_colour": "#1d4f91",
        "highlight_colour": "#ffdd00",
        "footer_links-count": "0",
        **changes,
    }


@pytest.mark.parametrize("logo", ["abc", "1.5", "-1", "99999999999", "999999999999999999999"])
def test_a_hand_made_logo_is_refused_and_nothing_changes(lambeth, admin_client, logo):
    with inside(lambeth):
        site = Site.objects.get(is_default_site=True)
        before = BrandingSettings.for_site(site).site_name
    url = f"/admin/settings/core/brandingsettings/{site.pk}/"
    response = admin_client.post(url, branding_form(logo=logo))
    assert response.status_code == 200
    assert response.context["form"].errors["logo"] == [
        "That picture is not in the image library. Choose the picture again."
    ]
    with inside(lambeth):
        assert BrandingSettings.for_site(site).site_name == before


def test_branding_with_a_real_logo_or_none_is_saved(lambeth, admin_client):
    with inside(lambeth):
        site = Site.objects.get(is_default_site=True)
        picture = PictureFactory()
    url = f"/admin/settings/core/brandingsettings/{site.pk}/"
    response = admin_client.post(url, branding_form(logo=picture.pk, logo_alt_text="Our logo"))
    assert response.status_code == 302, response.context["form"].errors
    with inside(lambeth):
        branding = BrandingSettings.for_site(site)
        assert (branding.site_name, branding.logo_id) == ("A new name", picture.pk)
