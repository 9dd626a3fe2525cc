"""The embedded demo: SQLite, eager Celery, console e-mail, the fictional region."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DEMO_MODE", "true")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

from .base import *  # noqa: E402,F403
