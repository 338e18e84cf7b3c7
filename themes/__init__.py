"""Themes: each borough picks one; a theme's templates and static files override the
default theme's, and anything a theme lacks falls back to the default."""
