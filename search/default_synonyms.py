"""The search synonyms every borough starts with (data). Editors change them afterwards,
in the admin (Settings → Search synonyms).

Each entry: the word people type, what listings call the same thing, and whether it
works both ways (searching "step-free access" also finds listings that say
"wheelchair"). Written for any borough: no place names.

The words people type are marked for translation: a reader who types one in their own
language also searches it in English (search/reader_words.py).
"""

from django.utils.translation import gettext_noop

# (word, also means, both ways)
DEFAULT_SYNONYMS = [
    (gettext_noop("wheelchair"), "step-free access, step-free, wheelchair accessible", True),
    (gettext_noop("disabled"), "accessible, disability, step-free access", False),
    (gettext_noop("deaf"), "hearing loop, British Sign Language, BSL, hard of hearing", False),
    (gettext_noop("hard of hearing"), "hearing loop, deaf", False),
    (gettext_noop("sign language"), "British Sign Language, BSL", True),
    (gettext_noop("blind"), "sight loss, visually impaired, partially sighted", True),
    (gettext_noop("lonely"), "befriending, social, meet people, friendship, coffee morning", False),
    (gettext_noop("isolated"), "befriending, social, meet people", False),
    (gettext_noop("make friends"), "befriending, friendship, meet people, social", False),
    (gettext_noop("ESOL"), "English classes, learn English, English conversation", True),
    (gettext_noop("older people"), "over 50s, over 60s, seniors, elderly, later life", True),
    (gettext_noop("kids"), "children, families, family, young people", False),
    (gettext_noop("teenagers"), "young people, youth, teens", True),
    (gettext_noop("toddler"), "under 5s, stay and play, parent and baby", False),
    (gettext_noop("mental health"), "wellbeing, peer support, anxiety, depression", False),
    (gettext_noop("anxiety"), "mental health, wellbeing, stress", False),
    (gettext_noop("exercise"), "fitness, keep fit, sport, physical activity", True),
    (gettext_noop("computer"), "digital skills, tech help, internet, computers", False),
    (gettext_noop("food bank"), "food pantry, free food, community fridge, community meal", True),
    (gettext_noop("carer"), "carers, caring, respite, unpaid carer", False),
    (gettext_noop("dementia"), "memory cafe, memory loss, Alzheimer's", True),
    (gettext_noop("job"), "employment, work, careers, CV", False),
    (gettext_noop("debt"), "money advice, benefits advice, cost of living", False),
    (gettext_noop("grief"), "bereavement, loss", True),
    (gettext_noop("singing"), "choir, sing", True),
    (gettext_noop("knitting"), "crochet, sewing, crafts, yarn", False),
    (gettext_noop("LGBT"), "LGBTQ, gay, lesbian, trans, queer", False),
    (gettext_noop("volunteer"), "volunteering, help out, give time", True),
]


def everyday_words() -> list[str]:
    """The starting list's words, in English (for search/reader_words.py)."""
    return [word for word, _, _ in DEFAULT_SYNONYMS]
