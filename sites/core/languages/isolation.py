"""Someone's words (a member's name, a group's, an event's title) inside a translated
sentence, isolated so that on a right-to-left page the bidi algorithm cannot carry the
sentence's punctuation and numbers into them, or theirs into the sentence ("Ola (2)"
staying "Ola (2)" inside Arabic)."""

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

# First strong isolate and pop directional isolate: <bdi> for text that cannot hold an
# element, such as <title> (Unicode's bidi algorithm, UAX #9, section 2.7).
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def isolated(value) -> SafeString:
    """``value`` escaped, in ``<bdi>``; nothing for an empty one."""
    if value in (None, ""):
        return value
    return format_html("<bdi>{}</bdi>", value)


def isolated_text(value: str) -> str:
    """``value`` isolated as :func:`isolated` does, in plain text: for ``<title>``."""
    if value in (None, ""):
        return value
    return f"{FIRST_STRONG_ISOLATE}{value}{POP_DIRECTIONAL_ISOLATE}"


def with_names(sentence: str, **names) -> SafeString:
    """A translated ``sentence`` ("You have joined %(name)s.") as HTML, its ``names``
    isolated: for a message shown after an action, which keeps it safe to show."""
    words = {key: isolated(value) for key, value in names.items()}
    return mark_safe(conditional_escape(sentence) % words)
