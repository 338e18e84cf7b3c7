"""{% save_button kind item %}: "Save to my list" (or "Remove") on an item's page."""

from django import template

from ..selectors import is_saved

register = template.Library()


@register.inclusion_tag("mylist/includes/save_button.html", takes_context=True)
def save_button(context, kind: str, item):
    request = context["request"]
    ref = f"{kind}:{item.pk}"
    return {
        "ref": ref,
        "title": getattr(item, "title", None) or item.name,
        "item": item,
        "request": request,  # its language mark reads the cached locales through it
        "saved": is_saved(request, ref),
        "next": request.get_full_path(),
    }
