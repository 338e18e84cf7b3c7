"""What the search page shows, worked out once per page in Python.

Django's template engine spends most of a search page's render on each filter option
and each result: an attribute lookup tries ``obj[name]`` first (an exception for an
object), each lazy translation is translated again where it is shown, and a
``{% blocktranslate count %}`` per option. Here each option and result becomes a dict
of ready words (a dict is the engine's fast path), and the registry's constant labels
(lazy translations) are translated once per language and process: a lookup of an
English text walks every catalogue (about 15 µs). The page's two long loops are written
in Python with every value escaped as the template escaped it: the filter options'
checkboxes here (``_checkboxes``), and the results' list items from these rows
(``{% result_items %}``, sites/core/templatetags/search_results.py).
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from .languages import lang_attributes, locale_codes, original_language, text_language
from .outcome import SearchOutcome
from .synonyms import Expansion, also_notice
from .text import escaped

# (language, id of a lazy label) -> (the label, its text). The label is kept so that
# its id cannot be reused by another object while the entry is there.
_LABELS: dict[tuple[str, int], tuple[Promise, str]] = {}
_MAX_LABELS = 10_000  # lazy labels are module constants: a few hundred per language


def label_in(language: str, label) -> str:
    """``label`` as text in ``language`` (the active one): a lazy translation is
    translated once per language, anything else is returned as it is."""
    if not isinstance(label, Promise):
        return label
    key = (language, id(label))
    known = _LABELS.get(key)
    if known is None or known[0] is not label:
        if len(_LABELS) >= _MAX_LABELS:
            _LABELS.clear()
        known = _LABELS[key] = (label, str(label))
    return known[1]


@lru_cache(maxsize=4096)
def _results_word(language: str, count: int) -> str:
    # As {% blocktranslate count %} gave it: the translators' word, not escaped.
    return mark_safe(ngettext("result", "results", count))  # noqa: S308


@receiver(setting_changed)
def _forget_words(*, setting, **kwargs):
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _LABELS.clear()
        _results_word.cache_clear()


def page_notices(outcome: SearchOutcome, language: str) -> list[str]:
    """The notices as the page shows them: for a reader of another language, the words
    "Showing results for … too" adds (English labels, the team's everyday words) marked
    as English inside the reader's sentence (``also_notice``). /search.json keeps them
    as plain text."""
    original = original_language()
    if language == original or not outcome.also:
        return outcome.notices
    also = Expansion(also=outcome.also)
    plain = also_notice(also, found_any=outcome.total > 0)
    marked = also_notice(also, found_any=outcome.total > 0, words_lang=lang_attributes(original))
    return [marked if notice == plain else notice for notice in outcome.notices]


def facet_fieldsets(outcome: SearchOutcome, language: str) -> list[dict]:
    """The facets with options to show, each with its options' checkboxes
    (``options_html``): each checkbox with its id and the hidden "results" word after its
    count; options in English (interests) marked as English for readers of other
    languages."""
    original = original_language()
    english = lang_attributes(original) if language != original else ""
    return [
        {
            "key": facet.key,
            "label": label_in(language, facet.label),
            "options_html": _checkboxes(
                facet, english if facet.options_in_original_language else "", language
            ),
        }
        for facet in outcome.facets
        if facet.options
    ]


def _checkboxes(facet, options_lang: str, language: str) -> SafeString:
    """A facet's options as checkboxes. Written here rather than in the template: its loop
    over them spent 1.7 ms of a search page's 4.1 ms of template time (a variable lookup
    and an escape per attribute; docs/operations/search.md "Session 31"). Every value is
    escaped as the template escaped it."""
    name, options_lang = escaped(facet.key), escaped(options_lang)
    words_for: dict[int, str] = {}  # count -> "results", escaped
    html = []
    for number, option in enumerate(facet.options, 1):
        checkbox_id = f"facet-{name}-{number}"
        count = escaped(option.count)
        results = words_for.get(option.count)
        if results is None:
            results = words_for[option.count] = escaped(_results_word(language, option.count))
        checked = " checked" if option.chosen else ""
        html.append(
            f'<div class="checkbox"><input type="checkbox" form="search-form" id="{checkbox_id}"'
            f' name="{name}" value="{escaped(option.value)}"{checked}><label'
            f' for="{checkbox_id}"><span{options_lang}>'
            f"{escaped(label_in(language, option.label))}</span>"
            f' <span class="muted">({count}<span class="visually-hidden"> {results}</span>)'
            "</span></label></div>"
        )
    return mark_safe("".join(html))  # noqa: S308 - every value above is escaped


def result_rows(outcome: SearchOutcome, language: str) -> list[dict]:
    """Each result as its list item shows it. A result in English shown to a reader of
    another language has its title and snippet marked as English (``lang``)."""
    # A reader of the original language is shown only results in it (languages.py).
    codes = locale_codes() if language != original_language() and outcome.results else {}
    rows = []
    for result in outcome.results:
        details = result.details
        own = text_language(result.object, codes) if codes else ""
        rows.append(
            {
                "type": label_in(language, result.type.label),
                "url": result.url,
                "title_html": result.title_html,
                "snippet_html": result.snippet_html,
                "when": details.when,
                "where": details.where,
                "distance": result.distance.in_words if result.distance else "",
                "facts": [label_in(language, fact) for fact in details.facts],
                "lang": lang_attributes(own) if own and own != language else "",
            }
        )
    return rows
