"""{% listing_map items list_id %}: a map of a listing's items, beside the list itself."""

from django import template

from ..maps import listed_entry, map_settings, map_spots

register = template.Library()


@register.inclusion_tag("core/includes/listing_map.html", takes_context=True)
def listing_map(context, items, list_id: str):
    """The map of exactly ``items`` (the list's own, whose element is ``list_id``), with a
    link past it. Without JavaScript it stays hidden and the list alone is complete."""
    request = context.get("request")
    spots = map_spots(listed_entry(item, request) for item in items)
    return {"spots": spots, "list_id": list_id, "map": map_settings(), "request": request}
