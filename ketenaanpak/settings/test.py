"""The test suite: real PostgreSQL and Redis on loopback, fast hashing."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ketenaanpak")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
# Each pytest-xdist worker (gw0, gw1 …) counts, caches and throttles in a Redis
# database of its own (15, 14 …), as it has its own test database: one worker's
# cache.clear() must not wipe another's throttle counts. The workers inherit the
# controller's environment (REDIS_URL already set), so the worker adjusts it once;
# the marker keeps a test's subprocess from adjusting it again.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER and os.environ.get("KETENAANPAK_REDIS_WORKER") != _WORKER:
    _base, _, _db = os.environ["REDIS_URL"].rpartition("/")
    _n = int(_WORKER.removeprefix("gw") or 0)
    os.environ["REDIS_URL"] = f"{_base}/{int(_db) - _n}"
    os.environ["KETENAANPAK_REDIS_WORKER"] = _WORKER
os.environ.setdefault("DEMO_MODE", "true")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
# Eager unless a test is about the queue itself (tests/ketenaanpak/test_celery.py).
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from .base import *  # noqa: E402,F403
from .base import INSTALLED_APPS  # noqa: E402

DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A model that exists only to prove the access layer on a protected object.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.accessfixture"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
