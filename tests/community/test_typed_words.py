"""What members type into public forms: line breaks counted as the browser counts them,
and a text of only invisible characters is not "filled in" (sites/core/text_fields.py)."""

import pytest
from bs4 import BeautifulSoup

from sites.community.models import Event, Post
from sites.core.text import has_visible_character, one_kind_of_line_break
from sites.directory.models import ListingReport
from tests.conftest import inside
from tests.directory.conftest import build_directory
from tests.directory.test_reports import send as send_report

from .conftest import human, make_group, make_member, make_thread, page_text, signed_in
from .test_events import form_data

pytestmark = pytest.mark.django_db

NOTHING_TO_SEE = ["\u200f", "\u200b\u200b", "\u00a0\u00a0", "\u200f\u00a0\u200b\n"]


def five_thousand_characters_in_lines() -> str:
    """What a browser's ``maxlength="5000"`` lets through: 100 lines, sent with "\\r\\n"."""
    line = "x" * 49
    return "\r\n".join([line] * 100) + "x"


def test_the_text_helpers():
    assert one_kind_of_line_break("a\r\nb\rc\n") == "a\nb\nc\n"
    assert all(not has_visible_character(text) for text in NOTHING_TO_SEE)
    assert has_visible_character("\u200fشكرا") and has_visible_character(" .")


def test_a_reply_as_long_as_the_box_allows_is_posted_with_its_line_breaks(lambeth):
    author = make_member(lambeth, display_name="Tess", is_trusted=True)
    thread, _ = make_thread(lambeth, author)
    body = five_thousand_characters_in_lines()
    assert len(body.replace("\r\n", "\n")) == 5000 and len(body) == 5099

    response = signed_in(lambeth, author).post(f"/discussions/{thread.pk}/", human({"body": body}))

    assert response.status_code == 302
    with inside(lambeth):
        assert Post.objects.filter(thread=thread).latest("pk").body == body.replace("\r\n", "\n")


def test_a_reply_one_character_too_long_is_refused_and_kept_on_the_form(lambeth):
    author = make_member(lambeth, display_name="Tess", is_trusted=True)
    thread, _ = make_thread(lambeth, author)
    body = five_thousand_characters_in_lines() + "y"

    response = signed_in(lambeth, author).post(f"/discussions/{thread.pk}/", human({"body": body}))

    assert "Use 5000 characters or fewer. You used 5001." in page_text(response)
    box = BeautifulSoup(response.content, "html.parser").select_one("textarea[name=body]")
    kept = box.get_text().replace("\r\n", "\n").strip("\n")
    assert kept == body.replace("\r\n", "\n"), "their words are kept, as they wrote them"
    with inside(lambeth):
        assert Post.objects.filter(thread=thread).count() == 1


@pytest.mark.parametrize("details", NOTHING_TO_SEE)
def test_something_else_with_only_invisible_details_is_refused(lambeth, details):
    activity = build_directory(lambeth).activity
    response = send_report(lambeth, activity, reason="other", details=details)
    assert response.status_code == 400
    assert "Tell us what is wrong." in page_text(response)
    with inside(lambeth):
        assert not ListingReport.objects.exists()


@pytest.mark.parametrize("description", NOTHING_TO_SEE)
def test_an_event_described_by_only_invisible_characters_is_refused(lambeth, description):
    organiser = make_member(lambeth, display_name="Olu", is_trusted=True)
    group = make_group(lambeth, organiser=organiser)
    data = form_data(host=f"group-{group.pk}", description=description)

    response = signed_in(lambeth, organiser).post("/events/new/", data)

    assert "Say what happens at the event." in page_text(response)
    with inside(lambeth):
        assert not Event.objects.exists()


@pytest.mark.parametrize("body", NOTHING_TO_SEE)
def test_a_private_message_of_nothing_to_see_is_refused(lambeth, body):
    from sites.community.messaging.forms import MessageForm

    form = MessageForm(human({"body": body}))
    assert not form.is_valid()
    assert form.errors["body"] == ["Write your message."]
