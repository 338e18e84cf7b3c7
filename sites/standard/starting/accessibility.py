"""Starting text: the accessibility statement, in the shape of GOV.UK's model statement."""

from .writing import TEAM_CONTACT, Borough, bullets, external, heading, paragraph

ABILITYNET = "https://mcmw.abilitynet.org.uk/"
EASS = "https://www.equalityadvisoryservice.com/"
WCAG = "https://www.w3.org/TR/WCAG22/"


def accessibility(b: Borough) -> list:
    return [
        paragraph(
            f"This accessibility statement applies to {b.site_name} at {b.host}. It is run by "
            f"the Community Connecting team in {b.place}.",
        ),
        bullets(
            "change colours, contrast levels and fonts using your browser or device settings",
            "zoom in up to 400% without the text spilling off the screen",
            "use the whole website with a keyboard or speech recognition software",
            "listen to the website using a screen reader (including recent versions of JAWS, "
            "NVDA and VoiceOver)",
            "use the website without JavaScript",
            lead="We want as many people as possible to be able to use this website. "
            "For example, that means you should be able to:",
        ),
        paragraph(
            "We have also made the text as simple as possible to understand.",
            f"{external(ABILITYNET, 'AbilityNet')} has advice on making your device easier to "
            "use if you have a disability.",
        ),
        heading("How accessible this website is"),
        bullets(
            "some pictures added by members or organisations may not have a useful text "
            "description",
            "some documents and websites we link to, run by other organisations, may not be "
            "fully accessible",
            lead="We know some parts of this website are not fully accessible:",
        ),
        heading("Feedback and contact information"),
        paragraph(
            "If you need information on this website in a different format, like large "
            "print, easy read, audio recording or braille, contact us:"
        ),
        TEAM_CONTACT,
        paragraph("We will consider your request and get back to you within 10 working days."),
        heading("Reporting accessibility problems with this website"),
        paragraph(
            "We are always looking to improve the accessibility of this website. If you find "
            "any problems not listed on this page, or think we are not meeting accessibility "
            "requirements, contact us using the details above."
        ),
        heading("Enforcement procedure"),
        paragraph(
            "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the "
            "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
            "Regulations 2018 (the \u201caccessibility regulations\u201d). If you are not happy "
            "with how we respond to your complaint, contact the "
            f"{external(EASS, 'Equality Advisory and Support Service (EASS)')}."
        ),
        heading("Technical information about this website's accessibility"),
        paragraph(
            "We are committed to making this website accessible, in line with the "
            "accessibility regulations."
        ),
        heading("Compliance status"),
        paragraph(
            "This website is partially compliant with the "
            f"{external(WCAG, 'Web Content Accessibility Guidelines version 2.2')} AA "
            "standard, because of the content listed below."
        ),
        heading("Content that is not accessible"),
        paragraph(
            "Pictures added by members or organisations may not have a text description, or "
            "one that is useful. This fails WCAG 2.2 success criterion 1.1.1 (non-text "
            "content). Everyone who adds a picture is asked to describe it, and our team "
            "checks new listings."
        ),
        heading("What we are doing to improve accessibility"),
        paragraph(
            "Every public page is checked automatically against WCAG 2.2 AA whenever the "
            "website changes, including on narrow screens and without JavaScript. We also "
            "ask disabled people to try the website and tell us what gets in their way."
        ),
        heading("Preparation of this accessibility statement"),
        paragraph(
            f"This statement was prepared on {b.written_on_text}, when this website was "
            "launched. It will be reviewed at least once a year."
        ),
    ]
