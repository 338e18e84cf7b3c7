"""Text people type, before it is kept: what cannot be seen is taken out.

Names and titles are shown to other members, who may be vulnerable: a name of only
invisible characters looks blank, and a right-to-left override shows the text around it
in another order. Zero-width joiners stay: Bengali, Persian and Urdu words need them.
"""

import unicodedata

KEPT_FORMAT_CHARACTERS = {"\u200c", "\u200d"}  # zero-width non-joiner and joiner


def _seen(ch: str) -> bool:
    category = unicodedata.category(ch)
    if category == "Cf":
        return ch in KEPT_FORMAT_CHARACTERS
    return category != "Cc" or ch in "\n\t"


def without_invisible(value: str) -> str:
    """``value`` without control and format characters (bidi overrides, zero widths)."""
    return "".join(ch for ch in value if _seen(ch))


def one_line(value: str) -> str:
    """A name or title: no invisible characters, and single spaces between words."""
    return " ".join(without_invisible(value).split())


def has_letter_or_number(value: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" for ch in value)
