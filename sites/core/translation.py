"""What wagtail-localize gives translators and what it copies from the original page.

wagtail-localize offers every text field for translation and copies everything else
(see ``wagtail_localize.fields.get_translatable_fields``). Its guesses are wrong for our
listings in three ways, put right on each page type with ``override_translatable_fields``:

- text that is not words: phone numbers, postcodes, street addresses, charity and
  company numbers are copied, never translated (a letter must still find the door);
- many-to-many relations (interests, an organisation's places) it skips altogether;
- fields not shown in the admin (``hidden_as_stale``) it skips too: a translation must
  be hidden when its original is.

Prose (summaries, descriptions, opening times written in words, cost details,
accessibility notes, picture alt text) stays translatable: a changed English sentence
is a new string, shown in English on the translation until a translator does it.
"""

from django.conf import settings

from wagtail.coreutils import get_supported_content_language_variant
from wagtail_localize.fields import SynchronizedField


def synchronised(*field_names: str) -> list[SynchronizedField]:
    """Fields copied from the original on every sync, never offered for translation."""
    return [SynchronizedField(name) for name in field_names]


def original_language() -> str:
    """The language pages are written in first, and translated from: English."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def originals(queryset):
    """Only the original pages (not their translations): for counting and reminding once."""
    return queryset.filter(locale__language_code=original_language())


def translations_too(queryset):
    """The pages of ``queryset`` and every translation of them."""
    keys = queryset.values("translation_key")
    return queryset.model._default_manager.filter(translation_key__in=keys)
