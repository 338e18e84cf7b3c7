"""Rich text as plain words for the index, as Wagtail's ``get_text_for_indexing`` gives
them, without Python's HTML parser for ordinary rich text.

Wagtail strips tags with Django's ``strip_tags``, an ``HTMLParser`` fed one character
class at a time: a fifth of the time of an activity's document. Rich text as Wagtail
stores it is only well-formed tags (``<p>``, ``<a linktype="page" id="3">``,
``<embed ... />``), text and entities; for exactly that the parser removes each tag and
keeps everything else as it is, and a regular expression does the same. Anything else
(a comment, a stray ``<``, a bare ``&``, a very long tag) goes to Wagtail's own function.
tests/search/test_documents.py compares both on tricky input.
"""

import re
from html import unescape

from django.utils.html import long_open_tag_without_closing_re

from wagtail.rich_text import get_text_for_indexing

# A start or end tag the parser reads as one: a name, double-quoted or bare attributes.
_TAG = re.compile(
    r'<(?:[a-zA-Z][a-zA-Z0-9]*(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<>]*")?)*\s*/?'
    r"|/[a-zA-Z][a-zA-Z0-9]*\s*)>"
)
# An "&" that does not start a whole entity or character reference.
_LOOSE_AMPERSAND = re.compile(r"&(?!(?:[a-zA-Z][-.a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);)")
# Wagtail's spaces after block ends, so "<p>a</p><p>b</p>" gives "a b".
_BLOCK_END = re.compile(r"(</(p|h\d|li|blockquote)>)", flags=re.IGNORECASE)
_BREAK = re.compile(r"(<(br|hr)\s*/>)", flags=re.IGNORECASE)


def text_for_indexing(richtext: str) -> str:
    """``wagtail.rich_text.get_text_for_indexing(richtext)``, faster."""
    spaced = _BREAK.sub(r"\1 ", _BLOCK_END.sub(r"\1 ", richtext))
    text = _TAG.sub("", spaced)
    unusual = "<" in text or _LOOSE_AMPERSAND.search(text)
    if unusual or long_open_tag_without_closing_re.search(spaced):
        return get_text_for_indexing(richtext)
    return unescape(text.strip())
