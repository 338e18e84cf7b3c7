"""Members' pictures: group organisers and event posters add a picture with its words;
bad files and missing words are refused with nothing saved; an untrusted member's
picture waits for a check; nothing crosses to another borough."""

import io

import pytest
from PIL import Image as PillowImage

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.images import get_image_model

from sites.community.models import CommunityGroup, Event
from sites.community.services import events as event_service
from sites.core.picture_upload import MEMBERS_COLLECTION
from tests.conftest import client_for, inside

from .conftest import make_group, make_member, page_text, signed_in
from .test_events import form_data

pytestmark = pytest.mark.django_db

ALT = "Six people knitting round a table in the library"


def photo(name="knitting.png", kind="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (64, 48), "teal").save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{kind.lower()}")


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def images(borough) -> int:
    with inside(borough):
        return get_image_model().objects.count()


def shown_alts(response) -> list[str]:
    from bs4 import BeautifulSoup

    return [img.get("alt") for img in BeautifulSoup(response.content, "html.parser")("img")]


@pytest.fixture
def trusted(lambeth):
    return make_member(lambeth, display_name="Tess", is_trusted=True)


def set_group_picture(borough, user, group, **data):
    return signed_in(borough, user).post(f"/groups/{group.slug}/picture/", data)


def test_an_organiser_adds_a_picture_shown_with_its_words(lambeth, trusted):
    group = make_group(lambeth, organiser=trusted, name="Knit and natter")
    form = signed_in(lambeth, trusted).get(f"/groups/{group.slug}/picture/")
    assert 'enctype="multipart/form-data"' in form.content.decode()

    response = set_group_picture(
        lambeth, trusted, group, picture=photo(), picture_alt_text=f"  {ALT} "
    )
    assert response.status_code == 302
    with inside(lambeth):
        image = get_image_model().objects.get()
        assert image.collection.name == MEMBERS_COLLECTION
    assert ALT in shown_alts(client_for(lambeth).get(f"/groups/{group.slug}/"))
    assert ALT in shown_alts(client_for(lambeth).get("/groups/"))


@pytest.mark.parametrize(
    "upload, alt, message",
    [
        (photo, "", "Say what the picture shows"),
        (lambda: SimpleUploadedFile("x.svg", SVG, "image/svg+xml"), ALT, "JPG, PNG or WebP"),
        (lambda: SimpleUploadedFile("x.png", b"just words", "image/png"), ALT, "JPG, PNG or WebP"),
        (lambda: photo("old.gif", "GIF"), ALT, "JPG, PNG or WebP"),
    ],
)
def test_bad_pictures_and_missing_words_are_refused_and_nothing_is_saved(
    lambeth, trusted, upload, alt, message
):
    group = make_group(lambeth, organiser=trusted)
    response = set_group_picture(lambeth, trusted, group, picture=upload(), picture_alt_text=alt)
    assert response.status_code == 400
    assert message in page_text(response)
    assert images(lambeth) == 0
    with inside(lambeth):
        group.refresh_from_db()
        assert group.picture is None and group.picture_alt_text == ""


def test_only_organisers_can_change_the_picture(lambeth, trusted, lambeth_other_member):
    group = make_group(lambeth, organiser=trusted, members=[lambeth_other_member])
    response = set_group_picture(
        lambeth, lambeth_other_member, group, picture=photo(), picture_alt_text=ALT
    )
    assert response.status_code == 404
    assert images(lambeth) == 0


def test_an_untrusted_organisers_picture_waits_for_an_editor(
    lambeth, lambeth_member, lambeth_editor
):
    group = make_group(lambeth, organiser=lambeth_member, name="Knit and natter")
    response = set_group_picture(
        lambeth, lambeth_member, group, picture=photo(), picture_alt_text=ALT
    )
    assert response.status_code == 302
    assert ALT not in shown_alts(client_for(lambeth).get(f"/groups/{group.slug}/"))
    assert ALT not in shown_alts(client_for(lambeth).get("/groups/"))
    # The organiser sees it waiting on the picture page.
    own = signed_in(lambeth, lambeth_member).get(f"/groups/{group.slug}/picture/")
    assert "waiting for an Editor" in page_text(own) and ALT in shown_alts(own)

    with inside(lambeth):
        admin_url = reverse("community_moderation_groups")
    editor = signed_in(lambeth, lambeth_editor)
    assert ALT in shown_alts(editor.get(admin_url))
    decided = editor.post(admin_url, {"group": group.pk, "picture_decision": "show"})
    assert decided.status_code == 302
    assert ALT in shown_alts(client_for(lambeth).get(f"/groups/{group.slug}/"))
    # New words from the same organiser are checked again before they show.
    set_group_picture(lambeth, lambeth_member, group, picture_alt_text="Rude words")
    assert shown_alts(client_for(lambeth).get(f"/groups/{group.slug}/")).count("Rude words") == 0


