"""Starting text: Get help now (crisis contacts). Numbers checked against each service's
own website; Editors add local services."""

from .writing import (
    TEAM_CONTACT,
    Borough,
    bullets,
    easy_read_point,
    external,
    heading,
    paragraph,
)

NHS_MENTAL_HEALTH = "https://www.nhs.uk/nhs-services/mental-health-services/"
MIND_CRISIS = (
    "https://www.mind.org.uk/information-support/guides-to-support-and-services/crisis-services/"
)


def get_help(b: Borough) -> list:
    return [
        heading("If someone is in danger right now"),
        paragraph(
            '<b>Call <a href="tel:999">999</a></b> if someone\'s life is at risk, they are '
            "badly hurt, or they are in danger now.",
            "If you cannot speak, call 999 from a mobile phone, listen, then press 55 when "
            "asked. The operator will know it is a real emergency.",
        ),
        heading("If you need to talk to someone now"),
        bullets(
            '<b>Samaritans</b>: call <a href="tel:116123">116 123</a>. It is free, at any '
            "time of the day or night.",
            "<b>Shout</b>: text SHOUT to 85258, if you would rather text than talk. It is "
            "free, at any time.",
            '<b>NHS 111</b>: call <a href="tel:111">111</a> and choose option 2 for urgent '
            "help with your mental health, at any time.",
        ),
        heading("If you are worried about someone"),
        paragraph(
            "If you think a child or an adult is being harmed or neglected, or is at risk of "
            f"it, tell {b.place} Council's safeguarding team. If you are not sure who to tell, "
            'call the police on <a href="tel:101">101</a>. In an emergency, always call 999.',
            "If something a member has posted on this website worries you, use the "
            "\u201cReport\u201d link next to it and say that someone may be at risk. Our team "
            "reads every report.",
        ),
        heading("More places to get help"),
        bullets(
            f"{external(NHS_MENTAL_HEALTH, 'NHS mental health services')}: "
            "how to get help, including urgent help.",
            f"{external(MIND_CRISIS, 'Mind')}: what to do in a crisis.",
        ),
        heading("Contact the Community Connecting team"),
        paragraph("We are not an emergency service and may not be able to answer straight away."),
        TEAM_CONTACT,
    ]


def get_help_easy_read(b: Borough) -> list:
    """The same page in Easy Read: the person who most needs this page may need it."""
    return [
        easy_read_point(
            "Is someone in danger now?",
            "Call 999.",
            "If you cannot talk, call 999 from a mobile phone.",
            "Then press 55.",
        ),
        easy_read_point(
            "Do you need to talk to someone now?",
            "Call Samaritans on 116 123.",
            "It is free, day and night.",
        ),
        easy_read_point("Would you rather text?", "Text SHOUT to 85258.", "It is free."),
        easy_read_point(
            "Do you need help with your mental health now?",
            "Call NHS 111 and choose 2.",
        ),
        easy_read_point(
            "Are you worried someone is being hurt?",
            f"Tell {b.name} Council.",
            "Or call the police on 101.",
        ),
        easy_read_point(
            "We are not an emergency service.",
            "We may not answer straight away.",
        ),
    ]
