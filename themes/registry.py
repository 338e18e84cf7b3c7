"""Which themes exist, and which one the current request uses."""

from functools import lru_cache
from pathlib import Path

from django.db import connection

THEMES_DIR = Path(__file__).resolve().parent
DEFAULT_THEME = "default"


@lru_cache(maxsize=1)
def available_themes() -> tuple[str, ...]:
    """Every folder under themes/ with templates or static files is a theme."""
    names = [
        path.name
        for path in sorted(THEMES_DIR.iterdir())
        if path.is_dir() and ((path / "templates").is_dir() or (path / "static").is_dir())
    ]
    return tuple(sorted(names, key=lambda name: (name != DEFAULT_THEME, name)))


def theme_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("-", " ").capitalize()) for name in available_themes()]


def current_theme() -> str:
    """The borough's theme when serving a borough, the default theme otherwise."""
    theme = getattr(getattr(connection, "tenant", None), "theme", None) or DEFAULT_THEME
    return theme if theme in available_themes() else DEFAULT_THEME


def theme_chain(theme: str | None = None) -> list[str]:
    """The order in which themes are searched: the borough's, then the default."""
    theme = theme or current_theme()
    return [theme, DEFAULT_THEME] if theme != DEFAULT_THEME else [DEFAULT_THEME]


def staticfiles_dirs() -> list[tuple[str, str]]:
    """STATICFILES_DIRS entries: themes/<name>/static is served as /static/themes/<name>/."""
    return [
        (f"themes/{name}", str(THEMES_DIR / name / "static"))
        for name in available_themes()
        if (THEMES_DIR / name / "static").is_dir()
    ]