def test_an_editor_can_remove_a_waiting_picture(lambeth, lambeth_member, lambeth_editor):
    group = make_group(lambeth, organiser=lambeth_member)
    set_group_picture(lambeth, lambeth_member, group, picture=photo(), picture_alt_text=ALT)
    with inside(lambeth):
        admin_url = reverse("community_moderation_groups")
    signed_in(lambeth, lambeth_editor).post(
        admin_url, {"group": group.pk, "picture_decision": "remove"}
    )
    with inside(lambeth):
        group.refresh_from_db()
        assert group.picture is None and not group.picture_held


def test_removing_the_picture(lambeth, trusted):
    group = make_group(lambeth, organiser=trusted)
    set_group_picture(lambeth, trusted, group, picture=photo(), picture_alt_text=ALT)
    url = f"/groups/{group.slug}/picture/"
    page = signed_in(lambeth, trusted).get(url)
    assert "Remove the picture" in page_text(page)
    # Keeping the picture still needs its words.
    kept = set_group_picture(lambeth, trusted, group, picture_alt_text="")
    assert kept.status_code == 400 and "Say what the picture shows" in page_text(kept)

    assert set_group_picture(lambeth, trusted, group, remove_picture="on").status_code == 302
    with inside(lambeth):
        group = CommunityGroup.objects.get(pk=group.pk)
        assert group.picture is None and group.picture_alt_text == ""
    assert ALT not in shown_alts(client_for(lambeth).get(f"/groups/{group.slug}/"))


def test_another_borough_never_sees_the_picture(lambeth, southwark, trusted):
    group = make_group(lambeth, organiser=trusted)
    set_group_picture(lambeth, trusted, group, picture=photo(), picture_alt_text=ALT)
    assert images(lambeth) == 1
    assert images(southwark) == 0
    assert ALT not in shown_alts(client_for(southwark).get("/groups/"))
    assert client_for(southwark).get(f"/groups/{group.slug}/").status_code == 404


# --- Events ---------------------------------------------------------------------------------


def test_a_trusted_organisers_event_picture_shows_at_once(lambeth, trusted):
    group = make_group(lambeth, organiser=trusted)
    client = signed_in(lambeth, trusted)
    assert 'enctype="multipart/form-data"' in client.get("/events/new/").content.decode()
    data = form_data(host=f"group-{group.pk}", picture_alt_text=ALT)
    response = client.post("/events/new/", {**data, "picture": photo()})
    assert response.status_code == 302
    with inside(lambeth):
        event = Event.objects.get()
        assert event.status == Event.Status.PUBLISHED and event.picture is not None
    assert ALT in shown_alts(client_for(lambeth).get(f"/events/{event.slug}/"))


def test_an_event_picture_without_words_saves_nothing(lambeth, trusted):
    group = make_group(lambeth, organiser=trusted)
    data = form_data(host=f"group-{group.pk}", picture_alt_text="")
    response = signed_in(lambeth, trusted).post("/events/new/", {**data, "picture": photo()})
    assert response.status_code == 400
    assert "Say what the picture shows" in page_text(response)
    assert images(lambeth) == 0
    with inside(lambeth):
        assert not Event.objects.exists()


def test_an_untrusted_members_event_picture_is_checked_with_the_event(
    lambeth, lambeth_member, lambeth_moderator
):
    group = make_group(lambeth, organiser=lambeth_member)
    data = form_data(host=f"group-{group.pk}", picture_alt_text=ALT)
    signed_in(lambeth, lambeth_member).post("/events/new/", {**data, "picture": photo()})
    with inside(lambeth):
        event = Event.objects.get()
        assert event.status == Event.Status.HELD
    assert client_for(lambeth).get(f"/events/{event.slug}/").status_code == 404
    with inside(lambeth):
        event_service.approve_event(lambeth_moderator, event)
    assert ALT in shown_alts(client_for(lambeth).get(f"/events/{event.slug}/"))


def test_editing_an_event_replaces_and_removes_its_picture(lambeth, trusted):
    group = make_group(lambeth, organiser=trusted)
    client = signed_in(lambeth, trusted)
    data = form_data(host=f"group-{group.pk}", picture_alt_text=ALT)
    client.post("/events/new/", {**data, "picture": photo()})
    with inside(lambeth):
        event = Event.objects.get()
    edit = f"/events/{event.slug}/edit/"
    assert "Remove the picture" in page_text(client.get(edit))
    changed = {**form_data(picture_alt_text="A teal square"), "picture": photo("new.jpg", "JPEG")}
    assert client.post(edit, changed).status_code == 302
    assert "A teal square" in shown_alts(client_for(lambeth).get(f"/events/{event.slug}/"))
    assert client.post(edit, form_data(remove_picture="on")).status_code == 302
    with inside(lambeth):
        event.refresh_from_db()
        assert event.picture is None
    page = client_for(lambeth).get(f"/events/{event.slug}/")
    assert "A teal square" not in shown_alts(page)
