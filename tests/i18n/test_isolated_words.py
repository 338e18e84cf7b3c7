"""Words someone wrote (a member's name, a place's, a group's, an event's title) inside
a translated sentence are isolated with <bdi>, so on a right-to-left page the browser's
bidi algorithm cannot move the sentence's punctuation and numbers into them, or theirs
into the sentence (sites/core/templatetags/languages.py: the ``bdi`` filter)."""

import pytest
from bs4 import BeautifulSoup

from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from sites.community.messaging.services import start_conversation
from tests.community.conftest import make_group, make_member, signed_in
from tests.conftest import client_for, inside
from tests.directory.conftest import build_directory
from tests.i18n.helpers import offer

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load languages i18n %}" + source).render(Context(context))


def test_the_filter_isolates_escapes_and_leaves_nothing_alone():
    sentence = "{% blocktranslate with name=name|bdi %}Write to {{ name }}{% endblocktranslate %}"
    assert render(sentence, name="Ola (2)") == "Write to <bdi>Ola (2)</bdi>"
    assert render(sentence, name="<b>Ola</b>") == "Write to <bdi>&lt;b&gt;Ola&lt;/b&gt;</bdi>"
    assert render(sentence, name="") == "Write to "
    assert render("{{ name|bdi }}", name=None) == "None"


def test_an_english_place_name_in_an_arabic_sentence_is_isolated(lambeth):
    offer(lambeth, "ar")
    directory = build_directory(lambeth)
    with inside(lambeth):
        path = directory.place.get_url()
    response = client_for(lambeth).get(f"/ar{path}")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    link = BeautifulSoup(html, "html.parser").find("a", href=directory.place.map_url)
    assert link is not None
    assert str(link.find("bdi")) == "<bdi>Brixton Community Hall</bdi>"
    assert "Show" not in link.get_text(), "the sentence around it is in Arabic"


def test_a_members_name_in_an_arabic_sentence_is_isolated(lambeth):
    offer(lambeth, "ar")
    ola = make_member(lambeth, display_name="Ola (2)", is_trusted=True)
    bea = make_member(lambeth, display_name="Bea", is_trusted=True)
    make_group(lambeth, organiser=ola, members=[bea])  # members who share a group may write
    with inside(lambeth):
        message = start_conversation(bea, ola, "Hello Ola!", borough=lambeth)
        with translation.override("ar"):
            path = reverse("messaging:conversation", args=[message.conversation.pk])
    html = signed_in(lambeth, ola).get(path).content.decode()
    assert path.startswith("/ar/")
    heading = BeautifulSoup(html, "html.parser").find("h1")
    assert heading.find("bdi").get_text() == "Bea"
    assert "<title>" in html and "<bdi>" not in html.split("</title>")[0], "never in <title>"
