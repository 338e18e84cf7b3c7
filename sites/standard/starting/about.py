"""Starting text: About, How Community Connecting works, Help using this website."""

from .writing import TEAM_CONTACT, Borough, bullets, external, heading, numbered, paragraph

ABILITYNET = "https://mcmw.abilitynet.org.uk/"


def about(b: Borough) -> list:
    return [
        paragraph(
            f"{b.site_name} is a free website for people in {b.place} who would like to get "
            "out more, meet people or try something new. You can find groups, classes, clubs, "
            "places and events near you."
        ),
        heading("Who can join"),
        paragraph(
            "Anyone can look at this website. To join groups and discussions with other "
            "members, you need to be 18 or older. Then you can "
            f"{b.link('sign_up', 'join this website')}. It is free.",
            "If you are younger and need help or someone to talk to, "
            f"{b.link('get_help', 'Get help now')} says who to contact.",
        ),
        heading("Who runs this website"),
        paragraph(
            f"The Community Connecting team in {b.place} runs it. The team also gives free "
            "one-to-one support to people who would like help to find things to do: read "
            f"{b.link('community_connecting', 'how Community Connecting works')}."
        ),
        heading("Who can be listed"),
        paragraph(
            f"Any group, club, charity or service that is open to people in {b.place} can ask "
            f"to be listed, free of charge. {b.link('join', 'List your organisation')}."
        ),
        heading("Contact us"),
        TEAM_CONTACT,
    ]


def community_connecting(b: Borough) -> list:
    return [
        paragraph(
            f"Community Connecting is a free service for adults in {b.place} who feel lonely, "
            "would like to get out more, or are not sure where to start. Someone from the team "
            "gets to know you and what matters to you, and helps you find groups, activities "
            "and services that suit you."
        ),
        heading("Who it is for"),
        paragraph(
            f"It is for adults who live in {b.place}. You do not need a diagnosis, and you do "
            "not need to be referred by anyone."
        ),
        heading("How to ask for support"),
        paragraph(
            "You can ask for yourself. Someone else can ask for you if you agree, for example "
            "your GP, a social worker, a support worker or someone in your family. Contact the "
            "Community Connecting team:"
        ),
        TEAM_CONTACT,
        heading("What happens next"),
        numbered(
            "We get in touch to arrange a time to talk.",
            "You talk with someone from the team, on the phone or in person, somewhere you "
            "feel comfortable.",
            "Together you look for things you would like to try, at your own pace. We can "
            "help you with the first visit.",
            "We stay in touch while you get going, for as long as you find it useful.",
        ),
        heading("This is not an emergency service"),
        paragraph(
            "If you or someone else is in danger or needs help urgently, read "
            f"{b.link('get_help', 'Get help now')}."
        ),
    ]


def help_using(b: Borough) -> list:
    return [
        heading("Finding things to do"),
        paragraph(
            f"Go to {b.link('things_to_do', 'Things to do')} to look through activities in "
            f"{b.place}. You can choose what suits you, such as the day, the time, whether it "
            "is free and whether it has step-free access. You can also type what you are "
            "looking for into the search box at the top of every page."
        ),
        heading("Joining"),
        paragraph(
            "You can look at everything without an account. To join groups, take part in "
            "discussions or say you are going to an event, "
            f"{b.link('sign_up', 'join this website')}. It is free. You need to be 18 or older "
            "to join."
        ),
        heading("Making this website easier to use"),
        bullets(
            "Make the text bigger: hold down Ctrl (or Cmd on a Mac) and press +. "
            "Press - to make it smaller again.",
            "Have pages read aloud: most phones, tablets and computers can do this. "
            f"{external(ABILITYNET, 'AbilityNet has advice')} on how to set it up.",
            "Everything works with a keyboard, and without JavaScript.",
        ),
        heading("Listing your organisation"),
        paragraph(
            f"If you run a group, club, charity or service for people in {b.place}, you can "
            f"{b.link('join', 'list your organisation')} for free."
        ),
        heading("If something is wrong"),
        paragraph(
            "If a listing is out of date, use \u201cReport a problem with this listing\u201d "
            "on its page. If a member's post worries you, use the \u201cReport\u201d link next "
            "to it. For anything else, contact us:"
        ),
        TEAM_CONTACT,
        paragraph(
            f"Read our {b.link('accessibility', 'accessibility statement')} and our "
            f"{b.link('privacy', 'privacy notice')}."
        ),
    ]
