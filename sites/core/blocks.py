"""StreamField blocks shared by every page family."""

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from .languages.urls import reader_url

# Plain formatting only: headings come from HeadingBlock so the outline stays valid.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


class CallToActionValue(blocks.StructValue):
    def url(self):
        page = self.get("page")
        # A chooser gives a plain Page, whose address Wagtail gives in English.
        return reader_url(page.url) if page else self.get("external_url")


class CallToActionBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60, help_text="Say what happens, e.g. 'Find a group'.")
    page = blocks.PageChooserBlock(required=False)
    external_url = blocks.URLBlock(required=False)

    class Meta:
        icon = "link"
        template = "blocks/call_to_action_block.html"
        value_class = CallToActionValue

    def clean(self, value):
        cleaned = super().clean(value)
        if not cleaned.get("page") and not cleaned.get("external_url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": "Choose a page or enter a web address."}
            )
        return cleaned


class TeamContactBlock(blocks.StaticBlock):
    """The borough team's contact details as they are now in Branding (never a copy)."""

    class Meta:
        icon = "mail"
        label = "Team contact details"
        admin_text = "Shows the team's email, phone and office from the Branding settings."
        template = "blocks/team_contact_block.html"


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)
    image = ImageBlock(required=False)
    call_to_action = CallToActionBlock()
    team_contact = TeamContactBlock()


class FooterLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60)
    url = blocks.URLBlock()

    class Meta:
        icon = "link"
