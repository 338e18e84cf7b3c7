"""The language switcher, ``hreflang`` alternates and "not yet translated" notice of a
public page (sites/core/languages/switcher.py)."""

from django import template
from django.utils import translation

from ..languages.switcher import page_languages as build_page_languages
from ..languages.urls import in_language

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
