"""The interface's translations (issue 14.2): each catalogue we ship for pl, ar, es, bn and so
is complete, compiles, matches its committed .mo, keeps every placeholder and link of the
English, and reaches a reader of a public page."""

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from tests.conftest import inside
from tests.directory.conftest import build_directory

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = ("pl", "ar", "es", "bn", "so")
# Plural forms per language, as GNU gettext and CLDR give them.
NPLURALS = {"pl": 3, "ar": 6, "es": 2, "bn": 2, "so": 2}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
TAG = re.compile(r"</?([a-z]+)\b")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def messages_of(mo_or_po) -> dict:
    """msgid (with its plural) -> the translations, ignoring the header and untranslated entries."""
    found = {}
    for entry in mo_or_po:
        if not entry.msgid or entry.obsolete or "fuzzy" in entry.flags:
            continue
        key = (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")
        if entry.msgid_plural:
            found[key] = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        elif entry.msgstr:
            found[key] = (entry.msgstr,)
    return found


def compile_to(po_path: Path, mo_path: Path) -> None:
    """Compile as `make messages` does (GNU msgfmt, strict); polib where msgfmt is missing."""
    if shutil.which("msgfmt"):
        subprocess.run(
            ["msgfmt", "--check", "-o", str(mo_path), str(po_path)],
            check=True,
            capture_output=True,
        )
    else:
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogue_compiles_and_the_committed_mo_is_not_stale(language, tmp_path):
    po_path = LOCALE / language / "LC_MESSAGES" / "django.po"
    compiled = tmp_path / "django.mo"
    compile_to(po_path, compiled)
    committed = polib.mofile(str(po_path.with_suffix(".mo")))
    assert messages_of(committed) == messages_of(polib.mofile(str(compiled))), (
        f"locale/{language}/LC_MESSAGES/django.mo is out of date: run `make messages`"
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_header_has_the_right_plural_forms_and_asks_for_review(language):
    po = catalogue(language)
    assert f"nplurals={NPLURALS[language]};" in po.metadata["Plural-Forms"].replace(" ", "")
    assert po.metadata["Language"] == language
    assert "Awaits review by a native speaker" in po.header
    assert "machine-assisted draft" in po.metadata["Language-Team"]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_with_its_placeholders_and_links(language):
    po = catalogue(language)
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(NPLURALS[language])]
            english = entry.msgid_plural
        else:
            forms = [entry.msgstr]
            english = entry.msgid
        if "fuzzy" in entry.flags or not all(form.strip() for form in forms):
            problems.append(f"not translated: {entry.msgid!r}")
            continue
        for form in forms:
            # "no-python-format": a Django message whose plain words drop its value.
            placeholders_kept = "no-python-format" in entry.flags or sorted(
                PLACEHOLDER.findall(form)
            ) == sorted(PLACEHOLDER.findall(english))
            if not placeholders_kept:
                problems.append(f"placeholders differ: {entry.msgid!r} -> {form!r}")
            if sorted(TAG.findall(form)) != sorted(TAG.findall(english)):
                problems.append(f"HTML tags differ: {entry.msgid!r} -> {form!r}")
    assert not problems, "\n".join(problems[:20])
    assert len(po) > 300  # the interface, not a handful of strings


# A few of the words a reader of an activity page sees, as the catalogues give them.
PAGE_WORDS = {
    "pl": ["Kiedy to jest", "Kto to prowadzi", "Przejdź do treści", "Bezpłatne", "wtorek"],
    "ar": ["متى يحدث", "من ينظمه", "انتقل إلى المحتوى الرئيسي", "مجاني", "الثلاثاء"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", sorted(PAGE_WORDS))
def test_a_public_page_reads_in_the_readers_language(language, lambeth):
    """An activity page rendered in Polish or Arabic: headings, labels and the words the code
    writes (cost, the day it happens) are translated; the listing's own words are not."""
    activity = build_directory(lambeth).activity
    with inside(lambeth):
        page = type(activity).objects.get(pk=activity.pk)
        # As served: with an anonymous visitor's request (the page's "Save to my list"
        # button asks whose list it is).
        visitor = RequestFactory().get("/", HTTP_HOST="lambeth.localhost")
        visitor.user, visitor.session = AnonymousUser(), {}
        context = {"page": page, "request": visitor}
        english = render_to_string("directory/activity_page.html", context)
        with translation.override(language):
            html = render_to_string("directory/activity_page.html", context)

    assert "When it happens" in english and "Every Tuesday" in english
    for words in PAGE_WORDS[language]:
        assert words in html
    for english_words in (
        "When it happens",
        "Who runs it",
        "Skip to main content",
        "Every Tuesday",
    ):
        assert english_words not in html
    assert page.title in html  # the listing's own words stay as its editor wrote them
