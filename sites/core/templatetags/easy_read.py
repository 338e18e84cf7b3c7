from django import template

from sites.core.easyread.switch import switch_url

register = template.Library()


@register.simple_tag(takes_context=True)
def easy_read_switch_url(context, choice: str) -> str:
    request = context.get("request")
    return switch_url(request, choice) if request is not None else f"/?easyread={choice}"
