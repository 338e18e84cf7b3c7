"""The page tree is strict: each page type only where it belongs."""

import pytest

from wagtail.models import Page, Site

from sites.home.models import HomePage
from sites.standard.models import StandardPage
from tests.conftest import inside


@pytest.mark.django_db
def test_home_page_lives_directly_under_the_root_only(lambeth):
    with inside(lambeth):
        root = Page.get_first_root_node()
        home = Site.objects.get().root_page.specific
        about = home.get_children().get(slug="about").specific
        assert HomePage.can_create_at(root) is False  # one home per parent, already there
        assert HomePage not in home.specific_class.allowed_subpage_models()
        assert HomePage not in StandardPage.allowed_subpage_models()
        assert not HomePage.can_create_at(about)


@pytest.mark.django_db
def test_information_pages_go_under_home_or_other_information_pages(lambeth):
    with inside(lambeth):
        home = Site.objects.get().root_page.specific
        about = home.get_children().get(slug="about").specific
        assert StandardPage.can_create_at(home)
        assert StandardPage.can_create_at(about)
        assert not StandardPage.can_create_at(Page.get_first_root_node())


def test_every_page_type_declares_its_parents_and_children():
    from django.apps import apps

    page_models = [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and model is not Page and model._meta.app_label != "wagtailcore"
    ]
    assert page_models
    for model in page_models:
        # Page leaves both as None, which means "anywhere" and "anything".
        assert model.parent_page_types is not None, f"{model.__name__} sets no parents"
        assert model.subpage_types is not None, f"{model.__name__} sets no children"


@pytest.mark.django_db
def test_editors_can_add_pages_below_home_but_organisation_managers_cannot(lambeth):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    with inside(lambeth):
        users = get_user_model().objects
        editor = users.create_user("ed@lambeth.example.org", password="pw-123456789")
        editor.groups.add(Group.objects.get(name="Editors"))
        manager = users.create_user("org@lambeth.example.org", password="pw-123456789")
        manager.groups.add(Group.objects.get(name="Organisation managers"))
        home = Site.objects.get().root_page
        assert home.permissions_for_user(editor).can_add_subpage()
        assert home.permissions_for_user(editor).can_publish()
        assert not home.permissions_for_user(manager).can_add_subpage()
        assert not home.permissions_for_user(manager).can_edit()
