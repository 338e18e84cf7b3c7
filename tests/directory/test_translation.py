"""Editors translate listings with wagtail-localize: strings translated, the rest copied
from the English page on every sync, each language published on its own."""

import datetime

import pytest

from django.test import TestCase

from wagtail.models import Locale, Page
from wagtail_localize.fields import get_translatable_fields
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from sites.community.models import DiscussionIndexPage, EventIndexPage, GroupIndexPage
from sites.core.roles import EDITORS
from sites.directory.models import (
    ActivityPage,
    Interest,
    OrganisationIndexPage,
    OrganisationPage,
    PlaceIndexPage,
    PlacePage,
    ThingsToDoPage,
)
from sites.directory.selectors import organisation_activities, place_activities, visible_activities
from sites.directory.services.freshness import confirm_still_up_to_date, stale_listings
from sites.directory.templatetags.directory_tags import listed_children
from sites.home.models import HomePage
from sites.standard.models import StandardPage
from tests.community.conftest import make_staff, signed_in
from tests.conftest import inside

pytestmark = pytest.mark.django_db

PUBLIC_PAGE_TYPES = [
    HomePage,
    StandardPage,
    ThingsToDoPage,
    OrganisationIndexPage,
    OrganisationPage,
    ActivityPage,
    PlaceIndexPage,
    PlacePage,
    GroupIndexPage,
    EventIndexPage,
    DiscussionIndexPage,
]
# What a translator translates, and what is copied from the English page, per page type.
TRANSLATED = {
    OrganisationPage: {"title", "summary", "description", "picture_alt_text"},
    PlacePage: {"title", "summary", "opening_times", "accessibility_notes"},
    ActivityPage: {"title", "summary", "description", "cost_details", "concessions"},
}
COPIED = {
    OrganisationPage: {"phone", "email", "website", "charity_number", "places", "logo"},
    PlacePage: {"postcode", "address_line_1", "town", "latitude", "longitude"},
    ActivityPage: {"contact_phone", "interests", "place", "schedules", "closures", "kind"},
}


def _names(model, translated: bool) -> set[str]:
    return {
        field.field_name
        for field in get_translatable_fields(model)
        if field.is_translated(model) == translated and (translated or field.is_synchronized(model))
    }


@pytest.mark.parametrize("model", PUBLIC_PAGE_TYPES, ids=lambda m: m.__name__)
def test_every_public_page_type_offers_its_title_and_words_for_translation(model):
    translated = _names(model, translated=True)
    assert "title" in translated
    words = {"summary", "introduction", "body", "description"} & {
        f.name for f in model._meta.get_fields()
    }
    assert words <= translated, f"{model.__name__}: {words - translated} not translatable"


@pytest.mark.parametrize("model", list(TRANSLATED), ids=lambda m: m.__name__)
def test_listings_translate_words_and_copy_numbers_addresses_and_relations(model):
    translated, copied = _names(model, translated=True), _names(model, translated=False)
    assert TRANSLATED[model] <= translated
    assert COPIED[model] <= copied
    assert not (copied & translated)
    assert "hidden_as_stale" in copied, "a translation is hidden when its original is"


def published_at_commit():
    """wagtail-localize publishes once the transaction commits; tests never commit."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def _polish():
    return Locale.objects.get_or_create(language_code="pl")[0]


def translate(page, locale, strings: dict[str, str], publish=True):
    """What a translator does in the editor: translate these strings, then publish."""
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        if segment.string.data in strings:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": strings[segment.string.data]},
            )
    with published_at_commit():
        translation.save_target(publish=publish)
    return page.get_translation(locale).specific


GARDEN_IN_POLISH = {
    "Brixton Gardeners": "Ogrodnicy z Brixton",
    "Tuesday garden club": "Wtorkowy klub ogrodniczy",
    "Planting, weeding and tea in the community garden.": (
        "Sadzenie, pielenie i herbata w ogrodzie społecznym."
    ),
}


def translate_gardeners(directory, locale) -> None:
    """The directory fixture's garden club and its organisation, in Polish."""
    translate(OrganisationPage.objects.get(pk=directory.organisation.pk), locale, GARDEN_IN_POLISH)
    translate(ActivityPage.objects.get(pk=directory.activity.pk), locale, GARDEN_IN_POLISH)


