"""WSGI entry point (gunicorn rio_portal.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rio_portal.settings.production")
application = get_wsgi_application()
