"""The language switcher, ``hreflang`` alternates and "not yet translated" notice of a
public page (sites/core/languages/switcher.py)."""

from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html

from search.languages import lang_attributes, original_language

from ..languages.isolation import isolated, isolated_text
from ..languages.selectors import text_language
from ..languages.switcher import page_languages as build_page_languages
from ..languages.urls import in_language, typed_links_in_reader_language

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context):
    """``{% page_languages as languages %}``; None off a borough (the platform host)."""
    request = context.get("request")
    if request is None or getattr(request, "borough", None) is None:
        return None
    return build_page_languages(request, context.get("page"))


@register.simple_tag
def language_home_url() -> str:
    """The borough's home page in the reader's language: "/" or "/pl/"."""
    return in_language("/", translation.get_language())


def _in_language(text, code: str):
    """``text`` isolated inside a sentence (:func:`bdi`), marked with ``code`` when set."""
    if text in (None, ""):
        return text
    return format_html("<bdi{}>{}</bdi>", lang_attributes(code) if code else "", text)


@register.filter(is_safe=True)
def bdi(value):
    """Words someone wrote (a member's name, a group's, a place's, an event's title) as a
    value inside a translated sentence: ``{% blocktranslate with name=group.name|bdi %}``.

    ``<bdi>`` isolates them from the sentence, so in a right-to-left page the browser
    cannot carry the sentence's punctuation and numbers into an English name, or a
    name's into the sentence ("Ola (2)" staying "Ola (2)" inside Arabic). Escaped, like
    any value; nothing for an empty one. Not for ``<title>``, an attribute or plain text,
    which cannot hold an element."""
    return isolated(value)


@register.filter(name="bdi_text", is_safe=True)
def bdi_text(value):
    """:func:`bdi` where no element may go: ``{% blocktranslate with name=name|bdi_text %}``
    inside ``{% titled %}``. Invisible characters, escaped with the value as usual."""
    return isolated_text(value)


@register.filter(is_safe=True)
def reader_links(html):
    """``{% filter reader_links %}`` around a page's body: the addresses its Editors typed
    into links, in the reader's language (``typed_links_in_reader_language``)."""
    return typed_links_in_reader_language(html)


def _other_language(context, item) -> str:
    """The language of ``item``'s words (the page's by default) when it is not the
    reader's; "" when it is, or is not known."""
    item = context.get("page") if item is None else item
    code = text_language(context.get("request"), item)
    return code if code and code != translation.get_language() else ""


@register.simple_tag(takes_context=True)
def text_lang(context, item=None):
    """``<h1{% text_lang %}>``: marks an element holding a page's own words with their
    language when a reader of another language is shown them (WCAG 3.1.2), so a screen
    reader reads the English title of an untranslated page in English and the Polish
    buttons around it in Polish. ``item``: a listed page instead of the page shown."""
    code = _other_language(context, item)
    return lang_attributes(code) if code else ""


@register.simple_tag(takes_context=True)
def own_words(context, text, item=None):
    """A page's words inside a translated sentence, isolated (:func:`bdi`) and marked as
    :func:`text_lang` marks an element: ``{% own_words page.concessions as concessions %}``."""
    return _in_language(text, _other_language(context, item))


def _site_language() -> str:
    code = original_language()
    return code if code != translation.get_language() else ""


@register.simple_tag(takes_context=True)
def whole_words(context, text, item=None):
    """A page's words that are all an element holds (a menu link, a card's title): in
    the reader's language as they are, otherwise marked with their language on a
    ``<bdi>`` inside the element, so the element keeps the page's direction and layout
    (a link marked left to right lines up on the left in a right-to-left menu)."""
    code = _other_language(context, item)
    return _in_language(text, code) if code else conditional_escape(text)


@register.simple_tag
def site_lang():
    """Like :func:`text_lang`, for words the borough's team wrote once, in English, and
    that are not translated page by page: the team's opening hours and address."""
    code = _site_language()
    return lang_attributes(code) if code else ""


@register.simple_tag
def site_words(text):
    """:func:`site_lang` for such words inside a translated sentence."""
    return _in_language(text, _site_language())


@register.simple_tag
def reader_lang():
    """The reader's language again, for interface words inside a page's own words (a
    block of the team's contact details in an English page body)."""
    code = translation.get_language()
    return lang_attributes(code) if code and code != original_language() else ""
