"""Pictures with words: the borough's logo (SVG or PNG) in the header, and an optional
picture on organisations, activities, places, events and groups, shown on their pages
and in lists, lazy-loaded and sized; a picture without a description is refused."""

import re

import pytest

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from wagtail.images import get_image_model
from wagtail.models import Site

from sites.community.events.links import event_url
from sites.community.factories import CommunityGroupFactory, EventFactory
from sites.community.groups.links import group_url
from sites.community.models import EventIndexPage, GroupIndexPage
from sites.core.factories import PictureFactory
from sites.core.models import BrandingSettings
from sites.core.pictures import ALT_TEXT_REQUIRED
from sites.directory.factories import (
    ActivityPageFactory,
    ActivityScheduleFactory,
    OrganisationPageFactory,
    PlacePageFactory,
)
from sites.directory.models import OrganisationIndexPage, PlaceIndexPage, ThingsToDoPage
from tests.conftest import client_for, inside

ALT = "People chatting around a table with cups of tea"  # the factories' description
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
    b'<rect width="120" height="40" fill="#1d4f91"/></svg>'
)


def _img_tags(html: str, alt: str) -> list[str]:
    return [tag for tag in re.findall(r"<img [^>]*>", html) if f'alt="{alt}"' in tag]


def _sized_and_lazy(tag: str) -> bool:
    return all(f' {name}="' in tag for name in ("width", "height")) and 'loading="lazy"' in tag


def test_a_logo_without_a_description_is_refused(lambeth):
    with inside(lambeth):
        branding = BrandingSettings.for_site(Site.objects.get(is_default_site=True))
        branding.logo = PictureFactory()
        branding.logo_alt_text = " "
        with pytest.raises(ValidationError) as refused:
            branding.full_clean()
    assert refused.value.message_dict == {"logo_alt_text": [ALT_TEXT_REQUIRED]}


def test_an_svg_logo_is_shown_in_the_header_with_its_description(lambeth):
    with inside(lambeth):
        logo = get_image_model()(title="Lambeth logo")
        logo.file.save("lambeth-logo.svg", ContentFile(SVG), save=False)
        # As Wagtail's upload form does for an SVG, which Pillow cannot measure.
        logo.width, logo.height = 120, 40
        logo.save()
        branding = BrandingSettings.for_site(Site.objects.get(is_default_site=True))
        branding.logo, branding.logo_alt_text = logo, "Lambeth Council"
        branding.full_clean()
        branding.save()
    html = client_for(lambeth).get("/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    [tag] = _img_tags(header, "Lambeth Council")
    assert ".svg" in tag and 'height="' in tag


def test_a_picture_without_a_description_is_refused(lambeth):
    with inside(lambeth):
        organisation = OrganisationPageFactory(parent=OrganisationIndexPage.objects.get())
        organisation.picture = PictureFactory()
        with pytest.raises(ValidationError) as refused:
            organisation.full_clean()
        event = EventFactory.build(picture=PictureFactory(), picture_alt_text="")
        with pytest.raises(ValidationError):
            event.clean()
    assert refused.value.message_dict["picture_alt_text"] == [ALT_TEXT_REQUIRED]


def _picture(kind: str) -> dict:
    return {"with_picture": True, "picture_alt_text": f"A picture of the {kind}"}


@pytest.fixture
def pictured(lambeth) -> dict:
    """One of each kind of listing with a picture, and the lists that show them."""
    with inside(lambeth):
        organisation = OrganisationPageFactory(
            parent=OrganisationIndexPage.objects.get(), **_picture("organisation")
        )
        place = PlacePageFactory(parent=PlaceIndexPage.objects.get(), **_picture("place"))
        activity = ActivityPageFactory(parent=organisation, place=place, **_picture("activity"))
        ActivityScheduleFactory(activity=activity, weekday=2)
        event = EventFactory(status="published", **_picture("event"))
        group = CommunityGroupFactory(**_picture("group"))
        return {
            "organisation": [organisation.url, OrganisationIndexPage.objects.get().url],
            "place": [place.url, PlaceIndexPage.objects.get().url],
            "activity": [activity.url, ThingsToDoPage.objects.get().url],
            "event": [event_url(event), EventIndexPage.objects.get().url],
            "group": [group_url(group), GroupIndexPage.objects.get().url],
        }


@pytest.mark.parametrize("kind", ["organisation", "place", "activity", "event", "group"])
def test_a_picture_is_shown_on_the_page_and_in_the_list(lambeth, pictured, kind):
    client = client_for(lambeth)
    for url in pictured[kind]:
        response = client.get(url)
        assert response.status_code == 200, url
        alt = f"A picture of the {kind}"
        tags = _img_tags(response.content.decode(), alt)
        assert len(tags) == 1, f"{url} shows {len(tags)} pictures described {alt!r}"
        assert _sized_and_lazy(tags[0]), f"{url}: {tags[0]}"
