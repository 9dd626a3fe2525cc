"""The embedded demo: SQLite, eager Celery, console e-mail, the fictional region."""

import os

# Debug off by default: the demo shows the Dutch error pages a user would see, not
# Django's technical page listing every route (DJANGO_DEBUG=true for development).
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DEMO_MODE", "true")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

from .base import *  # noqa: E402,F403

# Serve static files straight from the finders (node_modules included), with debug
# off too (WhiteNoise, as the test settings do); no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
