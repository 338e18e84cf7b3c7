"""Starting text: the privacy notice (UK GDPR), in plain words, for a charity-run service.

It describes what the platform itself does; each borough's team checks it against what it
does too (for example, its own records of the people it supports) before it goes live.
Facts the code decides (how long coaching records keep a name, how many questions the
wellbeing questionnaire has, how long each kind of record is kept) come from the code's
own constants and settings, so the notice says what the code does. The text is written
once, at launch: a team that changes "Months before closed records are anonymised"
changes its notice too.
"""

from wagtail import hooks

from .writing import (
    TEAM_CONTACT,
    Borough,
    bullets,
    easy_read_point,
    external,
    heading,
    paragraph,
)

ICO_COMPLAINTS = "https://ico.org.uk/make-a-complaint/"

# The headings of the notice's sections about Community Connecting and private messages.
CONNECTING_HEADINGS = (
    "If you ask for support from a Community Connector",
    "Notes about your support",
    "Questions about how you feel (wellbeing)",
    "Who can see your Community Connecting records",
    "How long we keep your Community Connecting records",
    "Private messages between members",
)


def notice_facts() -> dict:
    """Community Connecting's facts, from its own code: how long a closed record keeps a
    name (``anonymise_after_months``), how many wellbeing and follow-up questions there are,
    how many days a questionnaire link works; and how long requests, reports, safety and
    technical records are kept (``sites/core/retention.py``).
    Given through a hook (sites/connecting/wagtail_hooks.py, sites/core/wagtail_hooks.py):
    apps above this one are not imported here."""
    facts = {}
    for provide in hooks.get_hooks("privacy_notice_facts"):
        facts.update(provide())
    return facts


def _months(months: int) -> str:
    return f"{months} month" if months == 1 else f"{months} months"


def _years(years: int) -> str:
    return f"{years} year" if years == 1 else f"{years} years"


def _days(days: int) -> str:
    return f"{days} day" if days == 1 else f"{days} days"


def _connecting(b: Borough, facts: dict) -> list:
    """What Community Connecting keeps, who sees it and for how long (sites/connecting/)."""
    return [
        heading(CONNECTING_HEADINGS[0]),
        paragraph(
            "A Community Connector is a person who meets you and helps you find things to "
            f"do in {b.place}. You can ask for one on the "
            f"{b.link('get_support', 'Get support')} form. Someone who works with you, like "
            "your doctor, can also ask for you, if you agree."
        ),
        bullets(
            "your first name",
            "how to get in touch with you: a phone number or an email address, and good "
            "times to call",
            "the first part of your postcode, like SE5. We never ask for your full address.",
            "what you would like help with, and what you are interested in",
            "anything that would help you take part, like large print or an interpreter",
            "the language of the page you used, so we can talk to you in it",
            lead="When you fill in the form, we keep:",
        ),
        paragraph(
            "If someone like your doctor asks for you, we also keep their name, job, "
            "organisation and work email address, and why they asked. They must tell us "
            "that you have agreed."
        ),
        paragraph(
            "We send an email to say we got the form. It goes to you only if you chose "
            "email. It never repeats what you wrote."
        ),
        heading(CONNECTING_HEADINGS[1]),
        bullets(
            "when you meet or talk, and short notes about it",
            "the goals you set together",
            "the activities you try, and what you go on to do",
            "how you like us to get in touch, and the help you need to take part",
            lead="If you get support, your Community Connector keeps notes about:",
        ),
        paragraph(
            "Notes are kept in a locked (encrypted) form. Only the people who may see your "
            "record can read them."
        ),
        heading(CONNECTING_HEADINGS[2]),
        paragraph(
            "Your Community Connector may ask you some questions about how you have been "
            "feeling. It is called the Short Warwick-Edinburgh Mental Wellbeing Scale "
            f"(SWEMWBS). It has {facts['wellbeing_questions']} questions. We ask them at the "
            "start, after 12 weeks and 3 months after your support ends.",
            f"3 months after the end, we also ask {facts['follow_up_questions']} yes or "
            "no questions, like \u201cDo you go out more?\u201d.",
            "You can answer on paper, or online with a link we send you. The link works "
            f"only once, and stops working after {facts['questionnaire_link_days']} days.",
        ),
        paragraph(
            "Your answers and notes can say something about your health. The law calls "
            "this \u201cspecial category\u201d information. We keep it only because you "
            "agreed to it (explicit consent, UK GDPR Article 9(2)(a)). You can change your "
            "mind at any time: tell us, and we will stop."
        ),
        heading(CONNECTING_HEADINGS[3]),
        bullets(
            "Until you have a Community Connector, the Community Connectors in the team can "
            "see your form.",
            "Then your Community Connector sees your form and your record. Other Community "
            "Connectors do not.",
            "The Community Connecting team leads see every record, so they can plan the "
            "work and check it is done well.",
            "Nobody else who works on this website can see them. That includes the people "
            "who write its pages and the moderators.",
            "Every time someone opens your record, we keep a note of who and when. We "
            f"delete these notes {_years(facts['access_log_kept_years'])} after they were "
            "made.",
            "Emails to the team never have your details in them. They only have a link.",
            "People outside the team see only totals, like \u201c40 people were "
            "supported\u201d. Numbers under 5 are never shown, so nobody can be picked out.",
            "Your records are never on the public website or in its search.",
        ),
        heading(CONNECTING_HEADINGS[4]),
        bullets(
            "While you get support, we keep your form and your record.",
            f"{_months(facts['anonymise_after_months'])} after your support ends, we take "
            "out your name, how to "
            "contact you, your postcode, everything you and the referrer wrote, and every "
            "note. What is left has no name. We use it only to count how well the service "
            "works, like how many people took part.",
            "If you do not go on to get support, the team keeps your form. You can ask us "
            "to delete it at any time.",
        ),
        paragraph(
            "You can ask the team for a copy of everything in your record. You can also ask "
            "us to delete your form and your record. Then we keep only a note that a record "
            "was deleted, by whom and when. It does not say who you are."
        ),
        heading(CONNECTING_HEADINGS[5]),
        paragraph("Members can send private messages to each other. Here is who can read them."),
        bullets(
            "The person you write to reads your message.",
            "A moderator may check a message before it is passed on. This can happen to "
            "members the moderators do not know yet, and to messages with a web address in "
            "them. The moderator sees only that message.",
            "If someone reports a message, a moderator reads the conversation it is in. We "
            "keep a note each time a moderator opens it.",
            "If a report says someone may be at risk of harm, the words of the message go "
            "into a safety record, so we can help.",
            "Emails about a new message never have its words in them, or who sent it.",
            "Messages are never on the public website or in its search.",
        ),
        paragraph(
            "We keep your messages until you delete your account. Then the words of every "
            "message you sent are deleted. Messages the other person never got are deleted "
            "completely."
        ),
    ]


