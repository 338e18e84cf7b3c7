"""A borough launched before a default changed gets it with one command, and keeps
whatever its own staff chose."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from sites.community.models import Topic
from sites.core.roles import EDITORS, MODERATORS, ORGANISATION_MANAGERS
from sites.directory.models import Interest, PlaceIndexPage, PlacePage
from sites.directory.services.organisation_access import grant_organisation_access
from tests.conftest import client_for, inside
from tests.directory.conftest import build_directory

pytestmark = pytest.mark.django_db


def refresh(borough) -> str:
    from io import StringIO

    out = StringIO()
    call_command("refresh_borough_defaults", borough=borough.slug, stdout=out)
    *said, summary = out.getvalue().splitlines(keepends=True)
    assert summary.startswith("Refreshed borough defaults: 1 of 1; ")
    return "".join(said)


def test_an_old_borough_gets_what_new_ones_start_with(lambeth, southwark):
    with inside(lambeth):
        # As if launched before these defaults existed.
        editors = Group.objects.get(name=EDITORS)
        view_reports = editors.permissions.get(codename="view_listingreport")
        editors.permissions.remove(view_reports)
        Group.objects.get(name=MODERATORS).delete()
        Page.objects.get(slug="discussions").delete()
        Topic.objects.all().delete()
        # Choices the borough's own staff made.
        own_interest = Interest.objects.first()
        own_interest.name = "Knitting circle"
        own_interest.save()
        Interest.objects.exclude(pk=own_interest.pk).delete()
        editors.permissions.add(Permission.objects.get(codename="delete_redirect"))

    summary = refresh(lambeth)

    assert summary.startswith("Lambeth: added groups Moderators")
    with inside(lambeth):
        editors = Group.objects.get(name=EDITORS)
        assert editors.permissions.filter(codename="view_listingreport").exists()
        assert editors.permissions.filter(codename="delete_redirect").exists(), "kept"
        moderators = Group.objects.get(name=MODERATORS)
        assert moderators.permissions.filter(codename="access_admin").exists()
        assert not GroupPagePermission.objects.filter(group=moderators).exists()
        discussions = Page.objects.get(slug="discussions")
        assert discussions.live and discussions.specific_class.__name__ == "DiscussionIndexPage"
        assert Topic.objects.filter(name="Say hello").exists()
        # The borough had its own interests: deleted defaults are not brought back.
        assert list(Interest.objects.values_list("name", flat=True)) == ["Knitting circle"]
        assert Page.find_problems() == ([], [], [], [], [])

    assert refresh(lambeth) == "Lambeth: already up to date\n"
    assert refresh(southwark) == "Southwark: already up to date\n", "untouched boroughs"


def test_an_old_borough_lets_organisation_managers_add_places(lambeth):
    with inside(lambeth):
        # Launched before managers could add a place (docs/roles.md).
        GroupPagePermission.objects.filter(group__name=ORGANISATION_MANAGERS).delete()
        places = PlaceIndexPage.objects.get()

    assert refresh(lambeth) == "Lambeth: added 1 page and media permissions\n"

    with inside(lambeth):
        managers = Group.objects.get(name=ORGANISATION_MANAGERS)
        manager = managers.user_set.create(username="m@example.org", email="m@example.org")
        assert places.permissions_for_user(manager).can_add_subpage()
        assert not places.permissions_for_user(manager).can_publish()
    assert refresh(lambeth) == "Lambeth: already up to date\n"


def test_moderators_lose_the_page_and_media_rights_earlier_defaults_gave(lambeth):
    """The one thing the refresh removes: moderating needs no page or media permissions."""
    with inside(lambeth):
        moderators, editors = Group.objects.get(name=MODERATORS), Group.objects.get(name=EDITORS)
        home, about = Page.objects.get(depth=2), Page.objects.get(slug="about")
        root_collection = Collection.get_first_root_node()
        # What boroughs launched before this change have (and a right granted by hand).
        for page, codename in [(home, "change_page"), (home, "publish_page"), (about, "lock_page")]:
            GroupPagePermission.objects.create(
                group=moderators, page=page, permission=Permission.objects.get(codename=codename)
            )
        for codename in ["choose_image", "choose_document"]:
            GroupCollectionPermission.objects.create(
                group=moderators,
                collection=root_collection,
                permission=Permission.objects.get(codename=codename),
            )
        editors_rights = GroupPagePermission.objects.filter(group=editors).count()

    assert refresh(lambeth) == "Lambeth: removed 5 page and media permissions\n"
    with inside(lambeth):
        assert not GroupPagePermission.objects.filter(group=moderators).exists()
        assert not GroupCollectionPermission.objects.filter(group=moderators).exists()
        assert GroupPagePermission.objects.filter(group=editors).count() == editors_rights
        assert moderators.permissions.filter(codename="access_admin").exists(), "still in admin"
    assert refresh(lambeth) == "Lambeth: already up to date\n"


def test_an_unknown_borough_is_a_clear_error():
    with pytest.raises(CommandError, match="no live borough called 'atlantis'"):
        call_command("refresh_borough_defaults", borough="atlantis")


def test_standard_pages_are_added_to_an_old_borough_and_edited_ones_are_kept(lambeth):
    from sites.standard.models import StandardPage

    with inside(lambeth):
        # As launched before the standard pages had text: no Get help or Help page, and
        # a one-line Privacy page nobody has written, unmarked.
        StandardPage.objects.get(kind="get_help").delete()
        StandardPage.objects.get(kind="help").delete()
        privacy = StandardPage.objects.get(kind="privacy")
        privacy.kind, privacy.title, privacy.body = "", "Privacy", []
        privacy.save()
        # A statement the borough's Editors wrote themselves.
        statement = StandardPage.objects.get(kind="accessibility")
        statement.body = [("paragraph", "<p>Our own statement.</p>")]
        statement.save_revision().publish()

    summary = refresh(lambeth)

    assert "pages Get help now, Help using this website" in summary
    assert "starting text in Privacy" in summary
    with inside(lambeth):
        assert StandardPage.objects.get(kind="get_help").live
        privacy = StandardPage.objects.get(slug="privacy")
        assert privacy.kind == "privacy"
        assert "UK GDPR" in str(privacy.body)
        statement = StandardPage.objects.get(kind="accessibility")
        assert "Our own statement." in str(statement.body), "an edited page is kept"
        assert "WCAG" not in str(statement.body)
    html = client_for(lambeth).get("/").content.decode()
    assert 'href="/get-help/"' in html and 'href="/privacy/"' in html
    assert refresh(lambeth) == "Lambeth: already up to date\n"


def test_a_persons_own_address_is_taken_out_of_an_old_boroughs_footer(lambeth):
    from wagtail.models import Site

    from sites.core.models import BrandingSettings

    with inside(lambeth):
        # Launched before the team's email was asked for: the first admin's own address.
        branding = BrandingSettings.for_site(Site.objects.get())
        branding.contact_email = "Admin@Lambeth.example.org"
        branding.save()
    assert "Admin@Lambeth.example.org" in client_for(lambeth).get("/").content.decode()

    summary = refresh(lambeth)

    assert "removed Admin@Lambeth.example.org, a person's own address" in summary
    html = client_for(lambeth).get("/").content.decode()
    assert "Admin@Lambeth.example.org" not in html and "mailto:" not in html
    with inside(lambeth):
        # A team's shared address is kept.
        branding = BrandingSettings.for_site(Site.objects.get())
        branding.contact_email = "connect@lambeth.example.org"
        branding.save()
    assert refresh(lambeth) == "Lambeth: already up to date\n"


def test_an_old_borough_gives_managers_the_places_only_their_organisation_uses(lambeth, southwark):
    directory = build_directory(lambeth)
    with inside(lambeth):
        manager = get_user_model().objects.create_user(
            username="old-manager@gardeners.example.org", email="old-manager@gardeners.example.org"
        )
        grant_organisation_access(directory.organisation, manager)
        # As if granted before place grants existed: only the organisation's own page.
        place_grants = GroupPagePermission.objects.filter(
            group__name__startswith="Organisation: ", page__in=Page.objects.type(PlacePage)
        )
        assert place_grants.filter(page=directory.place).exists()
        place_grants.delete()
        # And one on a place another organisation uses too, which is the Editors' alone.
        GroupPagePermission.objects.create(
            group=Group.objects.get(name__startswith="Organisation: Brixton Gardeners"),
            page=directory.home_place,
            permission=Permission.objects.get(codename="change_page"),
        )

    assert refresh(lambeth) == ("Lambeth: brought in line 2 organisation managers' place grants\n")
    with inside(lambeth):
        manager = get_user_model().objects.get(pk=manager.pk)  # no cached permissions
        assert directory.place.permissions_for_user(manager).can_edit()
        assert not directory.place.permissions_for_user(manager).can_publish()
        assert not directory.home_place.permissions_for_user(manager).can_edit()
    assert refresh(lambeth) == "Lambeth: already up to date\n"
