"""Words in the reader's language for what the site lists.

Most of a borough's listings are written in English only (search/languages.py: the
reader's language first, English for what is not translated), so a Polish reader who
types "wolontariat" would find nothing. But the site's labels are translated: the
interests, the kinds of activity, every filter's options, the everyday words. A search
in language X whose words are (whole words or phrases, any case, no accents, no
Arabic article: ``fold`` in synonyms.py) a label's
translation in X also searches the English words behind it, exactly as an everyday
word also searches what it means (synonyms.py): a tier below the words as typed, on the
engine and on PostgreSQL alike. "wolontariat" also searches "Volunteering", and what
"Volunteering" means in the borough's everyday words too.

Nothing is written per language: the map is read from the catalogues (each English
label's gettext under that language), worked out once per language and set of labels
in each process (``translated_labels``). A label with no translation in X (a borough's
own interest, or a catalogue not finished yet) is simply not in X's map.

Which labels: every facet's options (so a borough's own interests, as named), and what
apps register with ``register_labels`` (the kinds of activity, the interests every
borough starts with, the starting everyday words). The search page's hint gives its
examples from ``register_examples``' labels in the reader's language, so its examples
are always words this map understands (tests/search/test_reader_words.py).
"""

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType

from django.utils import translation
from django.utils.translation import gettext

from .default_synonyms import everyday_words
from .languages import original_language
from .synonyms import Synonyms, match_key
from .text import clean_query

_label_sources: list[Callable[[], Iterable]] = []
_example_sources: list[Callable[[], Iterable]] = []


def register_labels(source: Callable[[], Iterable]) -> None:
    """``source()``: English labels (plain or lazy text) readers may type in their own
    language. Called when a search needs them."""
    if source not in _label_sources:
        _label_sources.append(source)


def register_examples(source: Callable[[], Iterable]) -> None:
    """``source()``: English labels the search page gives as examples (also labels)."""
    register_labels(source)
    if source not in _example_sources:
        _example_sources.append(source)


def in_english(labels: Iterable) -> tuple[str, ...]:
    """Each label's English text, cleaned, once each, in order."""
    with translation.override(original_language()):
        texts = (clean_query(str(label)) for label in labels)
        return tuple(dict.fromkeys(text for text in texts if text))


@lru_cache(maxsize=1)
def _registered(sources: tuple) -> tuple[str, ...]:
    return in_english(label for source in sources for label in source())


def registered_labels() -> tuple[str, ...]:
    """The registered labels' English texts (constants: read once per process)."""
    return _registered(tuple(_label_sources))


@lru_cache(maxsize=1024)
def translated_labels(language: str, labels: tuple[str, ...]) -> Synonyms:
    """{words of a label in ``language``: the English labels they translate}, from the
    catalogues. Remembered per process by language and labels (a borough's interests
    are among them), so a renamed interest is seen at once."""
    found: dict[tuple[str, ...], list[str]] = {}
    with translation.override(language):
        for english in labels:
            key = match_key(clean_query(gettext(english)))
            if key and key != match_key(english):
                known = found.setdefault(key, [])
                if english not in known:
                    known.append(english)
    return MappingProxyType({key: tuple(english) for key, english in found.items()})


def with_reader_words(synonyms: Synonyms, language: str, labels: Iterable = ()) -> Synonyms:
    """``synonyms`` (the borough's everyday words) with the words of ``language`` for
    ``labels`` (the facets' options) and the registered labels: each searches its English
    label, and what that label means in ``synonyms`` too. English: ``synonyms``."""
    if language == original_language():
        return synonyms
    translated = translated_labels(language, in_english(labels) + registered_labels())
    if not translated:
        return synonyms
    combined: dict[tuple[str, ...], tuple[str, ...]] = dict(synonyms)
    for key, english in translated.items():
        phrases = list(combined.get(key, ()))
        for label in english:
            for phrase in (label, *synonyms.get(match_key(label), ())):
                if phrase.lower() not in map(str.lower, phrases):
                    phrases.append(phrase)
        combined[key] = tuple(phrases)
    return MappingProxyType(combined)


def option_labels(options: Mapping[str, Mapping[str, object]]) -> list:
    """Every facet's option labels ({facet key: {value: label}}, as search reads them)."""
    return [label for choices in options.values() for label in choices.values()]


def search_examples() -> list[str]:
    """The search hint's examples, in the active language (its words for the labels)."""
    english = in_english(label for source in _example_sources for label in source())
    return [clean_query(gettext(label)).lower() for label in english]


register_labels(everyday_words)
