"""The privacy notice every borough starts with says what the code does: Community
Connecting (referrals, notes, wellbeing scores, who sees them, how long they are kept),
private messages, and that the site is for adults; in Easy Read too."""

import datetime
import re

import pytest

from wagtail.models import Site

from sites.connecting.models import ConnectingSettings, FollowUpAnswers
from sites.connecting.models.referrals import DEFAULT_ANONYMISE_AFTER_MONTHS
from sites.connecting.retention import anonymise_after_months
from sites.connecting.swemwbs import ITEMS
from sites.core.easyread.advice import sentences
from sites.core.easyread.blocks import MAX_WORDS
from sites.standard.models import StandardPage
from sites.standard.starting.privacy import CONNECTING_HEADINGS, privacy, privacy_easy_read
from sites.standard.starting.writing import Borough
from tests.conftest import client_for, inside
from tests.sites.test_easy_read import NOT_YET_PAGE, easy_read_client

pytestmark = pytest.mark.django_db

LINK_DAYS = ConnectingSettings._meta.get_field("questionnaire_link_days").default


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def _text(blocks) -> str:
    return " ".join(str(value) for _kind, value in blocks)


def test_the_notice_covers_community_connecting_and_private_messages(lambeth):
    html = _main(client_for(lambeth).get("/privacy/").content.decode())
    for heading in CONNECTING_HEADINGS:
        assert f">{heading}</h2>" in html, heading
    for words in [
        "This website is for adults.",
        "run by the Community Connecting team in Lambeth",  # the controller: the borough's
        'href="/get-support/"',
        "the first part of your postcode, like SE5",
        f"It has {len(ITEMS)} questions.",
        f"we also ask {len(FollowUpAnswers.QUESTIONS)} yes or no questions",
        "explicit consent, UK GDPR Article 9(2)(a)",
        "Other Community Connectors do not.",
        "Until you have a Community Connector, the Community Connectors in the team can",
        f"stops working after {LINK_DAYS} days",
        "Numbers under 5 are never shown",
        f"{DEFAULT_ANONYMISE_AFTER_MONTHS} months after your support ends",
        "You can ask the team for a copy of everything in your record.",
        "The person you write to reads your message.",
        "If someone reports a message, a moderator reads the conversation it is in.",
        "Emails about a new message never have its words in them",
    ]:
        assert words in html, words


def test_the_months_and_days_are_the_ones_the_code_uses(lambeth):
    """The notice and the daily anonymising read the same setting (default: the model's),
    and the notice gives the borough's days a questionnaire link works."""
    with inside(lambeth):
        assert ConnectingSettings._meta.get_field("anonymise_after_months").default == (
            DEFAULT_ANONYMISE_AFTER_MONTHS
        )
        settings = ConnectingSettings.for_site(Site.objects.get(is_default_site=True))
        settings.anonymise_after_months = 36
        settings.questionnaire_link_days = 10
        settings.save()
        borough = Borough("Lambeth", "lambeth.localhost", datetime.date(2026, 12, 5))
        notice, easy = _text(privacy(borough)), _text(privacy_easy_read(borough))
        assert anonymise_after_months() == 36
    assert "36 months after your support ends, we take out your name" in notice
    assert "stops working after 10 days" in notice
    assert f"{DEFAULT_ANONYMISE_AFTER_MONTHS} months" not in notice
    assert "36 months after your support ends, we take out your name." in easy


def test_the_notice_starts_with_an_easy_read_version_in_short_sentences(lambeth):
    with inside(lambeth):
        points = StandardPage.objects.get(kind=StandardPage.Kind.PRIVACY).easy_read
        lines = [line for point in points for line in sentences(point.value["text"])]
    assert all(len(line.split()) <= MAX_WORDS for line in lines), lines
    html = easy_read_client(lambeth, "/privacy/").get("/privacy/").content.decode()
    assert NOT_YET_PAGE not in html
    shown = re.search(r'<ul class="easy-read".*?</ul>', html, re.S).group(0)
    for line in [
        "This website is for adults.",
        "A Community Connector is a person who helps you find things to do.",
        f"{DEFAULT_ANONYMISE_AFTER_MONTHS} months after your support ends, we take out your name.",
        "Private messages are read by the person you send them to.",
        "You can ask us to delete it.",
    ]:
        assert line in shown, line
