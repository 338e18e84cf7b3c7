"""The community in the member's language: pages, the language a member chose, and emails.

The catalogues (locale/<lang>/LC_MESSAGES/django.po) must translate every string of the
community's templates and code, with the same placeholders, into the five languages the
interface is translated into first.
"""

import re
from pathlib import Path

import polib
import pytest

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import translation

from wagtail.models import Locale

from sites.community.models import MemberProfile
from sites.community.services import accounts
from sites.community.services.language import borough_languages, member_language
from sites.community.services.moderation import warn_member
from sites.core.antispam import human_check_data
from tests.community.conftest import make_member, make_staff, signed_in
from tests.conftest import client_for, inside

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = {"pl": 3, "ar": 6, "es": 2, "bn": 2, "so": 2}  # language: its plural forms
OURS = ("themes/default/templates/community/", "sites/community/", "tenants/emails.py")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def offer(borough, *codes):
    """The borough offers these languages (its Wagtail locales)."""
    with inside(borough):
        for code in codes:
            Locale.objects.get_or_create(language_code=code)


def get_in(client, language: str, path: str, **extra):
    """``path`` read in ``language``: at its language address where the site gives one
    (/pl/…), otherwise with that language active, as a reader who chose it sees it."""
    response = client.get(f"/{language}{path}", follow=True, **extra)
    if response.status_code == 404:
        with translation.override(language):
            response = client.get(path, HTTP_ACCEPT_LANGUAGE=language, follow=True, **extra)
    return response


# --- Pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, words, english",
    [
        ("pl", ["Zaloguj się", "Nie pamiętam hasła"], "I have forgotten my password"),
        ("ar", ["تسجيل الدخول", "نسيت كلمة السر"], "I have forgotten my password"),
    ],
)
def test_the_sign_in_page_reads_in_polish_and_arabic(lambeth, language, words, english):
    offer(lambeth, language)
    page = get_in(client_for(lambeth), language, "/account/sign-in/")
    assert page.status_code == 200
    text = page.content.decode()
    for word in words:
        assert word in text
    assert english not in text


def test_the_groups_page_reads_in_polish(lambeth):
    offer(lambeth, "pl")
    page = get_in(client_for(lambeth), "pl", "/groups/")
    assert page.status_code == 200
    assert "Wszystkie grupy" in page.content.decode()
    assert "All groups" not in page.content.decode()


# --- The member's language -------------------------------------------------------------------


def test_a_member_who_signs_up_in_polish_gets_polish_emails(lambeth):
    offer(lambeth, "pl")
    with inside(lambeth), translation.override("pl"):
        user = accounts.sign_up(
            lambeth,
            display_name="Ola",
            email="ola@example.org",
            password="a-long-password-1",
            adult=True,
        )
    with inside(lambeth):
        assert MemberProfile.objects.get(user=user).language == "pl"
    (message,) = mail.outbox
    assert message.subject.startswith("Potwierdź swój adres e-mail")
    assert "Witaj Ola" in message.body
    assert "Please confirm" not in message.body


def test_signing_up_on_an_english_page_records_english(lambeth):
    client = client_for(lambeth)
    data = {
        "display_name": "Sam",
        "email": "sam@example.org",
        "password1": "walking-by-the-river-42",
        "password2": "walking-by-the-river-42",
        "adult": "on",
        "house_rules": "on",
        **human_check_data(),
    }
    assert client.post("/account/sign-up/", data).status_code == 302
    with inside(lambeth):
        assert get_user_model().objects.get(email="sam@example.org").member_profile.language == (
            settings.LANGUAGE_CODE
        )
    assert mail.outbox[0].subject.startswith("Please confirm your email address")


def test_a_moderators_message_reaches_each_member_in_their_own_language(lambeth):
    moderator = make_staff(lambeth, "mod@lambeth.example.org", "Moderators")
    polish = make_member(lambeth, display_name="Ola", language="pl")
    english = make_member(lambeth, display_name="Sam")
    # The moderator works in Arabic: neither email follows the page's language.
    with inside(lambeth), translation.override("ar"):
        warn_member(moderator, polish, message="Bądź miły.", borough=lambeth)
        warn_member(moderator, english, message="Please be kind.", borough=lambeth)
    to_polish, to_english = mail.outbox
    assert to_polish.to == [polish.email]
    assert to_polish.subject == "Wiadomość od moderatorów"
    assert "Witaj Ola" in to_polish.body and "Bądź miły." in to_polish.body
    assert "Aby ich nie dostawać" in to_polish.body  # the unsubscribe line too
    assert to_english.subject == "A message from the moderators"
    assert "Hello Sam" in to_english.body


def test_a_password_reset_is_sent_in_the_members_language(lambeth):
    member = make_member(lambeth, display_name="Ola", language="pl")
    client = client_for(lambeth)
    response = client.post(
        "/account/password/forgotten/", {"email": member.email, **human_check_data()}
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject.startswith("Zmień hasło")


def test_members_choose_their_emails_language_among_the_boroughs_languages(lambeth):
    offer(lambeth, "pl", "so")
    member = make_member(lambeth, display_name="Ali")
    client = signed_in(lambeth, member)
    page = client.get("/account/emails/").content.decode()
    assert "Polski" in page and "Soomaali" in page
    assert "Tamil" not in page and "தமிழ்" not in page  # not one of Lambeth's languages

    client.post("/account/emails/", {"notify_replies": "on", "language": "so"})
    with inside(lambeth):
        assert member_language(get_user_model().objects.get(pk=member.pk)) == "so"

    refused = client.post("/account/emails/", {"notify_replies": "on", "language": "ta"})
    assert refused.status_code == 200
    assert "Choose a language from the list." in refused.content.decode()
    with inside(lambeth):
        assert MemberProfile.objects.get(user=member).language == "so"


def test_the_boroughs_languages_are_its_locales_english_first(lambeth):
    offer(lambeth, "ar", "pl")
    with inside(lambeth):
        codes = [code for code, _name in borough_languages()]
    assert codes[0] == settings.LANGUAGE_CODE
    assert {"pl", "ar"} <= set(codes)
    assert "ta" not in codes


# --- The catalogues --------------------------------------------------------------------------


def _ours(entry) -> bool:
    return any(path.startswith(OURS) for path, _line in entry.occurrences)


@pytest.mark.parametrize("language", sorted(TRANSLATED))
def test_every_community_string_is_translated_with_the_same_placeholders(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert "Awaits review by a native speaker" in catalogue.header
    assert f"nplurals={TRANSLATED[language]};" in catalogue.metadata["Plural-Forms"]
    ours = [entry for entry in catalogue if _ours(entry) and not entry.obsolete]
    assert len(ours) > 400  # the community's strings are in the catalogue
    problems = []
    for entry in ours:
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
            if len(forms) != TRANSLATED[language] or not all(forms):
                problems.append(("plural forms", entry.msgid))
            wanted_plural = set(PLACEHOLDER.findall(entry.msgid_plural))
            if any(set(PLACEHOLDER.findall(form)) != wanted_plural for form in forms):
                problems.append(("placeholders", entry.msgid))
        elif not entry.msgstr or "fuzzy" in entry.flags:
            problems.append(("untranslated", entry.msgid))
        elif sorted(PLACEHOLDER.findall(entry.msgstr)) != wanted:
            problems.append(("placeholders", entry.msgid))
    assert problems == []
