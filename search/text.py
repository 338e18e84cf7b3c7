"""Cleaning what people type into the search box, and highlighting what matched.

Every query goes through ``clean_query`` before any backend sees it, so no input (very
long, punctuation only, query syntax such as ``title:(a OR``, backslashes, quotes,
other scripts, emoji) can reach an engine's or PostgreSQL's parser as syntax.
"""

import html
import re
import secrets
import unicodedata
from dataclasses import dataclass

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_CHARACTERS = 200
MAX_QUERY_WORDS = 12
SNIPPET_CHARACTERS = 180
# Marks the engine puts around highlighted words: private-use characters (they survive
# HTML escaping) around a secret made afresh for every query, so text that contains
# private-use characters itself can never forge one (EngineMarks.new()).
MARK_START = "\ue000"
MARK_END = "\ue001"
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)


def _is_word_character(character: str) -> bool:
    # Letters, combining marks (needed by Bengali, Arabic, ...) and digits.
    return unicodedata.category(character)[0] in "LMN"


def clean_query(text: str | None) -> str:
    """Plain words only: at most MAX_QUERY_WORDS words and MAX_QUERY_CHARACTERS long."""
    text = (text or "")[: MAX_QUERY_CHARACTERS * 10]
    kept = "".join(
        c if _is_word_character(c) or c in "-'’" else " "
        for c in unicodedata.normalize("NFC", text)
    )
    words = []
    for word in kept.split():
        word = word.strip("-'’")
        # A word needs a letter or a digit: marks alone (an emoji's variation selector) are not.
        if any(unicodedata.category(c)[0] in "LN" for c in word):
            words.append(word)
    cleaned = " ".join(words[:MAX_QUERY_WORDS])
    if len(cleaned) > MAX_QUERY_CHARACTERS:
        cleaned = cleaned[:MAX_QUERY_CHARACTERS].rsplit(" ", 1)[0] or cleaned[:MAX_QUERY_CHARACTERS]
    return cleaned


def escaped(value) -> str:
    """What ``conditional_escape(value)`` writes, for HTML written in Python. A plain
    ``str`` (most values) goes straight to ``html.escape``, as Django's ``escape`` sends
    it, without the lazy-text check and the SafeString Django makes for each: 0.2
    against 1.2 µs, and a search page writes about 270 of them. Safe HTML, lazy text and
    numbers go through ``conditional_escape`` itself."""
    if type(value) is str:
        return html.escape(value)
    return conditional_escape(value)


def query_terms(query: str) -> list[str]:
    return [term.lower() for term in WORD.findall(query)]


def _allowed_edits(term: str) -> int:
    """As the engine's fuzziness AUTO: exact up to 2 letters, 1 edit up to 5, then 2."""
    if len(term) <= 2:
        return 0
    return 1 if len(term) <= 5 else 2


def _within_edits(a: str, b: str, limit: int) -> bool:
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def word_matches(word: str, terms: list[str]) -> bool:
    word = word.lower()
    for term in terms:
        if word.startswith(term) or (len(term) >= 3 and term.startswith(word) and len(word) >= 3):
            return True
        if _within_edits(word, term, _allowed_edits(term)):
            return True
    return False


def highlight(text: str, query: str, max_length: int | None = SNIPPET_CHARACTERS) -> SafeString:
    """``text`` as safe HTML, words matching ``query`` (typos allowed) in <mark>.

    The text is escaped first, piece by piece; only our own <mark> tags are added.
    With ``max_length``, a window of about that many characters around the first match.
    """
    text = " ".join((text or "").split())
    terms = query_terms(query)
    spans = [m.span() for m in WORD.finditer(text) if terms and word_matches(m.group(), terms)]
    start, end = 0, len(text)
    if max_length and len(text) > max_length:
        first = spans[0][0] if spans else 0
        start = max(0, first - max_length // 3)
        space = text.find(" ", start)
        if start and 0 <= space < first:
            start = space + 1  # begin at a whole word
        end = min(len(text), start + max_length)
        space = text.rfind(" ", start, end)
        if end < len(text) and space > start:
            end = space  # end at a whole word
    pieces = ["…" if start else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(html.escape(text[cursor:span_start]))
        pieces.append(f"<mark>{html.escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(html.escape(text[cursor:end]))
    if end < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces))  # every piece of text was escaped above


@dataclass(frozen=True)
class EngineMarks:
    start: str
    end: str

    @classmethod
    def new(cls) -> "EngineMarks":
        secret = secrets.token_hex(8)
        return cls(f"{MARK_START}{secret}{MARK_START}", f"{MARK_END}{secret}{MARK_END}")


def from_engine_highlight(fragment: str, marks: EngineMarks) -> SafeString:
    """An engine highlight (with this query's ``marks``) as safe HTML."""
    escaped = html.escape(" ".join(fragment.split()))
    # Escaped above; only our own tags are added, where this query's own marks are.
    return mark_safe(escaped.replace(marks.start, "<mark>").replace(marks.end, "</mark>"))
