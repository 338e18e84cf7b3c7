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
from sites.community.models import MemberProfile
from sites.core.words import listed
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
    # "27 Walm Lane" would read "Walm Lane 27" in a right-to-left paragraph.
    isolated = {bdi.get_text() for bdi in BeautifulSoup(html, "html.parser").find_all("bdi")}
    with inside(lambeth):
        lines = directory.place.public_address_lines
    assert lines and set(lines) <= isolated


def test_a_list_is_written_with_the_readers_comma_and_its_items_escaped():
    with translation.override("ar"):
        assert listed(["مجاني", "حضوريًا"]) == "مجاني، حضوريًا"
    with translation.override("pl"):
        written = listed(["Bezpłatne", "<b>Na miejscu</b>"])
    assert written == "Bezpłatne, &lt;b&gt;Na miejscu&lt;/b&gt;"


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
    title = html.split("<title>")[1].split("</title>")[0]
    assert "<bdi>" not in title, "a title cannot hold an element"
    assert "\u2068Bea\u2069" in title, "so her name is isolated by Unicode's own marks"
    assert title.endswith("\u2068Connect &amp; Do Lambeth\u2069"), "and so is the site's"


def test_a_title_isolates_names_and_says_error_first_when_its_form_has_one():
    class Refused:
        errors = {"body": ["Write your reply."]}

    source = (
        "{% load page_meta %}{% titled %}{% blocktranslate with name=name|bdi_text %}"
        "Write to {{ name }}{% endblocktranslate %}{% endtitled %}"
    )
    assert (
        render(source, name="Ola (2)")
        == "Write to \u2068Ola (2)\u2069 – \u2068Connect &amp; Do\u2069"
    )
    refused = render(source, name="<b>Ola</b>", form=Refused())
    assert refused.startswith("Error: Write to \u2068&lt;b&gt;Ola&lt;/b&gt;\u2069 –")


def test_a_name_in_the_message_after_an_action_is_isolated_and_never_markup(lambeth):
    ada = make_member(lambeth, display_name="Ada", is_trusted=True)
    ola = make_member(lambeth, display_name="<b>Ola</b> (2)", is_trusted=True)
    with inside(lambeth):
        ola_profile = MemberProfile.objects.get(user=ola).pk
    html = signed_in(lambeth, ada).post(f"/members/{ola_profile}/block/", follow=True)
    assert "You have blocked <bdi>&lt;b&gt;Ola&lt;/b&gt; (2)</bdi>." in html.content.decode()
