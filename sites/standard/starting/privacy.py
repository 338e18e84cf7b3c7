"""Starting text: the privacy notice (UK GDPR), in plain words, for a charity-run service.

It describes what the platform itself does; each borough's team checks it against what it
does too (for example, its own records of the people it supports) before it goes live.
"""

from .writing import TEAM_CONTACT, Borough, bullets, external, heading, paragraph

ICO_COMPLAINTS = "https://ico.org.uk/make-a-complaint/"


def privacy(b: Borough) -> list:
    return [
        paragraph(
            f"This notice explains what information {b.site_name} keeps about you, why, how "
            "long for, and what your rights are."
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
            "<b>What you do here</b>: what you post, the groups you join, the events you say "
            "you are going to, and the emails you choose to get.",
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
            "To list organisations and activities, and to answer requests and reports "
            "(legitimate interests, Article 6(1)(f)).",
            "To keep members safe: to check posts, act on reports and, if someone may be at "
            "risk of harm, tell the right services (legitimate interests, Article 6(1)(f); "
            "if someone's life is at risk, vital interests, Article 6(1)(d)).",
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
        heading("How long we keep it"),
        bullets(
            "Your account, profile and posts: until you delete your account, which you can "
            "do at any time from My page.",
            "Requests to list an organisation and reports about listings: for as long as we "
            "need them to deal with them, and no longer than 2 years.",
            "Records of what we did about a report, including concerns about someone's "
            "safety: for up to 6 years, in case questions are asked later.",
            "Technical records: up to 90 days.",
        ),
        heading("Your rights"),
        bullets(
            "to get a copy of your information (you can download it from My page, or ask us)",
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
