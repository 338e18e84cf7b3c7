"""Themes: a borough's theme overrides the default, and falls back to it."""

import pytest

from django.core.exceptions import ValidationError

from wagtail.models import Site

from sites.core.colours import (
    contrast_ratio,
    validate_colour_behind_dark_text,
    validate_colour_behind_white_text,
)
from sites.core.models import BrandingSettings
from tests.conftest import client_for, inside
from themes.registry import available_themes


def test_themes_are_found_in_the_themes_folder_default_first():
    assert available_themes()[0] == "default"
    assert "riverside" in available_themes()


@pytest.mark.django_db
def test_each_borough_gets_its_own_themes_templates_and_styles(lambeth, southwark):
    # Alternate requests: a template cache that ignored the theme would leak one into the other.
    for _ in range(2):
        lambeth_page = client_for(lambeth).get("/").content.decode()
        southwark_page = client_for(southwark).get("/").content.decode()
        assert "/static/themes/default/css/site.css" in lambeth_page
        assert "home-page--riverside" not in lambeth_page
        assert "/static/themes/riverside/css/site.css" in southwark_page
        assert 'class="home-page home-page--riverside"' in southwark_page


@pytest.mark.django_db
def test_a_theme_falls_back_to_the_default_for_what_it_does_not_override(southwark):
    # Riverside has no information-page template: the default theme's is used.
    response = client_for(southwark).get("/about/")
    assert response.status_code == 200
    used = [t.origin.name for t in response.templates if t.origin]
    assert any(
        name.endswith("themes/default/templates/standard/standard_page.html") for name in used
    )
    assert "/static/themes/riverside/css/site.css" in response.content.decode()


@pytest.mark.django_db
def test_branding_is_shown_and_edited_per_borough(lambeth, southwark):
    with inside(lambeth):
        branding = BrandingSettings.for_site(Site.objects.get())
        branding.contact_phone = "020 7946 0999"
        branding.primary_colour = "#5a2a82"
        branding.save()
    lambeth_page = client_for(lambeth).get("/").content.decode()
    southwark_page = client_for(southwark).get("/").content.decode()
    assert "020 7946 0999" in lambeth_page and "--brand: #5a2a82" in lambeth_page
    assert "020 7946 0999" not in southwark_page and "#5a2a82" not in southwark_page


@pytest.mark.parametrize("colour", ["#ffdd00", "#88aaff", "#777777", "blue", "#12345"])
def test_header_colours_too_light_for_white_text_are_refused(colour):
    with pytest.raises(ValidationError):
        validate_colour_behind_white_text(colour)


@pytest.mark.parametrize("colour", ["#1d4f91", "#00575f", "#0b0c0c"])
def test_dark_header_colours_are_accepted(colour):
    validate_colour_behind_white_text(colour)
    assert contrast_ratio(colour, "#ffffff") >= 4.5


def test_highlight_colours_must_be_light_enough_for_dark_text():
    validate_colour_behind_dark_text("#ffdd00")
    with pytest.raises(ValidationError, match="contrast"):
        validate_colour_behind_dark_text("#1d4f91")
