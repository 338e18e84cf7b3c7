"""The search synonyms every borough starts with (data). Editors change them afterwards,
in the admin (Settings → Search synonyms).

Each entry: the word people type, what listings call the same thing, and whether it
works both ways (searching "step-free access" also finds listings that say
"wheelchair"). Written for any borough: no place names.
"""

# (word, also means, both ways)
DEFAULT_SYNONYMS = [
    ("wheelchair", "step-free access, step-free, wheelchair accessible", True),
    ("disabled", "accessible, disability, step-free access", False),
    ("deaf", "hearing loop, British Sign Language, BSL, hard of hearing", False),
    ("hard of hearing", "hearing loop, deaf", False),
    ("sign language", "British Sign Language, BSL", True),
    ("blind", "sight loss, visually impaired, partially sighted", True),
    ("lonely", "befriending, social, meet people, friendship, coffee morning", False),
    ("isolated", "befriending, social, meet people", False),
    ("make friends", "befriending, friendship, meet people, social", False),
    ("ESOL", "English classes, learn English, English conversation", True),
    ("older people", "over 50s, over 60s, seniors, elderly, later life", True),
    ("kids", "children, families, family, young people", False),
    ("teenagers", "young people, youth, teens", True),
    ("toddler", "under 5s, stay and play, parent and baby", False),
    ("mental health", "wellbeing, peer support, anxiety, depression", False),
    ("anxiety", "mental health, wellbeing, stress", False),
    ("exercise", "fitness, keep fit, sport, physical activity", True),
    ("computer", "digital skills, tech help, internet, computers", False),
    ("food bank", "food pantry, free food, community fridge, community meal", True),
    ("carer", "carers, caring, respite, unpaid carer", False),
    ("dementia", "memory cafe, memory loss, Alzheimer's", True),
    ("job", "employment, work, careers, CV", False),
    ("debt", "money advice, benefits advice, cost of living", False),
    ("grief", "bereavement, loss", True),
    ("singing", "choir, sing", True),
    ("knitting", "crochet, sewing, crafts, yarn", False),
    ("LGBT", "LGBTQ, gay, lesbian, trans, queer", False),
    ("volunteer", "volunteering, help out, give time", True),
]
