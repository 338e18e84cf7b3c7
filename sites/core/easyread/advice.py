"""Light checks on an Easy Read text: editors are warned, never stopped (a picture
without words is the one hard rule, in blocks.py)."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .blocks import MAX_WORDS

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(text: str) -> list[str]:
    """Each line, then each sentence in it ("It is free. Come along." is two)."""
    found = []
    for line in (text or "").splitlines():
        found.extend(part.strip() for part in SENTENCE_END.split(line) if part.strip())
    return found


def easy_read_advice(points) -> list[str]:
    """What an editor could make easier: long sentences, points without a picture."""
    advice = []
    for number, point in enumerate(points or [], start=1):
        value = point.value
        for sentence in sentences(value.get("text")):
            words = len(sentence.split())
            if words > MAX_WORDS:
                advice.append(
                    _("Point %(number)s: “%(start)s…” has %(words)s words. Try %(most)s or fewer.")
                    % {"number": number, "start": sentence[:40], "words": words, "most": MAX_WORDS}
                )
        if not value.get("picture"):
            advice.append(
                _("Point %(number)s has no picture. Add one to go beside it.") % {"number": number}
            )
    return advice


def advice_message(label: str, points) -> str | None:
    advice = easy_read_advice(points)
    if not advice:
        return None
    intro = ngettext(
        "%(label)s could be easier to read (1 thing to look at):",
        "%(label)s could be easier to read (%(count)s things to look at):",
        len(advice),
    ) % {"label": label, "count": len(advice)}
    return " ".join([intro, *advice])
