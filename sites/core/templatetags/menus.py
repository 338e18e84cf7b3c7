from django import template

from ..site_cache import menu_links_html

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu_links(context):
    """The main menu's links (includes/site_nav_links.html), from this process's cache."""
    request = context.get("request")
    return menu_links_html(request) if request is not None else ""
