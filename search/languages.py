"""Search in the reader's language first, in English for what is not translated.

A translated page (wagtail-localize) is its own object in its own locale, indexed like
any other. Each document of a translatable model says, in its ``search_language``
field (search/document.py), its language, the languages it has a live translation
in, and, for a language other than English, its words again under that language's
analyser (OpenSearch's built-in ``arabic``, ``bengali``, ``spanish``...; ``standard``
where the engine has none, such as Polish, Somali, Urdu and Tamil). Documents of
models that are not translated (members' groups, events, posts) carry no language and
are found in every language.

A search in language X then finds:

- X's documents, ranked first (``LANGUAGE_BONUS``, below a tier's bonus so the words
  as typed still beat what they also mean), matched on their own analyser too;
- English documents not translated into X (the fallback), never the English original
  of a page translated into X (no page twice);
- documents with no language.

The database fallback does the same in SQL (``in_reader_language``, ``reader_first``).
A page's translations change what its own document says (``translated_into``), so
publishing, unpublishing or deleting one re-indexes the others (``follow_translations``).
"""

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, F, OuterRef, Q
from django.utils import translation
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString

from modelsearch import index
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, TranslatableMixin

from .apps import SearchConfig

# OpenSearch's built-in language analysers; any other language is analysed as "standard".
ANALYZERS = {
    "ar": "arabic",
    "bn": "bengali",
    "en-gb": "english",
    "es": "spanish",
    "pt": "portuguese",
    "ro": "romanian",
}
# Ranks a search's own language first within a tier (search/answers.py: TIER_BONUS).
LANGUAGE_BONUS = 500_000.0
# modelsearch names a mixin's field "<app>_<class>__<name>_filter" (as ANSWERS is).
LANGUAGE_FIELD = f"{SearchConfig.label}_answerable__search_language_filter"
KEYWORD = {"type": "keyword"}


def _words_name(language: str) -> str:
    return "words_" + language.replace("-", "_")


def language_field(name: str) -> str:
    """The engine's name for one of the values below, e.g. ``language_field("code")``."""
    return f"{LANGUAGE_FIELD}.{name}"


def language_mapping() -> dict:
    words = {
        _words_name(code): {"type": "text", "analyzer": ANALYZERS.get(code, "standard")}
        for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES
        if code != original_language()
    }
    return {
        "type": "object",
        "properties": {"code": KEYWORD, "translated_into": KEYWORD, **words},
    }


def original_language() -> str:
    """What pages are written in first and fall back to: English."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def reader_language(asked: str = "") -> str:
    """The content language of a search: ``asked``, else the request's (LocaleMiddleware)."""
    try:
        return get_supported_content_language_variant(asked or translation.get_language() or "")
    except LookupError:
        return original_language()


def locale_codes() -> dict[int, str]:
    """Each ``Locale``'s language code by its id (a handful of rows)."""
    return dict(Locale.objects.values_list("pk", "language_code"))


def alias_locale_ids() -> dict[int, int]:
    """Each alias page's original's locale id, by the alias's id (wagtail-localize makes
    a translated page's parents aliases of the English ones)."""
    aliases = Page.objects.filter(alias_of__isnull=False)
    return dict(aliases.values_list("pk", "alias_of__locale_id"))


def text_language(item, codes: dict[int, str], aliases: dict[int, int] | None = None) -> str:
    """The language ``item``'s own words are in: its locale's, or for an alias (a copy
    kept in step with a page in another language) that page's; "" when ``item`` is not
    translatable (members' groups and posts are in whatever language they were written).
    ``codes``: :func:`locale_codes`; ``aliases``: :func:`alias_locale_ids` (without it,
    an alias's original is read on its own)."""
    if not isinstance(item, TranslatableMixin):
        return ""
    locale_id = item.locale_id
    if isinstance(item, Page) and item.alias_of_id:
        if aliases is None:
            original = Page.objects.filter(pk=item.alias_of_id)
            locale_id = original.values_list("locale_id", flat=True).first()
        else:
            locale_id = aliases.get(item.pk)
    return codes.get(locale_id, "")


def lang_attributes(code: str) -> SafeString:
    """`` lang="…" dir="…"`` for an element whose words are in ``code`` (WCAG 3.1.2)."""
    bidi = code.split("-")[0] in settings.LANGUAGES_BIDI
    return format_html(' lang="{}" dir="{}"', code, "rtl" if bidi else "ltr")


# --- What a document says -----------------------------------------------------------------


def _translations(model):
    others = model._default_manager.all()
    return others.live() if issubclass(model, Page) else others


def with_languages(queryset):
    """For bulk indexing: each object's language and live translations in the same query."""
    model = queryset.model
    if not issubclass(model, TranslatableMixin):
        return queryset
    others = (
        _translations(model)
        .filter(translation_key=OuterRef("translation_key"))
        .exclude(pk=OuterRef("pk"))
        .values("locale__language_code")
    )
    return queryset.annotate(
        _search_language=F("locale__language_code"), _search_translated_into=ArraySubquery(others)
    )


