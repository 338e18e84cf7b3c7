"""Easy Read words for the demo boroughs' key pages: (picture, lines) per point. One idea
a point, one sentence a line, 15 words or fewer each (sites/core/easyread/advice.py).
"{borough}" is the borough's name."""

HOME = [
    (
        "people",
        ["This website helps you find things to do in {borough}.", "You can meet new people."],
    ),
    ("search", ["You can look for clubs, groups and classes.", "Many of them are free."]),
    ("calendar", ["You can find events near you."]),
    ("helper", ["A Community Connector can help you choose.", "It is free."]),
    ("pointer", ["Use the links below to start."]),
]

COMMUNITY_CONNECTING = [
    ("helper", ["A Community Connector is a person who can help you."]),
    ("people", ["They help you find things to do.", "They help you meet people."]),
    ("calendar", ["You can meet them for up to 12 weeks."]),
    ("money", ["It is free."]),
    (
        "form",
        ["Fill in the Get support form to ask for help.", "Or your doctor can send us your name."],
    ),
    ("phone", ["We will call or email you in a few working days."]),
]

GET_SUPPORT = [
    (
        "helper",
        [
            "Do you feel alone?",
            "Do you want to get out more?",
            "A Community Connector can help you.",
        ],
    ),
    ("money", ["It is free."]),
    (
        "form",
        ["Fill in the form below.", "Tell us your first name.", "Tell us how to contact you."],
    ),
    ("lock", ["Only our team sees what you write."]),
    ("phone", ["We will contact you in a few working days."]),
]

HELP = [
    ("search", ["To find something, use the search box at the top."]),
    ("pointer", ["Click a link to see more."]),
    (
        "words",
        [
            "To make the words bigger, press Ctrl and the plus key.",
            "On a phone, spread two fingers on the screen.",
        ],
    ),
    ("question", ["Easy Read is on.", "To turn it off, use the link at the top."]),
    ("phone", ["Need help? Call us.", "The phone number is at the bottom of every page."]),
]

# The key pages by their StandardPage kind (sites/standard/models.py).
STANDARD_PAGES = {
    "community_connecting": COMMUNITY_CONNECTING,
    "help": HELP,
}

# Key pages whose Easy Read words are in every borough's starting text
# (sites/standard/starting/privacy.py: privacy_easy_read): the demo adds a picture to each
# point, in order, while the words are still the starting ones.
STARTING_PICTURES = {
    "privacy": (
        "question",  # what this page says
        "people",  # for adults
        "lock",  # kept safe
        "helper",  # Community Connector
        "form",  # notes
        "question",  # how you feel
        "calendar",  # after N months
        "phone",  # private messages
        "pointer",  # ask us
    ),
}

HOW_TO_JOIN = {
    "drop-in": "You can just turn up.",
    "book": "You need to book first.",
    "referral": "Someone like your doctor needs to send you.",
}
