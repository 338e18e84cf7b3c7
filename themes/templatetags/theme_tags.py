from functools import lru_cache

from django import template
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from ..registry import current_theme, theme_chain

register = template.Library()


@lru_cache(maxsize=512)
def _resolve(theme: str, path: str) -> str:
    for name in theme_chain(theme):
        candidate = f"themes/{name}/{path}"
        if finders.find(candidate):
            return candidate
    raise ValueError(f"No theme provides the static file {path!r}.")


@register.simple_tag
def theme_static(path: str) -> str:
    """URL of a theme's static file, falling back to the default theme's copy."""
    return static(_resolve(current_theme(), path))
