"""The embedded demo: SQLite, eager Celery, console e-mail, the fictional region."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DEMO_MODE", "true")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

from .base import *  # noqa: E402,F403

# Serve static files straight from the finders (node_modules included); no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
