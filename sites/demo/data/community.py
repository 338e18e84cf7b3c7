"""The words of the demo community: members, groups and discussions (see ``sites.demo.community``).

Written to read like a real borough's site on a quiet week: friendly, plain, nobody's
real details. Interests are names from the default taxonomy (``sites.core.setup``).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class MemberIdea:
    display_name: str
    about: str
    interests: tuple[str, ...]
    trusted: bool = True  # new members' posts wait for a moderator


MEMBER_IDEAS = [
    MemberIdea(
        "Sam",
        "Retired bus driver. I like walking and a good cup of tea.",
        ("Walking", "Social and peer support"),
    ),
    MemberIdea(
        "Priya",
        "I moved here last year and I'm still finding my way around.",
        ("Cooking and food", "Language and conversation"),
    ),
    MemberIdea(
        "Tom",
        "Allotment on Saturdays, choir on Thursdays.",
        ("Gardening and outdoors", "Music and singing"),
    ),
    MemberIdea(
        "Grace", "I knit, I read and I love a quiz.", ("Arts and crafts", "Reading and writing")
    ),
    MemberIdea(
        "Dev", "Learning to use my tablet. Happy to help others too.", ("Tech and digital skills",)
    ),
    MemberIdea(
        "Maria", "Volunteer at the food bank. Always up for a walk.", ("Volunteering", "Walking")
    ),
    MemberIdea(
        "Kofi",
        "Board games, card games, any games.",
        ("Games", "Social and peer support"),
    ),
    MemberIdea(
        "Ellen",
        "Chair yoga has changed my mornings.",
        ("Health and wellbeing", "Arts and crafts"),
    ),
    MemberIdea(
        "Hassan",
        "I enjoy cooking for other people.",
        ("Cooking and food", "Volunteering"),
    ),
    MemberIdea(
        "Lucy",
        "Quiet, but I like being around people. Books and nature.",
        ("Reading and writing", "Gardening and outdoors"),
    ),
    MemberIdea(
        "Aidan",
        "Guitar player, slowly getting back into it.",
        ("Music and singing", "Games"),
    ),
    MemberIdea(
        "Joy",
        "I like to sing and to laugh.",
        ("Music and singing", "Social and peer support"),
    ),
    # New members: their first posts wait for a moderator.
    MemberIdea("Nadia", "New here. Hoping to meet people nearby.", ("Walking",), trusted=False),
    MemberIdea("Olu", "Just joined after my coach told me about it.", ("Games",), trusted=False),
    MemberIdea("Rita", "Looking for something to do on weekdays.", (), trusted=False),
]

# The member and the moderator the README tells people to sign in as.
DEMO_MEMBER_NAME = "Sam"


@dataclass(frozen=True)
class GroupIdea:
    name: str
    description: str
    interests: tuple[str, ...]
    meets_where: str
    meets_when: str
    members_only: bool = False
    approved: bool = True


GROUP_IDEAS = [
    GroupIdea(
        "Sunday strollers",
        "Slow walks of about an hour, finishing at a café. Everyone goes at the pace of "
        "the slowest walker.",
        ("Walking",),
        "The main gates of the park",
        "Sunday mornings at 10",
    ),
    GroupIdea(
        "Cook and share",
        "We take turns to choose a cheap, simple recipe, cook it together and share the meal.",
        ("Cooking and food",),
        "The community centre kitchen",
        "Every other Wednesday evening",
    ),
    GroupIdea(
        "Green fingers",
        "Growing vegetables and flowers in the community garden. No experience needed.",
        ("Gardening and outdoors",),
        "The community garden",
        "Saturday afternoons",
    ),
    GroupIdea(
        "Sing for joy",
        "A choir for people who think they can't sing. We sing for fun, not for shows.",
        ("Music and singing",),
        "The church hall",
        "Thursday evenings",
    ),
    GroupIdea(
        "Crafty hands",
        "Knitting, sewing, drawing, collage: bring what you are working on.",
        ("Arts and crafts",),
        "The library meeting room",
        "Tuesday afternoons",
    ),
    GroupIdea(
        "Board game club",
        "Easy games to learn, and a few harder ones for those who want them.",
        ("Games",),
        "The café upstairs at the library",
        "First Friday of the month",
    ),
    GroupIdea(
        "Short story readers",
        "One short story a month, then a chat about it. Copies to borrow.",
        ("Reading and writing",),
        "Online, on a video call",
        "Last Monday of the month",
    ),
    GroupIdea(
        "Tech buddies",
        "Help with phones, tablets and computers, from people who were beginners not long ago.",
        ("Tech and digital skills",),
        "The library computer room",
        "Wednesday mornings",
    ),
    GroupIdea(
        "Litter pickers",
        "We tidy up a different street or green each month. Gloves and pickers provided.",
        ("Volunteering",),
        "Outside the town hall",
        "Second Saturday of the month",
    ),
    GroupIdea(
        "Chatty café",
        "Practise your English over a hot drink. Every level is welcome.",
        ("Language and conversation",),
        "The community café",
        "Friday mornings",
    ),
    # Members-only: the members talk about things they keep among themselves.
    GroupIdea(
        "Carers' cuppa",
        "A private space for people who look after someone. What is said here stays here.",
        ("Social and peer support",),
        "The community centre, small room",
        "Monday afternoons",
        members_only=True,
    ),
    GroupIdea(
        "Feeling better together",
        "A members-only group for people living with anxiety or low mood to share what helps.",
        ("Health and wellbeing", "Social and peer support"),
        "Online, on a video call",
        "Thursday afternoons",
        members_only=True,
    ),
    # Waiting for an Editor, so approving a group can be tried.
    GroupIdea(
        "Photo walks",
        "Taking photos of the borough on our phones, then sharing the best ones.",
        ("Arts and crafts", "Walking"),
        "Outside the station",
        "Sunday afternoons",
        approved=False,
    ),
]


@dataclass(frozen=True)
class ThreadIdea:
    title: str
    posts: tuple[str, ...]  # the first is the opening post; the rest are replies
    topic: str = ""  # a default topic's name, for site-wide discussions
    group: str = ""  # a group's name, for a group discussion


THREAD_IDEAS = [
    ThreadIdea(
        "Hello from a new member",
        (
            "Hello everyone. I have just joined. I don't go out much but I'd like to change that.",
            "Welcome! The coffee mornings are a gentle place to start.",
            "Welcome from me too. Take your time, there's no rush.",
        ),
        topic="Say hello",
    ),
    ThreadIdea(
        "Anywhere quiet to sit and read?",
        (
            "I'm looking for somewhere quiet and warm to read in the afternoons. Any ideas?",
            "The library's top floor is very quiet after lunch.",
        ),
        topic="Things to do",
    ),
    ThreadIdea(
        "What are you growing this year?",
        (
            "I've got tomatoes and runner beans going. What about you?",
            "Just herbs on my windowsill, but they smell lovely.",
            "Potatoes in a bag! Easier than it sounds.",
        ),
        topic="Hobbies and interests",
    ),
    ThreadIdea(
        "Small things that help on a hard day",
        (
            "On hard days I try to get outside for ten minutes. What helps you?",
            "A warm drink and a favourite song.",
            "Ringing someone, even if it is just for a minute.",
        ),
        topic="Support and wellbeing",
    ),
    ThreadIdea(
        "Is the market on this Sunday?",
        (
            "Does anyone know if the Sunday market is on this week?",
            "Yes, it is on every Sunday until Christmas.",
        ),
        topic="Around the borough",
    ),
    ThreadIdea(
        "Favourite easy recipe?",
        (
            "Share a recipe that is cheap and easy. Mine is lentil soup.",
            "Beans on toast with cheese. A classic!",
        ),
        topic="Hobbies and interests",
    ),
    ThreadIdea(
        "Route for next Sunday",
        (
            "Shall we try the river path next Sunday? It is flat all the way.",
            "Yes please, my knees would like that.",
        ),
        group="Sunday strollers",
    ),
    ThreadIdea(
        "Songs for the spring concert",
        (
            "Any requests for songs to learn next?",
            "Something from the sixties!",
        ),
        group="Sing for joy",
    ),
    ThreadIdea(
        "Finding time for yourself",
        (
            "How do you all find time for yourselves between caring?",
            "I ask a neighbour to sit in for an hour on Fridays. It makes a big difference.",
        ),
        group="Carers' cuppa",
    ),
]

# Posts that wait for a moderator: (thread title, a new member's name, words).
HELD_POST_IDEAS = [
    ("Hello from a new member", "Nadia", "Hi, I'm new too. Would anyone like to meet for a walk?"),
    ("Anywhere quiet to sit and read?", "Olu", "The museum café is quiet on weekday mornings."),
    ("Is the market on this Sunday?", "Rita", "Does the market sell plants as well?"),
]

# Open reports: (thread title, words of the reported post, reason, details, safeguarding).
REPORT_IDEAS = [
    (
        "Favourite easy recipe?",
        "Beans on toast with cheese. A classic!",
        "other",
        "I think this was posted twice by mistake.",
        False,
    ),
    (
        "Small things that help on a hard day",
        "Ringing someone, even if it is just for a minute.",
        "safety",
        "They have mentioned feeling very low in other posts. Could someone check in?",
        True,
    ),
]
