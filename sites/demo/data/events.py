"""The demo events every borough gets over the next 8 weeks (see ``sites.demo.events``)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class EventIdea:
    title: str
    description: str
    interest: str  # an Interest name from the default taxonomy
    hour: int
    minute: int = 0
    hours: float = 2
    repeat: str = "never"
    online: bool = False
    cost: str = ""  # empty: free
    capacity: int | None = None
    book: bool = False
    features: tuple[str, ...] = ()


EVENT_IDEAS = [
    EventIdea(
        "Coffee and chat morning",
        "A relaxed cup of tea or coffee with friendly people. Come on your own or bring "
        "a friend. Nobody has to talk until they are ready.",
        "Social and peer support",
        10,
        hours=1.5,
        repeat="weekly",
        features=("step_free_access", "accessible_toilet", "quiet_space"),
    ),
    EventIdea(
        "Gentle walk and talk",
        "An easy walk of about an hour at a slow pace, with a stop for a drink afterwards. "
        "Wear comfortable shoes.",
        "Walking",
        11,
        hours=1.5,
        repeat="fortnightly",
    ),
    EventIdea(
        "Seed swap and potting afternoon",
        "Bring seeds or cuttings if you have them, take some home if you do not. Pots and "
        "compost provided.",
        "Gardening and outdoors",
        14,
        capacity=4,
        features=("step_free_access",),
    ),
    EventIdea(
        "Community choir taster",
        "No experience needed and no auditions. We learn simple songs by ear and finish with tea.",
        "Music and singing",
        18,
        minute=30,
        hours=1.5,
        repeat="weekly",
        cost="£2 a session, free if you are on benefits",
        features=("hearing_loop",),
    ),
    EventIdea(
        "Online quiz night",
        "A friendly quiz on video call. Join with your camera on or off. Teams are made "
        "on the night.",
        "Games",
        19,
        hours=1.5,
        repeat="monthly",
        online=True,
    ),
    EventIdea(
        "Cook and eat together",
        "We cook a simple, cheap meal together and then sit down to eat it. Tell us about "
        "any allergies when you book.",
        "Cooking and food",
        17,
        hours=2.5,
        cost="£3 towards the food",
        capacity=3,
        book=True,
        features=("step_free_access", "accessible_toilet"),
    ),
    EventIdea(
        "Phone and tablet help drop-in",
        "Bring your phone, tablet or laptop and your questions. Volunteers help with "
        "email, video calls, the NHS App and staying safe online.",
        "Tech and digital skills",
        13,
        repeat="monthly",
        features=("step_free_access", "hearing_loop"),
    ),
    EventIdea(
        "Chair yoga for beginners",
        "Gentle stretches and breathing, all done sitting down or holding a chair. Suits "
        "every body and every age.",
        "Health and wellbeing",
        10,
        minute=30,
        hours=1,
        capacity=2,
        features=("step_free_access", "quiet_space"),
    ),
    EventIdea(
        "Knit and natter",
        "Knitting, crochet or any other craft you like. Spare needles and wool if you "
        "want to learn.",
        "Arts and crafts",
        14,
        repeat="weekly",
    ),
    EventIdea(
        "English conversation café",
        "Practise everyday English in a small, patient group. All levels are welcome.",
        "Language and conversation",
        16,
        hours=1.5,
        repeat="fortnightly",
        features=("step_free_access",),
    ),
    EventIdea(
        "Book club: short stories",
        "We read one short story a month and talk about it. Copies are free to borrow.",
        "Reading and writing",
        18,
        hours=1.5,
        online=True,
    ),
    EventIdea(
        "Volunteer litter pick",
        "Gloves, pickers and bags provided. Meet at the entrance. Stop whenever you like.",
        "Volunteering",
        10,
        hours=2,
    ),
]
