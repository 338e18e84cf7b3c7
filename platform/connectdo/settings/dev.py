"""Local development: DEBUG on, emails printed to the console, a fixed dev-only key."""

from .base import *  # noqa: F403
from .env import env_list, env_str

DEBUG = True
# Development only; production refuses to start without its own SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-connect-and-do")  # noqa: S105
# A fixed development-only notes key, so notes survive a restart of the dev server.
NOTES_ENCRYPTION_KEYS = env_list(
    "NOTES_ENCRYPTION_KEYS", ["ZGV2LW9ubHktbm90LXNlY3JldC1ub3Rlcy1rZXktMDA="]
)
EMAIL_DELIVERY_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
INTERNAL_IPS = ["127.0.0.1"]
# runserver serves static files through WhiteNoise (with the finders, as DEBUG is on), like
# every other server: Django's own static handler answers /static/%2e%2e%2f... with a 500.
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS]  # noqa: F405
# The demo boroughs (sites/demo: seed_demo) and their accounts with a published password:
# development and tests only, never production (nor its requirements).
INSTALLED_APPS = [*INSTALLED_APPS, "sites.demo"]
DEMO_CONTENT_ALLOWED = True
