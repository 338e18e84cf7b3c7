"""Editors write Easy Read in the admin: an "Easy Read" tab on the key pages and
listings, the Community menu's "in simple words" screens for groups and events, a
picture never without its words, and warnings (never refusals) for long sentences and
points without a picture. The demo boroughs get real Easy Read text."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from sites.community.factories import CommunityGroupFactory, EventFactory
from sites.community.models import CommunityGroup, Event
from sites.connecting.models import ConnectingSettings
from sites.core.easyread.advice import easy_read_advice, sentences
from sites.core.easyread.blocks import EasyReadBlock
from sites.core.factories import PictureFactory, easy_read_points
from sites.core.pictures import ALT_TEXT_REQUIRED
from sites.core.roles import EDITORS, MODERATORS
from sites.core.wagtail_hooks import advise_on_easy_read
from sites.demo.easy_read import seed_easy_read
from sites.directory.factories import ActivityPageFactory, OrganisationPageFactory
from sites.directory.models import ActivityPage, OrganisationIndexPage
from sites.standard.models import StandardPage
from tests.community.conftest import make_staff
from tests.conftest import client_for, inside

LONG = "This sentence has far too many words in it for a person who finds reading hard."


def test_a_picture_without_words_is_refused(lambeth):
    block = EasyReadBlock()
    with inside(lambeth):
        picture = PictureFactory()
        value = block.to_python(
            [{"type": "point", "value": {"text": "Hi.", "picture": picture.pk}}]
        )
        with pytest.raises(ValidationError) as refused:
            block.clean(value)
        described = block.to_python(
            [
                {
                    "type": "point",
                    "value": {"text": "Hi.", "picture": picture.pk, "alt_text": "A wave"},
                }
            ]
        )
        block.clean(described)  # with its words it is fine
    assert ALT_TEXT_REQUIRED in str(refused.value.as_json_data())


def test_sentences_are_lines_and_full_stops():
    assert sentences("It is free. Come along!\nBring a friend") == [
        "It is free.",
        "Come along!",
        "Bring a friend",
    ]


def test_long_sentences_and_points_without_a_picture_are_pointed_out(lambeth):
    block = EasyReadBlock()
    with inside(lambeth):
        points = block.to_python(
            [
                {"type": "point", "value": {"text": f"Short one.\n{LONG}"}},
                {
                    "type": "point",
                    "value": {
                        "text": "All fine here.",
                        "picture": PictureFactory().pk,
                        "alt_text": "A cup of tea",
                    },
                },
            ]
        )
        advice = easy_read_advice(points)
    assert len(advice) == 2
    assert (
        advice[0].startswith("Point 1: “This sentence has far too many words")
        and "16 words" in (advice[0])
    )
    assert advice[1] == "Point 1 has no picture. Add one to go beside it."


def _request_with_messages(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_saving_a_page_warns_but_keeps_what_was_written(lambeth):
    editor = make_staff(lambeth, "easy-editor@lambeth.example.org", EDITORS)
    with inside(lambeth):
        page = StandardPage.objects.get(kind=StandardPage.Kind.PRIVACY)
        page.easy_read = easy_read_points(LONG)
        page.save_revision().publish()
        request = _request_with_messages(editor)
        advise_on_easy_read(request, page)
        page.easy_read = easy_read_points("We keep it safe.")
        quiet = _request_with_messages(editor)
        advise_on_easy_read(quiet, page)
    [warning] = list(get_messages(request))
    assert warning.level_tag == "warning"
    assert "Easy Read version could be easier to read (1 thing to look at)" in warning.message
    assert not list(get_messages(quiet))


def test_key_pages_and_listings_have_an_easy_read_tab_in_the_editor(lambeth):
    editor = make_staff(lambeth, "tabs-editor@lambeth.example.org", EDITORS)
    client = client_for(lambeth)
    with inside(lambeth):
        client.force_login(editor)
        home = Site.objects.get(is_default_site=True).root_page
        organisation = OrganisationPageFactory(parent=OrganisationIndexPage.objects.get())
        activity = ActivityPageFactory(parent=organisation)
        pages = [home, StandardPage.objects.get(kind="community_connecting"), activity]
    for page in pages:
        html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        assert ">Easy Read<" in html or "Easy Read\n" in html, page
        assert 'name="easy_read-count"' in html or "easy_read" in html
    assert ActivityPage._meta.get_field("easy_read").verbose_name == "In simple words"


def test_editors_write_a_groups_summary_in_simple_words_and_nothing_else(lambeth):
    editor = make_staff(lambeth, "groups-editor@lambeth.example.org", EDITORS)
    moderator = make_staff(lambeth, "groups-moderator@lambeth.example.org", MODERATORS)
    with inside(lambeth):
        group = CommunityGroupFactory(name="Tea and talk")
        picture = PictureFactory()
    client, other = client_for(lambeth), client_for(lambeth)
    with inside(lambeth):
        client.force_login(editor)
        other.force_login(moderator)
    edit = f"/admin/community/simple-words/groups/edit/{group.pk}/"
    assert client.get("/admin/community/simple-words/groups/").status_code == 200
    form = nested_form_data(
        {
            "easy_read": streamfield(
                [("point", {"text": "We drink tea.", "picture": picture.pk, "alt_text": "A cup"})]
            )
        }
    )
    saved = client.post(edit, form)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    with inside(lambeth):
        group.refresh_from_db()
        assert group.easy_read[0].value["text"] == "We drink tea."
        assert group.name == "Tea and talk" and group.status == CommunityGroup.Status.APPROVED
    # No adding or deleting groups here; moderators do not write summaries.
    assert client.get("/admin/community/simple-words/groups/new/").status_code in (302, 403)
    assert other.get(edit).status_code in (302, 403)


def test_the_demo_boroughs_get_easy_read_for_key_pages_and_listings(lambeth):
    with inside(lambeth):
        organisation = OrganisationPageFactory(parent=OrganisationIndexPage.objects.get())
        activity = ActivityPageFactory(parent=organisation, title="Knit and natter")
        group = CommunityGroupFactory(name="Sunday walkers")
        first = seed_easy_read(lambeth)
        again = seed_easy_read(lambeth)
        home = Site.objects.get(is_default_site=True).root_page.specific
        help_page = StandardPage.objects.get(kind="help")
        privacy = StandardPage.objects.get(kind="privacy")
        get_support = ConnectingSettings.for_site(Site.objects.get(is_default_site=True))
        activity.refresh_from_db()
        group.refresh_from_db()
        every = [home.easy_read, help_page.easy_read, get_support.get_support_easy_read]
        every += [privacy.easy_read]
        every += [activity.easy_read, group.easy_read]
        for points in every:
            assert points, "written"
            for point in points:
                assert point.value["picture"] and point.value["alt_text"].strip()
            assert not easy_read_advice(points), "the demo follows its own advice"
    assert first.pages == 5 and first.listings == 3
    assert again.total == 0, "a second run adds nothing"
    assert "Knit and natter is a group in Lambeth." in activity.easy_read[0].value["text"]
    # Shown to a visitor who turns Easy Read on, published (not only in a draft).
    client = client_for(lambeth)
    client.get("/", {"easyread": "on"})
    assert (
        "This website helps you find things to do in Lambeth." in client.get("/").content.decode()
    )


def test_the_demo_events_easy_read_gives_the_date_and_time_in_words(lambeth):
    london = ZoneInfo("Europe/London")
    with inside(lambeth):
        once = EventFactory(
            title="Summer fair",
            starts_at=datetime.datetime(2030, 5, 4, 14, tzinfo=london),
            ends_at=datetime.datetime(2030, 5, 4, 16, tzinfo=london),
        )
        weekly = EventFactory(
            title="Tea club",
            starts_at=datetime.datetime(2030, 5, 7, 10, 30, tzinfo=london),
            ends_at=datetime.datetime(2030, 5, 7, 12, tzinfo=london),
            repeat=Event.Repeat.WEEKLY,
            repeat_until=datetime.date(2030, 6, 25),
        )
        seed_easy_read(lambeth)
        once.refresh_from_db()
        weekly.refresh_from_db()
        assert not easy_read_advice(once.easy_read) and not easy_read_advice(weekly.easy_read)
    assert once.easy_read[0].value["text"].splitlines() == [
        "Summer fair is an event.",
        "It is on Saturday 4 May.",
        "It starts at 2pm and ends at 4pm.",
    ]
    assert weekly.easy_read[0].value["text"].splitlines() == [
        "Tea club is an event.",
        "It is every Tuesday.",
        "The first one is on Tuesday 7 May.",
        "The last one is on Tuesday 25 June.",
        "It starts at 10:30am and ends at 12 noon.",
    ]
