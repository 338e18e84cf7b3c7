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


def one_kind_of_line_break(value: str) -> str:
    """``value`` with every line break as "\\n". Browsers send "\\r\\n" but count one
    character for it in ``maxlength``: counted as two, a reply the box allowed is refused."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def has_visible_character(value: str) -> bool:
    """Does ``value`` hold anything a reader can see? Spaces of every kind (non-breaking
    ones too), controls, format marks (a right-to-left mark, zero-width spaces) and the
    letters drawn as nothing are not: a text of only those looks empty."""
    return any(
        not ch.isspace() and unicodedata.category(ch)[0] not in "CZ" and ch not in BLANK_LETTERS
        for ch in value
    )


def one_line(value: str) -> str:
    """A name or title: no invisible characters, and single spaces between words."""
    return " ".join(without_invisible(value).split())


def has_letter_or_number(value: str) -> bool:
    return any(unicodedata.category(ch)[0] in "LN" and ch not in BLANK_LETTERS for ch in value)


# Cyrillic and Greek letters drawn like Latin ones, each mapped (after case-folding, so
# "Тимур" and "тимур" stay one name) to the Latin letter it or its capital passes for:
# "Sаm" with a Cyrillic "а" is the same name as "Sam". A short list of our own (no
# confusables library is installed; Unicode's full table, UTS #39, also maps digits and
# marks that real names use).
LOOK_ALIKES = str.maketrans(
    {
        **dict(zip("авеѕіјкмнорстхуԁһԛԝ", "abesijkmhopctxydhqw", strict=True)),
        **dict(zip("αβεζηικμνορτυχ", "abezhikmnoptyx", strict=True)),
    }
)


# Drawn as nothing, though Unicode files them as letters or marks (Hangul fillers, the
# combining grapheme joiner, Khmer's inherent vowels, Mongolian and other variation
# selectors): "Maria" with one of them is still "Maria" to a reader.
BLANK_LETTERS = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
    + "".join(chr(c) for c in range(0xE0100, 0xE01F0))
)


def name_key(value: str) -> str:
    """What makes two names the same to a reader, for telling names apart.

    Compatibility forms folded (NFKC: "ｓａｍ" is "sam"), every invisible character out
    (zero-width joiners too: between Latin letters they look like nothing), look-alike
    letters mapped, case folded, and punctuation and symbols read as spaces: "SAM  JONES",
    "sam.jones" and "-Sam Jones-" are all "sam jones". Accents and other marks are kept:
    many scripts need them to tell words apart.
    """
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())
    text = text.translate(LOOK_ALIKES)
    kept = "".join(
        ch if unicodedata.category(ch)[0] in "LMN" else " "
        for ch in text
        if unicodedata.category(ch)[0] != "C" and ch not in BLANK_LETTERS  # invisible
    )
    return " ".join(kept.split())
