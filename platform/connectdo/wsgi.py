"""WSGI entry point: `gunicorn connectdo.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

from connectdo.collector import freeze_loaded_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "connectdo.settings.production")

application = get_wsgi_application()
freeze_loaded_application()  # after loading, before any request (collector.py)