def _words(obj) -> str:
    parts = []
    for field in obj.get_search_fields():
        if type(field) is not index.SearchField:
            continue
        value = field.get_value(obj)
        if hasattr(value, "stream_block"):
            value = " ".join(value.stream_block.get_searchable_content(value))
        parts.append(strip_tags(str(value or "")))
    return " ".join(part for part in parts if part)


def language_document(obj) -> dict:
    """The ``search_language`` field of one object (empty: found in every language)."""
    if not isinstance(obj, TranslatableMixin):
        return {}
    code = getattr(obj, "_search_language", None) or obj.locale.language_code
    translated_into = getattr(obj, "_search_translated_into", None)
    if translated_into is None:
        translated_into = list(
            _translations(type(obj))
            .filter(translation_key=obj.translation_key)
            .exclude(pk=obj.pk)
            .values_list("locale__language_code", flat=True)
        )
    document = {"code": code, "translated_into": sorted(set(translated_into))}
    if code != original_language():
        document[_words_name(code)] = _words(obj)
    return document


# --- The engine's query -------------------------------------------------------------------


def engine_filter(language: str) -> dict:
    """Documents a reader of ``language`` may be shown (see the module's docstring)."""
    code, into = language_field("code"), language_field("translated_into")
    shown = [
        {"bool": {"must_not": {"exists": {"field": code}}}},
        {"term": {code: language}},
    ]
    if language != original_language():
        shown.append(
            {
                "bool": {
                    "filter": {"term": {code: original_language()}},
                    "must_not": {"term": {into: language}},
                }
            }
        )
    return {"bool": {"should": shown, "minimum_should_match": 1}}


def engine_ranking(query: dict, words: str, language: str, tier_bonus: float) -> dict:
    """``query`` with the reader's own language first, and (with ``words``) its words
    matched by that language's analyser too, in the first tier."""
    if language == original_language():
        return query
    if words:
        field = language_field(_words_name(language))
        own_words = {"match": {field: {"query": words, "operator": "and"}}}
        first_tier = {
            "function_score": {
                "query": own_words,
                "functions": [{"weight": tier_bonus}],
                "boost_mode": "sum",
            }
        }
        query = {"dis_max": {"queries": [query, first_tier]}}
    own_filter = {"term": {language_field("code"): language}}
    own = {"constant_score": {"filter": own_filter, "boost": LANGUAGE_BONUS}}
    return {"bool": {"must": query, "should": [own]}}


# --- PostgreSQL ---------------------------------------------------------------------------


def in_reader_language(queryset, language: str):
    """``queryset`` as a reader of ``language`` may be shown it (no page twice)."""
    model = queryset.model
    if not issubclass(model, TranslatableMixin):
        return queryset
    original = original_language()
    if language == original:
        return queryset.filter(locale__language_code=original)
    translated = _translations(model).filter(locale__language_code=language)
    untranslated = Q(locale__language_code=original) & ~Q(
        translation_key__in=translated.values("translation_key")
    )
    return queryset.filter(Q(locale__language_code=language) | untranslated)


def reader_first(queryset, language: str) -> set:
    """The pks of ``queryset`` in the reader's own language (ranked first)."""
    if language == original_language() or not issubclass(queryset.model, TranslatableMixin):
        return set()
    return set(queryset.filter(locale__language_code=language).values_list("pk", flat=True))


# Below this share of its English listings in a language, a borough has little in it.
LITTLE_SHARE = 0.25


def little_written_in(language: str, models) -> bool:
    """Whether the borough has little or nothing of ``models`` (the kinds of result)
    written in ``language``: fewer than LITTLE_SHARE of what it has in English. Then a
    search in that language that finds nothing says English words may find more."""
    original = original_language()
    if language == original:
        return False
    own = english = 0
    for model in models:
        if not issubclass(model, TranslatableMixin):
            continue
        written = _translations(model)
        if issubclass(model, Page):
            written = written.filter(alias_of__isnull=True)  # an alias holds another's words
        counts = written.aggregate(
            own=Count("pk", filter=Q(locale__language_code=language)),
            english=Count("pk", filter=Q(locale__language_code=original)),
        )
        own, english = own + counts["own"], english + counts["english"]
    return own < LITTLE_SHARE * english


# --- Keeping documents in step ------------------------------------------------------------


def translations_changed(sender, instance=None, **kwargs) -> None:
    """A translation went live, was taken down or deleted: its siblings' documents say
    which languages they are translated into, so they are indexed again."""
    from .document import Answerable
    from .indexing import sync_objects

    if not isinstance(instance, Answerable) or not isinstance(instance, TranslatableMixin):
        return
    model = type(instance)
    siblings = model._default_manager.filter(translation_key=instance.translation_key)
    sync_objects(model, siblings.exclude(pk=instance.pk).values_list("pk", flat=True))


def follow_translations() -> None:
    from django.db.models.signals import post_delete

    from wagtail.signals import page_published, page_unpublished

    for signal in (page_published, page_unpublished, post_delete):
        signal.connect(translations_changed, dispatch_uid=f"search-translations-{id(signal)}")
