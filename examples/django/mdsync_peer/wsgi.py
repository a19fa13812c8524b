"""WSGI entry point: gunicorn mdsync_peer.wsgi"""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mdsync_peer.settings")

application = get_wsgi_application()