def sync(page, locale):
    """ "Sync translated pages" after the English changed."""
    source = TranslationSource.objects.get_for_instance(page)
    source.update_from_db()
    with published_at_commit():
        Translation.objects.get(source=source, target_locale=locale).save_target(publish=True)
    return page.get_translation(locale).specific


def test_a_listing_is_translated_and_keeps_its_words_when_the_english_changes(
    lambeth, lambeth_directory
):
    with inside(lambeth):
        polish = _polish()
        activity = ActivityPage.objects.get(pk=lambeth_directory.activity.pk)
        activity.contact_phone = "020 7946 0111"
        activity.save_revision().publish()
        translated = translate(
            activity,
            polish,
            {
                "Tuesday garden club": "Wtorkowy klub ogrodniczy",
                "Planting, weeding and tea in the community garden.": (
                    "Sadzenie, pielenie i herbata w ogrodzie społecznym."
                ),
            },
        )
        assert translated.live and translated.locale == polish
        assert translated.title == "Wtorkowy klub ogrodniczy"
        assert translated.summary.startswith("Sadzenie")
        assert translated.contact_phone == "020 7946 0111"
        assert [i.slug for i in translated.interests.all()] == ["gardening-and-outdoors"]
        assert translated.schedules.count() == 1

        # The English changes: new phone, new interest, a new time, a new sentence.
        activity = ActivityPage.objects.get(pk=activity.pk)
        activity.contact_phone = "020 7946 0222"
        activity.interests.add(Interest.objects.get(slug="walking"))
        activity.schedules.update(start_time=datetime.time(11))
        activity.cost_details = "Bring your own gloves."
        activity.save_revision().publish()
        untouched = ActivityPage.objects.get(pk=translated.pk)
        assert untouched.contact_phone == "020 7946 0111", "nothing changes before a sync"

        synced = sync(activity, polish)
        assert synced.pk == translated.pk
        assert synced.title == "Wtorkowy klub ogrodniczy", "translated words are kept"
        assert synced.summary.startswith("Sadzenie")
        assert synced.contact_phone == "020 7946 0222"
        assert sorted(i.slug for i in synced.interests.all()) == [
            "gardening-and-outdoors",
            "walking",
        ]
        assert synced.schedules.get().start_time == datetime.time(11)
        assert synced.cost_details == "Bring your own gloves.", "English until translated"
        assert ActivityPage.objects.get(pk=activity.pk).title == "Tuesday garden club"


def test_each_language_is_published_on_its_own(lambeth, lambeth_directory):
    with inside(lambeth):
        polish = _polish()
        place = PlacePage.objects.get(pk=lambeth_directory.place.pk)
        draft = translate(
            place, polish, {"Brixton Community Hall": "Sala społeczna Brixton"}, publish=False
        )
        assert not draft.live, "saved as a draft in Polish"
        assert PlacePage.objects.get(pk=place.pk).live, "the English stays live"
        assert draft.get_latest_revision_as_object().title == "Sala społeczna Brixton"

        draft.get_latest_revision().publish()
        published = PlacePage.objects.get(pk=draft.pk)
        assert published.live and published.title == "Sala społeczna Brixton"
        assert published.postcode == place.postcode
        assert (published.latitude, published.longitude) == (place.latitude, place.longitude)

        published.unpublish()
        assert PlacePage.objects.get(pk=place.pk).live, "unpublishing Polish leaves English"


