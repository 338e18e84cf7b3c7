"""WSGI entry point: `gunicorn connectdo.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

from connectdo.collector import FreezeAfterWarmUp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "connectdo.settings.production")

application = FreezeAfterWarmUp(get_wsgi_application())
