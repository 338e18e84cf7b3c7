"""Giving a test borough languages and translated pages, as an Editor would."""

from wagtail.models import Locale, Site

from tests.conftest import inside


def offer(borough, *codes: str) -> None:
    with inside(borough):
        for code in codes:
            Locale.objects.get_or_create(language_code=code)


def standard_page(borough, slug: str):
    with inside(borough):
        return Site.objects.get().root_page.get_children().get(slug=slug).specific


def translate(borough, page, code: str, title: str, slug: str = ""):
    """``page`` copied into ``code`` (its parents too), retitled and published, as
    wagtail-localize does when an Editor publishes a translation."""
    with inside(borough):
        locale = Locale.objects.get(language_code=code)
        translated = page.copy_for_translation(locale, copy_parents=True)
        translated.title = title
        translated.slug = slug or translated.slug
        translated.save_revision().publish()
        translated.refresh_from_db()
        return translated
