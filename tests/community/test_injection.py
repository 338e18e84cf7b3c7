"""HTML and script injection: whatever members type is shown as text, never as markup.
Links are only ever http(s), and carry rel="nofollow noopener"."""

import pytest
from bs4 import BeautifulSoup

from django.core import mail

from sites.community.models import CommunityGroup, Post, Report, Thread
from sites.community.templatetags.community_tags import plain_text, plain_text_inline
from tests.conftest import client_for, inside

from .conftest import human, make_member, page_text, signed_in

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '<a href="javascript:alert(3)">click me</a>',
    "javascript:alert(4)",
    "[click](javascript:alert(5)) **bold** <b onmouseover=alert(6)>hi</b>",
    '"><svg/onload=alert(7)>',
    "<iframe src=https://evil.example></iframe>",
    "https://example.org/a?b=1&c=<script>alert(8)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCg5KTwvc2NyaXB0Pg==",
    "{{ request.user }} {% debug %}",
]
MIXED = " ".join(PAYLOADS)


def assert_inert(html: str, where: str) -> None:
    """No markup from members: no script, no event handler, no javascript: or data: link."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main") or soup
    for tag in main.find_all(True):
        assert tag.name not in ("script", "iframe", "svg", "img", "object", "embed"), (
            f"{where}: a <{tag.name}> tag came through"
        )
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on"), f"{where}: {attribute} on <{tag.name}>"
            text = " ".join(value) if isinstance(value, list) else str(value)
            assert not text.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (
                f"{where}: {attribute}={text!r}"
            )
    for link in main.find_all("a", href=True):
        href = link["href"]
        if href.startswith(("http://", "https://")) and "localhost" not in href:
            rel = link.get("rel", [])
            assert "nofollow" in rel and "noopener" in rel, f"{where}: {link}"
    for bad in ("<script>alert", "<img src=x", "<svg/onload", "<iframe", 'onerror="alert'):
        assert bad not in html, f"{where}: {bad!r} unescaped"


def test_the_plain_text_filter_escapes_everything_and_links_only_http():
    html = str(plain_text(MIXED + "\n\nSee https://example.org/page, or www.example.com."))
    assert_inert(html, "plain_text")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert (
        '<a href="https://example.org/page" rel="nofollow noopener noreferrer ugc">'
        "https://example.org/page</a>," in html
    )
    assert '<a href="https://www.example.com" rel="nofollow noopener noreferrer ugc">' in html
    soup = BeautifulSoup(html, "html.parser")
    assert all(a["href"].startswith(("http://", "https://")) for a in soup.find_all("a"))
    # Quotes and angle brackets end a link, so they cannot break out of the attribute.
    sneaky = str(plain_text('https://x.example/"onmouseover="alert(1)'))
    assert 'href="https://x.example/"' in sneaky and "onmouseover=" in sneaky
    assert BeautifulSoup(sneaky, "html.parser").a.attrs.keys() == {"href", "rel"}
    # Paragraphs and line breaks are kept; nothing else.
    assert str(plain_text("one\ntwo\n\nthree")) == "<p>one<br>two</p><p>three</p>"
    assert str(plain_text_inline("<b>x</b> http://a.example")) == (
        '&lt;b&gt;x&lt;/b&gt; <a href="http://a.example" rel="nofollow noopener noreferrer ugc">'
        "http://a.example</a>"
    )
    assert "href" not in str(plain_text("javascript://example.com/%0Aalert(1)"))
    assert "href" not in str(plain_text("mailto:someone@example.org ftp://example.org"))


def test_injection_in_every_field_members_fill_in(lambeth, lambeth_editor, lambeth_moderator):
    author = make_member(lambeth, display_name="Ivy", is_trusted=True)
    reader = make_member(lambeth, display_name="Rex", is_trusted=True)
    client = signed_in(lambeth, author)

    # A group: name, description, where and when.
    response = client.post(
        "/groups/propose/",
        human(
            {
                "name": "Group <script>alert(1)</script>",
                "description": MIXED + " https://walks.example.org/join",
                "meets_where": '<img src=x onerror="alert(2)"> library',
                "meets_when": "<b onmouseover=alert(6)>Sundays</b>",
                "visibility": "public",
            }
        ),
    )
    assert response.status_code == 302
    with inside(lambeth):
        group = CommunityGroup.objects.get()
        assert group.name == "Group <script>alert(1)</script>", "stored exactly as typed"
        assert group.slug == "group-scriptalert1script"
    signed_in(lambeth, lambeth_editor).post(
        "/admin/community/groups/", {"group": group.pk, "decision": "approve"}
    )
    signed_in(lambeth, reader).post(f"/groups/{group.slug}/join/")

    # A discussion in it, with a title and a first post; a reply; an edit.
    client.post(
        f"/groups/{group.slug}/new-discussion/",
        human({"title": "<script>alert('title')</script>", "body": MIXED}),
    )
    with inside(lambeth):
        thread = Thread.objects.get()
        first = thread.posts.get()
    reader_client = signed_in(lambeth, reader)
    reader_client.post(f"/discussions/{thread.pk}/", human({"body": MIXED + " reply"}))
    with inside(lambeth):
        reply = Post.objects.get(body=MIXED + " reply")
    reader_client.post(f"/discussions/posts/{reply.pk}/edit/", human({"body": MIXED + " edited"}))
    # A report with details.
    reader_client.post(
        f"/discussions/posts/{first.pk}/report/",
        human({"reason": "other", "details": MIXED}),
    )
    with inside(lambeth):
        report = Report.objects.get()
        assert report.details == MIXED.strip()

    pages = {
        "groups list": client_for(lambeth).get("/groups/"),
        "group page": client_for(lambeth).get(f"/groups/{group.slug}/"),
        "group page, member": reader_client.get(f"/groups/{group.slug}/"),
        "thread": client_for(lambeth).get(f"/discussions/{thread.pk}/"),
        "thread, member": reader_client.get(f"/discussions/{thread.pk}/"),
        "edit form": reader_client.get(f"/discussions/posts/{reply.pk}/edit/"),
        "delete form": reader_client.get(f"/discussions/posts/{reply.pk}/delete/"),
        "report form": client.get(f"/discussions/posts/{reply.pk}/report/"),
        "block form": client.get(f"/discussions/posts/{reply.pk}/block/"),
    }
    admin = signed_in(lambeth, lambeth_moderator)
    admin_pages = {
        "queue": admin.get("/admin/community/moderation/"),
        "report item": admin.get(f"/admin/community/moderation/reports/{report.pk}/"),
        "post item": admin.get(f"/admin/community/moderation/posts/{reply.pk}/"),
        "log": admin.get("/admin/community/log/"),
        "groups": signed_in(lambeth, lambeth_editor).get("/admin/community/groups/"),
    }
    for where, response in {**pages, **admin_pages}.items():
        assert response.status_code == 200, where
        html = response.content.decode()
        if where in admin_pages:
            # The admin has scripts of its own; members' words must still never be markup.
            for bad in ("<script>alert", 'onerror="alert', "<img src=x", "<svg/onload"):
                assert bad not in html, f"{where}: {bad!r} unescaped"
            continue
        assert_inert(html, where)

    thread_html = pages["thread, member"].content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in thread_html
    assert "alert(1)" in page_text(pages["thread"]), "shown as the words that were typed"
    assert "{{ request.user }} {% debug %}" in page_text(pages["thread"]), "template syntax is text"
    soup = BeautifulSoup(pages["group page"].content, "html.parser")
    links = soup.select(".group__description a")
    assert "https://walks.example.org/join" in [a["href"] for a in links]
    for link in links:
        assert link["href"].startswith(("https://", "http://"))
        assert set(link["rel"]) >= {"nofollow", "noopener"}

    # Emails are plain text, and carry what was typed as text.
    for message in mail.outbox:
        assert message.content_subtype == "plain"


@pytest.mark.parametrize(
    "address",
    [
        "https://bank.example@evil.example/login",
        "https://user:password@evil.example/",
        "www.bank.example:pass@evil.example",
        "https://evil.example/\u200fknab",
    ],
)
def test_misleading_addresses_are_not_linked(address):
    html = str(plain_text(f"Sign in at {address} today"))
    assert "<a " not in html and "href" not in html
    assert "today" in html


def test_bidi_overrides_cannot_reorder_a_links_text():
    # U+202E (right-to-left override) would show "https://evil.example/moc.knab" as
    # "bank.com/..." read backwards; isolates and embeddings reorder text too.
    text = "Pay at \u202ehttps://evil.example/moc.knab\u202c or \u2067x\u2069 \u202ay\u202c"
    html = str(plain_text(text))
    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert control not in html
    assert '<a href="https://evil.example/moc.knab" rel=' in html
    # Right-to-left writing itself is untouched (its marks stay, as text).
    arabic = "مرحبا\u200f بكم"
    assert str(plain_text_inline(arabic)) == arabic
