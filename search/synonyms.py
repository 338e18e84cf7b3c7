"""Everyday words: a search for "wheelchair" also finds listings that say "step-free access".

Each borough's Editors keep the list (``SearchSynonym``, in the borough's own schema, so
one borough's words never touch another's searches). A search expands the words typed
*at query time*, here in Python, into whole alternative queries ("wheelchair yoga" →
"step-free access yoga"); engine.py searches them as a tier below the words as typed,
on the engine and on PostgreSQL alike, so exact words always rank first. Words are
matched whole, in any case, without accents ("cafe" finds an entry for "café") and without
Arabic's article "ال" ("التطوع" finds an entry for "تطوع"). Nothing is
put into an index's analyser: a change to the list applies to the next search, and the
same list works whatever the index layout.

The list's rows are kept per process and borough in the site's cache (registered by
sites/core, ``registry.borough_vocabulary``), which every process refreshes when an
Editor's edit commits (sites/core/signals.py); without it, they are read from the
borough's schema at each search. The map built from the rows is remembered per process,
keyed by the rows themselves (``build_synonyms``), so no borough can ever be served
another's list. Measured in docs/operations/search.md.
"""

import itertools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .registry import borough_vocabulary
from .text import clean_query

# At most this many alternative queries per search (each is one more OR in one query).
MAX_ALTERNATIVES = 6
MAX_PHRASES = 10
MAX_PHRASE_WORDS = 5
_SEPARATORS = re.compile(r"[,;\n]+")
_JOINERS = re.compile(r"[-'’]+")

Synonyms = Mapping[tuple[str, ...], Sequence[str]]


@dataclass(frozen=True)
class Expansion:
    """What a query also means: whole queries to search as well, and, for the notice,
    the words that were added (as the Editors wrote them)."""

    alternatives: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)

    def __bool__(self):
        return bool(self.alternatives)


def words_of(text: str) -> tuple[str, ...]:
    """Lower-case words, hyphens and apostrophes as spaces: "Step-free" is ("step", "free")."""
    return _key(clean_query(text))


def _key(cleaned: str) -> tuple[str, ...]:
    """``words_of`` for text already cleaned (queries, entries as saved)."""
    return tuple(_JOINERS.sub(" ", cleaned.lower()).split())


# Letters read as their plain twin when matching (accents are dropped below).
_PLAIN_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i", "ى": "ي", "ة": "ه"})


def _is_accent(character: str) -> bool:
    # Latin, Greek and Cyrillic accents (after NFKD), Arabic short vowels, hamza marks
    # and the tatweel. Not every combining mark: Bengali's or Tamil's vowel signs are
    # letters of the word, not accents.
    code = ord(character)
    return 0x300 <= code <= 0x36F or 0x64B <= code <= 0x65F or code in (0x670, 0x640)


# The Arabic article "ال" ("the"), alone or after "و" (and), "ب" (with), "ف" (so) or
# "ك" (like), and "لل" ("for the"): longest first. Dropped only when at least two
# letters are left, so a short word that merely starts with these letters stays whole.
_ARABIC_ARTICLES = ("وال", "بال", "فال", "كال", "لل", "ال")
_MIN_LETTERS_AFTER_ARTICLE = 2


def _without_arabic_article(word: str) -> str:
    for article in _ARABIC_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= _MIN_LETTERS_AFTER_ARTICLE:
            return word[len(article) :]
    return word


def fold(word: str) -> str:
    """``word`` as matched: "Café" and "cafe", "WOLONTARIAT" and "wolontariat",
    "تَطَوُّع", "تطوع" and "التطوع" (with the article "the") are the same."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    plain = "".join(c for c in decomposed if not _is_accent(c))
    folded = unicodedata.normalize("NFC", plain).translate(_PLAIN_LETTERS)
    return _without_arabic_article(folded)


def match_key(text: str) -> tuple[str, ...]:
    """The words of ``text`` (cleaned) as entries are looked up: whole words, any case,
    no accents."""
    return tuple(fold(word) for word in _key(text))


def _phrases(text: str) -> list[str]:
    found, seen = [], set()
    for part in _SEPARATORS.split(text or ""):
        phrase = clean_query(part)
        if phrase and words_of(phrase) not in seen:
            seen.add(words_of(phrase))
            found.append(phrase)
    return found


def clean_synonym(word: str, also_means: str) -> tuple[str, str]:
    """The entry as it is kept; ValidationError in plain words if it cannot be used."""
    errors = {}
    word = clean_query(word)
    if not word:
        errors["word"] = gettext("Type the word or phrase people search for.")
    elif len(words_of(word)) > MAX_PHRASE_WORDS:
        errors["word"] = gettext("Use a word or a short phrase (up to %(max)s words).") % {
            "max": MAX_PHRASE_WORDS
        }
    phrases = [p for p in _phrases(also_means) if words_of(p) != words_of(word)]
    if not phrases:
        errors["also_means"] = gettext("Type at least one word or phrase it also means.")
    elif len(phrases) > MAX_PHRASES:
        errors["also_means"] = gettext(
            "Use at most %(max)s words or phrases, separated by commas."
        ) % {"max": MAX_PHRASES}
    elif any(len(words_of(p)) > MAX_PHRASE_WORDS for p in phrases):
        errors["also_means"] = gettext(
            "Each phrase can be up to %(max)s words long; separate them with commas."
        ) % {"max": MAX_PHRASE_WORDS}
    if errors:
        raise ValidationError(errors)
    return word, ", ".join(phrases)


@lru_cache(maxsize=256)
def build_synonyms(rows: tuple[tuple[str, str, bool], ...]) -> Synonyms:
    """{words searched: [phrases they also mean]} from (word, also_means, both_ways) rows,
    as saved (cleaned by ``clean_synonym``). Remembered per process by the rows' own
    content, so an edit is seen at once and no borough can be given another's list."""
    found: dict[tuple[str, ...], list[str]] = {}

    def add(key, phrases):
        known = found.setdefault(key, [])
        for phrase in phrases:
            if match_key(phrase) != key and phrase.lower() not in map(str.lower, known):
                known.append(phrase)

    for word, also_means, both_ways in rows:
        phrases = [p.strip() for p in _SEPARATORS.split(also_means) if p.strip()]
        add(match_key(word), phrases)
        if both_ways:
            for phrase in phrases:
                add(match_key(phrase), [word])
    return MappingProxyType(
        {key: tuple(phrases) for key, phrases in found.items() if key and phrases}
    )


