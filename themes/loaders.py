"""Template loaders that resolve the current borough's theme, then the default theme."""

from django.template.loaders import cached, filesystem

from .registry import THEMES_DIR, current_theme, theme_chain


class ThemeLoader(filesystem.Loader):
    def get_dirs(self):
        return [THEMES_DIR / theme / "templates" for theme in theme_chain()]


class CachedThemeLoader(cached.Loader):
    """Django's cached loader, with the theme in the cache key.

    The plain cached loader would remember the first borough's resolution of
    "base.html" and serve it to every borough, whatever their theme.
    """

    def __init__(self, engine, loaders=None):
        super().__init__(
            engine,
            loaders
            or ["themes.loaders.ThemeLoader", "django.template.loaders.app_directories.Loader"],
        )

    def cache_key(self, template_name, skip=None):
        return f"{current_theme()}/{super().cache_key(template_name, skip)}"
