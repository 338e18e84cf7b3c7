"""WSGI entry point: `gunicorn connectdo.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "connectdo.settings.production")

application = get_wsgi_application()