def borough_synonyms() -> Synonyms:
    """The current borough's list (building the map from the rows is remembered, see
    ``build_synonyms``)."""
    from .models import SearchSynonym

    def read() -> tuple:
        rows = SearchSynonym.objects.values_list("word", "also_means", "both_ways")
        return tuple(rows.order_by("pk"))

    return build_synonyms(borough_vocabulary("search-synonyms", read))


def _match(words: tuple[str, ...], synonyms: Synonyms) -> tuple[tuple[str, ...], int] | None:
    """The longest entry that ``words`` start with: (its key, how many words it used)."""
    longest = max((len(key) for key in synonyms), default=0)
    for size in range(min(longest, len(words)), 0, -1):
        key = words[:size]
        if key in synonyms:
            return key, size
        singular = (*key[:-1], key[-1][:-1])  # "wheelchairs" finds "wheelchair"
        if key[-1].endswith("s") and len(key[-1]) > 3 and singular in synonyms:
            return singular, size
    return None


def expand(query: str, synonyms: Synonyms) -> Expansion:
    """Whole queries to search as well as ``query``, one entry's phrase in place of the
    words it matched (every combination, at most MAX_ALTERNATIVES)."""
    words = _key(query)
    if not words or not synonyms:
        return Expansion()
    folded = tuple(fold(word) for word in words)
    slots: list[list[str]] = []  # each: the words typed, then what they also mean
    also: list[str] = []
    position = 0
    while position < len(words):
        matched = _match(folded[position:], synonyms)
        if matched is None:
            slots.append([words[position]])
            position += 1
            continue
        key, size = matched
        slots.append([" ".join(words[position : position + size]), *synonyms[key]])
        also += [phrase for phrase in synonyms[key] if phrase not in also]
        position += size
    alternatives = []
    for combination in itertools.islice(itertools.product(*slots), 1, None):
        # Cleaned again: rows written without the admin's checks (SQL) are plain words too.
        alternative = clean_query(" ".join(combination))
        if alternative and alternative not in alternatives:
            alternatives.append(alternative)
        if len(alternatives) == MAX_ALTERNATIVES:
            break
    used = {word for alternative in alternatives for word in _key(alternative)}
    shown = [clean_query(phrase) for phrase in also if set(words_of(phrase)) <= used]
    return Expansion(alternatives, [phrase for phrase in shown if phrase])


def _filled(template: str, values: dict, as_html: bool) -> str:
    """``template % values``. As HTML: the template (translators' words) escaped here,
    the values already HTML (escaped by ``format_html``)."""
    if not as_html:
        return template % values
    return mark_safe(conditional_escape(template) % values)  # noqa: S308 (escaped as said)


def also_notice(expansion: Expansion, found_any: bool, words_lang: str = "") -> str:
    """ "Showing results for step-free access too", in plain words.

    ``words_lang``: `` lang="…" dir="…"`` of the language the added words are in (the
    site's own: English labels and the team's everyday words) when the page is in
    another. The notice is then HTML, each added word isolated and marked with its
    language (WCAG 3.1.2): "…<bdi lang="en-gb" dir="ltr">Volunteering</bdi>…" in Arabic."""
    if not expansion.also:
        return ""
    as_html = bool(words_lang)
    shown = [
        format_html("<bdi{}>{}</bdi>", words_lang, word) if as_html else word
        for word in expansion.also
    ]
    listed = shown[0]
    if len(shown) > 1:
        first = (mark_safe(", ") if as_html else ", ").join(shown[:-1])
        both = {"first": first, "last": shown[-1]}
        listed = _filled(gettext("%(first)s and %(last)s"), both, as_html)
    if found_any:
        return _filled(gettext("Showing results for %(words)s too."), {"words": listed}, as_html)
    return _filled(gettext("We also looked for %(words)s."), {"words": listed}, as_html)


def ensure_default_synonyms() -> int:
    """Add the starting list (idempotent); returns how many entries were added."""
    from .default_synonyms import DEFAULT_SYNONYMS
    from .models import SearchSynonym

    added = 0
    for word, also_means, both_ways in DEFAULT_SYNONYMS:
        _, created = SearchSynonym.objects.get_or_create(
            word=word, defaults={"also_means": also_means, "both_ways": both_ways}
        )
        added += created
    return added
