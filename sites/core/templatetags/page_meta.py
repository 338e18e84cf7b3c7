"""The <title> and meta description every public page has (themes/default/base.html)."""

from django import template
from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from ..languages.isolation import isolated_text

register = template.Library()

DESCRIPTION_LENGTH = 160  # what search engines show
DESCRIPTION_FIELDS = ("search_description", "summary", "introduction")


def _site_name(context) -> str:
    branding = context.get("branding")
    return isolated_text(getattr(branding, "site_name", "") or "Connect & Do")


@register.simple_tag(takes_context=True)
def page_title(context) -> str:
    """ "<page> – <site>", or just the site's name on its home page (no repeat)."""
    site_name = _site_name(context)
    page = context.get("page")
    title = isolated_text(getattr(page, "seo_title", "") or getattr(page, "title", ""))
    if not title or title == site_name or getattr(page, "depth", 0) <= 2:  # 2: a home page
        return site_name
    return f"{title} – {site_name}"


@register.tag
def titled(parser, token):
    """``{% titled %}Sign in{% endtitled %}``: "Sign in – <site>", and "Error: " first when
    the page's ``form`` has errors (or its view sets ``page_errors``, for a page whose
    boxes are read without a Django form: search), so a screen reader hears it before
    anything else.
    Names inside take ``|bdi_text``, as ``<title>`` cannot hold ``<bdi>``."""
    nodelist = parser.parse(("endtitled",))
    parser.delete_first_token()
    return TitledNode(nodelist)


class TitledNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context) -> str:
        words = " ".join(self.nodelist.render(context).split())
        if getattr(context.get("form"), "errors", None) or context.get("page_errors"):
            words = f"{conditional_escape(gettext('Error:'))} {words}"
        return mark_safe(f"{words} – {conditional_escape(_site_name(context))}")


@register.simple_tag(takes_context=True)
def meta_description(context) -> str:
    """The page's own description (its search description, summary or introduction),
    else a sentence about the borough's site."""
    page = context.get("page")
    for name in DESCRIPTION_FIELDS:
        text = " ".join(strip_tags(str(getattr(page, name, "") or "")).split())
        if text:
            return Truncator(text).chars(DESCRIPTION_LENGTH)
    borough = context.get("borough")
    if borough:
        return gettext(
            "Find groups, activities, places and events in %(borough)s, and meet people "
            "who like the same things as you."
        ) % {"borough": borough.name}
    return gettext(
        "Connect & Do helps people find things to do and people to meet in their borough."
    )
