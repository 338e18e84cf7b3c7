"""A borough admin's form whose StreamField arrived in part (no ``-count``, a garbled
count, a block without its type or order) comes back with "This form was not sent in
full. Please try again." on that field, and nothing is saved: never a server error
(wagtail/wagtail #11920). Through the real admin views, for a setting and a page."""

import pytest

from wagtail.models import Site

from sites.connecting.models import ConnectingSettings
from sites.core.roles import BOROUGH_ADMINS
from sites.core.stream_forms import NOT_SENT_IN_FULL
from sites.standard.models import StandardPage
from tests.community.conftest import make_staff, signed_in
from tests.conftest import inside

pytestmark = pytest.mark.django_db

# Ways a StreamField ("body") can arrive in part, as the form's other fields stand; a
# block's type is one the field has (a paragraph in a page's body, a point in Easy Read).
SENT_IN_PART = {
    "no count": {},
    "a count that is not a number": {"body-count": "many"},
    "an empty count": {"body-count": ""},
    "a block with nothing else": {"body-count": "1"},
    "a block without its order": {
        "body-count": "1",
        "body-0-deleted": "",
        "body-0-type": "{type}",
        "body-0-value": "<p>Hello</p>",
    },
    "a block with a garbled order": {
        "body-count": "1",
        "body-0-deleted": "",
        "body-0-type": "{type}",
        "body-0-order": "first",
        "body-0-value": "<p>Hello</p>",
    },
}
WHOLE = {"body-count": "0"}


@pytest.fixture
def admin_client(lambeth):
    return signed_in(lambeth, make_staff(lambeth, "stream-admin@x.example", BOROUGH_ADMINS))


def _renamed(stream: dict, name: str, block_type: str) -> dict:
    return {
        key.replace("body", name, 1): value.replace("{type}", block_type)
        for key, value in stream.items()
    }


def _settings_form(days: int, stream: dict) -> dict:
    return {
        "reminder_working_days": str(days),
        "swemwbs_registration_reference": "",
        "questionnaire_link_days": "14",
        "anonymise_after_months": "24",
        **_renamed(stream, "get_support_easy_read", "point"),
    }


def _settings(lambeth) -> tuple[str, int]:
    with inside(lambeth):
        site = Site.objects.get(is_default_site=True)
        days = ConnectingSettings.for_site(site).reminder_working_days
    return f"/admin/settings/connecting/connectingsettings/{site.pk}/", days


@pytest.mark.parametrize("stream", SENT_IN_PART.values(), ids=SENT_IN_PART.keys())
def test_a_setting_sent_in_part_is_refused_and_nothing_changes(lambeth, admin_client, stream):
    url, days = _settings(lambeth)
    response = admin_client.post(url, _settings_form(days + 1, stream))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["get_support_easy_read"], errors
    assert str(NOT_SENT_IN_FULL) in response.content.decode()
    with inside(lambeth):
        assert ConnectingSettings.for_site(Site.objects.get()).reminder_working_days == days


def test_the_same_setting_sent_in_full_is_saved(lambeth, admin_client):
    url, days = _settings(lambeth)
    response = admin_client.post(url, _settings_form(days + 1, WHOLE))
    assert response.status_code == 302, response.context["form"].errors
    with inside(lambeth):
        assert ConnectingSettings.for_site(Site.objects.get()).reminder_working_days == days + 1


def _page_form(title: str, slug: str, stream: dict) -> dict:
    return {
        "title": title,
        "slug": slug,
        "summary": "",
        **_renamed(stream, "body", "paragraph"),
        "easy_read-count": "0",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }


def _page(lambeth):
    with inside(lambeth):
        page = StandardPage.objects.get(kind="community_connecting")
        return page, page.revisions.count()


@pytest.mark.parametrize("stream", SENT_IN_PART.values(), ids=SENT_IN_PART.keys())
def test_a_page_sent_in_part_is_refused_and_nothing_changes(lambeth, admin_client, stream):
    page, revisions = _page(lambeth)
    url = f"/admin/pages/{page.pk}/edit/"
    response = admin_client.post(url, _page_form("A new title", page.slug, stream))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["body"], errors
    assert str(NOT_SENT_IN_FULL) in response.content.decode()
    with inside(lambeth):
        page.refresh_from_db()
        assert page.draft_title != "A new title"
        assert page.revisions.count() == revisions


def test_the_same_page_sent_in_full_is_saved(lambeth, admin_client):
    page, revisions = _page(lambeth)
    url = f"/admin/pages/{page.pk}/edit/"
    response = admin_client.post(url, _page_form("A new title", page.slug, WHOLE))
    assert response.status_code == 302, response.context["form"].errors
    with inside(lambeth):
        page.refresh_from_db()
        assert page.revisions.count() == revisions + 1
        assert page.get_latest_revision().as_object().title == "A new title"
