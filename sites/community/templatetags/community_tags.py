"""Template helpers for groups and discussions.

``plain_text`` is how every member-written text is shown: escaped, with paragraphs and
line breaks kept, and web addresses (http and https only) turned into links that search
engines do not follow and that cannot reach back into this page. No HTML a member types
is ever rendered. Addresses that could mislead are left as text: one with a user name or
password before the host (``https://bank.example@evil.example``), or with a bidi control
character (which can show a link's text in another order than its address); bidi
embeddings, overrides and isolates are removed from member text altogether.
"""

import re
from urllib.parse import urlsplit

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from sites.community.discussions import links as discussion_links
from sites.community.groups import links as group_links

register = template.Library()

# A web address starting with http://, https:// or www. Quotes, angle brackets and
# backticks end it; so does white space.
URL = re.compile(r"(?i)\b((?:https?://|www\.)[^\s<>\"'`]+)")
TRAILING = ".,;:!?…'\"*_"
# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they reorder the
# text around them, so they are dropped from member text.
BIDI_REORDERING = re.compile("[\u202a-\u202e\u2066-\u2069]")
# The marks (LRM, RLM, ALM) are left in text, but never linked.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
LINK_REL = "nofollow noopener noreferrer ugc"


def _unbalanced_close(url: str) -> bool:
    """Does ``url`` end with a bracket it never opened ("(see https://x.example)")?"""
    pairs = {")": "(", "]": "["}
    last = url[-1]
    return last in pairs and url.count(pairs[last]) < url.count(last)


def _split_trailing(url: str) -> tuple[str, str]:
    """Leave sentence punctuation (and unbalanced closing brackets) out of a link."""
    trail = ""
    while url and (url[-1] in TRAILING or _unbalanced_close(url)):
        trail, url = url[-1] + trail, url[:-1]
    return url, trail


def safe_href(url: str) -> str | None:
    """An http(s) address to link to, or None if this is not one (or could mislead)."""
    if BIDI_CONTROLS.search(url):
        return None
    href = url if url.lower().startswith(("http://", "https://")) else f"https://{url}"
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if "@" in parts.netloc:  # user:password@host: the host is not what it looks like
        return None
    return href


def linkify(text: str) -> SafeString:
    """Escape ``text`` and link its http(s) web addresses."""
    text = BIDI_REORDERING.sub("", text)
    pieces, position = [], 0
    for match in URL.finditer(text):
        url, trail = _split_trailing(match.group(1))
        href = safe_href(url) if url else None
        if href is None:
            continue
        pieces.append(escape(text[position : match.start()]))
        pieces.append(format_html('<a href="{}" rel="{}">{}</a>', href, LINK_REL, url))
        position = match.start() + len(url)
    pieces.append(escape(text[position:]))
    return mark_safe("".join(str(piece) for piece in pieces))  # noqa: S308 - every piece escaped


@register.filter(is_safe=True)
def plain_text(value) -> SafeString:
    """Member-written text as paragraphs: escaped, with safe links. Never raw HTML."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return mark_safe("")
    paragraphs = re.split(r"\n\s*\n", text)
    html = "".join(
        "<p>"
        + "<br>".join(str(linkify(line)) for line in paragraph.strip("\n").split("\n"))
        + "</p>"
        for paragraph in paragraphs
    )
    return mark_safe(html)  # noqa: S308 - built from linkify(), which escapes everything


@register.filter(is_safe=True)
def plain_text_inline(value) -> SafeString:
    """Like plain_text, on one line (for short texts such as 'where it meets')."""
    return linkify(" ".join(str(value or "").split()))


@register.simple_tag(takes_context=True)
def group_url(context, group, name="group"):
    return group_links.group_url(group, name, request=context.get("request"))


@register.simple_tag(takes_context=True)
def groups_url(context, name="groups", *args):
    return group_links.groups_url(name, *args, request=context.get("request"))


@register.simple_tag(takes_context=True)
def thread_url(context, thread):
    return discussion_links.thread_url(thread, request=context.get("request"))


@register.simple_tag(takes_context=True)
def post_url(context, post):
    return discussion_links.post_url(post, request=context.get("request"))


@register.simple_tag(takes_context=True)
def post_action_url(context, post, name):
    return discussion_links.post_action_url(post, name, request=context.get("request"))


@register.simple_tag(takes_context=True)
def discussions_url(context, name="discussions", *args):
    return discussion_links.discussions_url(name, *args, request=context.get("request"))