def privacy(b: Borough) -> list:
    facts = notice_facts()
    return [
        paragraph(
            f"This notice explains what information {b.site_name} keeps about you, why, how "
            "long for, and what your rights are.",
            "This website is for adults.",
        ),
        heading("Who we are"),
        paragraph(
            f"This website is run by the Community Connecting team in {b.place} "
            "(\u201cwe\u201d). We decide why and how your personal information is used, so we "
            "are its \u201ccontroller\u201d under the UK General Data Protection Regulation "
            "(UK GDPR) and the Data Protection Act 2018. Our contact details are at the end of "
            "this notice."
        ),
        heading("What we collect"),
        bullets(
            "<b>If you join</b>: your email address, the name you choose to show, a password "
            "(kept scrambled, so nobody can read it) and anything you add to your profile.",
            "<b>What you do here</b>: what you post, the private messages you send, the "
            "groups you join, the events you say you are going to, and the emails you choose "
            "to get.",
            "<b>If you ask for support from a Community Connector</b>: what you tell us, and "
            "notes about your support. There is more about this below.",
            "<b>If you list an organisation or report a problem</b>: your name, email address, "
            "phone number if you give it, and what you tell us.",
            "<b>If you contact us</b>: what you tell us, so we can answer you.",
            "<b>When you visit</b>: technical records such as your IP address, the page you "
            "asked for and when. We use only the cookies this website needs to work: one keeps "
            "you signed in and one protects forms. We do not use advertising or tracking "
            "cookies.",
        ),
        heading("Why we use it, and our lawful basis"),
        bullets(
            "To run your account and let you take part, because you asked us to "
            "(contract, UK GDPR Article 6(1)(b)).",
            "To give you support from a Community Connector, because you agreed to it "
            "(consent, Article 6(1)(a)). For information about your health, your explicit "
            "consent (Article 9(2)(a)).",
            "To list organisations and activities, and to answer requests and reports "
            "(legitimate interests, Article 6(1)(f)).",
            "To keep members safe: to check posts and messages, act on reports and, if "
            "someone may be at risk of harm, tell the right services (legitimate interests, "
            "Article 6(1)(f); if someone's life is at risk, vital interests, Article 6(1)(d)).",
            "To send you the emails you chose, such as replies in a discussion (consent, "
            "Article 6(1)(a)). You can stop them at any time from the link in each email.",
            "To keep this website safe and working (legitimate interests, Article 6(1)(f)).",
        ),
        paragraph(
            "We never sell your information or use it for advertising.",
            "Things you post may say something about your health, beliefs or other private "
            "matters. Only share what you are happy for other people to see.",
        ),
        heading("Who can see it, and who we share it with"),
        bullets(
            "Other people see the name you show and what you post. Posts in members-only "
            "groups are seen only by their members.",
            "Your email address and phone number are never shown on the website.",
            "Companies that host this website and send its emails handle your information "
            "for us, only on our instructions, and keep it in the UK or under UK rules.",
            "We share information with other organisations only when the law requires it or "
            "when someone may be at risk of harm.",
        ),
        *_connecting(b, facts),
        heading("How long we keep it"),
        bullets(
            "Your account, profile, posts and messages: until you delete your account, which "
            "you can do at any time from My page.",
            "Community Connecting: see \u201cHow long we keep your Community Connecting "
            "records\u201d above.",
            "Requests to list an organisation and reports about listings: we delete them "
            f"{_years(facts['requests_kept_years'])} after we get them, once we have dealt "
            "with them. If a report says someone may be at risk of harm, we keep it as long "
            "as we keep that concern (see below).",
            "Reports about posts or members, and records of what our moderators did: we "
            f"delete them {_years(facts['safety_records_kept_years'])} after they were made. "
            "We keep them that long in case questions are asked later. A report we have not "
            "dealt with yet is kept until we have.",
            "Concerns about someone's safety: we never delete one while we are still dealing "
            "with it. We keep it, and everything about it, for "
            f"{_years(facts['safety_records_kept_years'])} after we have finished.",
            "Earlier versions of this website's pages, kept so that a change can be checked "
            "or undone: we delete them "
            f"{_years(facts['earlier_versions_kept_years'])} after they were saved. We keep "
            "the version on the website, and a change still waiting to be checked.",
            "Technical records, such as failed sign-ins and where they came from: "
            f"{_days(facts['technical_records_kept_days'])}. The record that keeps you signed "
            "in is deleted once it has run out.",
        ),
        heading("Your rights"),
        bullets(
            "to get a copy of your information (you can download it from My page, or ask us; "
            "for Community Connecting, ask the team)",
            "to have wrong information corrected (you can change your profile at any time)",
            "to have your information deleted",
            "to limit or object to how we use it",
            "to withdraw your consent at any time, where we rely on it",
            lead="You have the right:",
        ),
        paragraph(
            "To use any of these rights, contact us. It is free, and we will reply within one "
            "month."
        ),
        heading("How to complain"),
        paragraph(
            "If you are unhappy with how we have used your information, please tell us first, "
            "so we can put it right.",
            "You can also complain to the Information Commissioner's Office (ICO), the UK's "
            "data protection regulator: "
            f"{external(ICO_COMPLAINTS, 'make a complaint on the ICO website')} "
            'or call <a href="tel:03031231113">0303 123 1113</a>.',
        ),
        heading("Contact us"),
        TEAM_CONTACT,
        paragraph(f"This notice was last updated on {b.written_on_text}."),
    ]


def privacy_easy_read(b: Borough) -> list:
    """The notice in Easy Read: one idea a point, 15 words or fewer a sentence."""
    months = notice_facts()["anonymise_after_months"]
    return [
        easy_read_point(
            "This page says what we keep about you.",
            "It says who can see it.",
        ),
        easy_read_point("This website is for adults."),
        easy_read_point(
            "We keep your information safe.",
            "We do not sell it.",
        ),
        easy_read_point(
            "A Community Connector is a person who helps you find things to do.",
            "If you ask for one, we keep what you write on the form.",
        ),
        easy_read_point(
            "Your Community Connector writes notes about your meetings.",
            "Only they and the team leaders can read them.",
        ),
        easy_read_point(
            "We may ask how you feel.",
            "We keep your answers only if you agree.",
        ),
        easy_read_point(
            f"{_months(months)} after your support ends, we take out your name.",
            "We keep only numbers to count how we are doing.",
        ),
        easy_read_point(
            "Private messages are read by the person you send them to.",
            "A moderator may read a message to keep people safe.",
        ),
        easy_read_point(
            "You can ask us what we keep about you.",
            "You can ask us to delete it.",
        ),
    ]