def test_a_stale_listing_is_reminded_once_and_its_translation_follows_it(
    lambeth, lambeth_directory
):
    with inside(lambeth):
        polish = _polish()
        organisation = OrganisationPage.objects.get(pk=lambeth_directory.organisation.pk)
        translated = translate(organisation, polish, {"Brixton Gardeners": "Ogrodnicy z Brixton"})
        long_ago = datetime.date(2020, 1, 1)
        OrganisationPage.objects.filter(translation_key=organisation.translation_key).update(
            last_checked_on=long_ago, hidden_as_stale=True
        )
        stale = [page.pk for page in stale_listings(on=datetime.date(2026, 6, 1))]
        assert organisation.pk in stale and translated.pk not in stale, "one listing, once"

        confirm_still_up_to_date([organisation], on=datetime.date(2026, 6, 1))
        translated = OrganisationPage.objects.get(pk=translated.pk)
        assert not translated.hidden_as_stale
        assert translated.last_checked_on == datetime.date(2026, 6, 1)


def test_an_editor_translates_syncs_and_publishes_in_the_admin(lambeth, lambeth_directory):
    editor = make_staff(lambeth, "translator@x.example", EDITORS)
    client = signed_in(lambeth, editor)
    with inside(lambeth):
        polish = _polish()
        place = PlacePage.objects.get(pk=lambeth_directory.place.pk)

    response = client.post(f"/admin/localize/submit/page/{place.pk}/", {"locales": [polish.pk]})
    assert response.status_code == 302, response.content[:2000]
    with inside(lambeth):
        translated = place.get_translation(polish)
        source = TranslationSource.objects.get_for_instance(place)
        # The translated home page sits beside the English one: Editors may work there too.
        assert Page.objects.get(depth=2, locale=polish).permissions_for_user(editor).can_edit()

    editor_page = client.get(f"/admin/pages/{translated.pk}/edit/")
    assert editor_page.status_code == 200
    assert b"w-translation-editor" in editor_page.content or b"translation-editor" in (
        editor_page.content
    )

    with inside(lambeth):
        place.postcode = "SW2 1AA"
        place.save_revision().publish()
    with published_at_commit():
        response = client.post(
            f"/admin/localize/update/{source.pk}/", {"publish_translations": "on"}
        )
    assert response.status_code == 302, response.content[:2000]
    with inside(lambeth):
        translated = PlacePage.objects.get(pk=translated.pk)
        assert translated.postcode == "SW2 1AA"
        assert translated.live, "published in Polish by the Editor"
        assert translated.title == "Brixton Community Hall", "not translated yet: English"


def test_a_listing_in_polish_shows_polish_activities_then_english_ones_once(
    lambeth, lambeth_directory
):
    with inside(lambeth):
        polish = _polish()
        translate_gardeners(lambeth_directory, polish)
        in_polish = sorted(page.title for page in visible_activities(locale=polish))
        assert in_polish == ["Evening choir", "Wtorkowy klub ogrodniczy"]
        english = Locale.objects.get(language_code="en-gb")
        in_english = sorted(page.title for page in visible_activities(locale=english))
        assert in_english == ["Evening choir", "Tuesday garden club"]
        # Each organisation's and place's page lists its activities once, in its language.
        organisation = lambeth_directory.organisation
        place = lambeth_directory.place
        assert [a.title for a in organisation_activities(organisation)] == ["Tuesday garden club"]
        assert [a.title for a in place_activities(place)] == ["Tuesday garden club"]
        polish_place = translate(PlacePage.objects.get(pk=place.pk), polish, {})
        in_polish = [a.title for a in place_activities(polish_place)]
        assert in_polish == ["Wtorkowy klub ogrodniczy"]
        polish_organisation = organisation.get_translation(polish)
        in_polish = [a.title for a in organisation_activities(polish_organisation)]
        assert in_polish == ["Wtorkowy klub ogrodniczy"]
        # Index pages list each listing once: in Polish where translated, else English.
        organisations = OrganisationIndexPage.objects.get(locale__language_code="en-gb")
        in_english = [page.title for page in listed_children({}, organisations)]
        assert in_english == ["Brixton Gardeners", "Stockwell Singers"]
        in_polish = [
            page.title for page in listed_children({}, organisations.get_translation(polish))
        ]
        assert in_polish == ["Ogrodnicy z Brixton", "Stockwell Singers"]
