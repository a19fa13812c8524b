"""
Settings for the mdsync reference peer.

Environment:
  MDSYNC_PEER_DB             path of the SQLite database (default: ./db.sqlite3)
  DJANGO_SECRET_KEY          secret key; if unset a random one is generated per process
                             (nothing here relies on signed data surviving a restart)
  MDSYNC_PEER_TEST_CONTROL   "1" enables fault injection and the /_test/ endpoints
                             (test suites only; never in a real deployment)
  MDSYNC_PEER_SIGNATURE_TOLERANCE_S  with TEST_CONTROL: the grades endpoint's tolerance for a
                             signature's timestamp, instead of 300 s
"""
import os
from pathlib import Path

from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or get_random_secret_key()

# The secret mdsync signs grade events with (X-Mdsync-Signature); without it the
# grades endpoint refuses everything.
MDSYNC_SIGNING_SECRET = os.environ.get("MDSYNC_PEER_SIGNING_SECRET", "")

DEBUG = False

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

TEST_CONTROL = os.environ.get("MDSYNC_PEER_TEST_CONTROL") == "1"

# How far a grade event's signature timestamp may be from now (seconds). Five minutes; test
# suites (TEST_CONTROL only) may shorten it with MDSYNC_PEER_SIGNATURE_TOLERANCE_S, to show a
# retry signed afresh without waiting minutes.
MDSYNC_SIGNATURE_TOLERANCE_S = 300
if TEST_CONTROL and os.environ.get("MDSYNC_PEER_SIGNATURE_TOLERANCE_S"):
    MDSYNC_SIGNATURE_TOLERANCE_S = int(os.environ["MDSYNC_PEER_SIGNATURE_TOLERANCE_S"])

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",
    "rest_framework.authtoken",
    "peer",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
if TEST_CONTROL:
    # Outermost, so that injected faults and delays happen before anything else.
    MIDDLEWARE.insert(0, "peer.testcontrol.FaultInjectionMiddleware")

ROOT_URLCONF = "mdsync_peer.urls"

WSGI_APPLICATION = "mdsync_peer.wsgi.application"

DATABASES = {
    "default": {
        # sqlite3 with BEGIN IMMEDIATE transactions and WAL: safe with several
        # gunicorn workers writing at once (plain Django 3.2 answers 500
        # "database is locked" there).
        "ENGINE": "peer.sqlite_immediate",
        "NAME": os.environ.get("MDSYNC_PEER_DB") or str(BASE_DIR / "db.sqlite3"),
        "OPTIONS": {"timeout": 60},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_L10N = False
USE_TZ = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # "Authorization: Token <key>" (DRF's own scheme) ...
        "rest_framework.authentication.TokenAuthentication",
        # ... and "Authorization: Bearer <key>" with the same key.
        "peer.authentication.BearerTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "peer.pagination.UserPageNumberPagination",
    "PAGE_SIZE": 100,
    "UNAUTHENTICATED_USER": None,
}

# With DEBUG off Django would swallow tracebacks; send them to stderr
# (gunicorn's log) instead.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
    },
}
