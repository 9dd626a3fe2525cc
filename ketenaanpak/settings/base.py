"""Settings shared by every environment.

Environment modules (dev, test, production) set their defaults in ``os.environ`` and
then import this module, so every value below is read through the typed helpers in
``ketenaanpak.env`` exactly once.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from ketenaanpak.env import env_bool, env_int, env_list, env_secret, env_str

# Django's generic classes take at runtime the type parameters they take in
# django-stubs (``admin.ModelAdmin[Signal]``, ``forms.ModelForm[User]``), which
# ``mypy --strict`` asks for. Adds ``__class_getitem__`` only.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Only the demo and the tests use this key; production.py refuses to start with it.
INSECURE_SECRET_KEY = "insecure-demo-key-never-use-in-production-0000000000000000"

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_secret("DJANGO_SECRET_KEY", INSECURE_SECRET_KEY)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# The fictional demo region: shows the banner and allows seed_demo.
DEMO_MODE = env_bool("DEMO_MODE", False)
# Reverse proxies in front of the app whose X-Forwarded-For we believe.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
# Public base URL used in e-mails sent by background tasks (no request there).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The region in the page header: its name and a logo among the static files
# (e.g. "regio/logo.svg" in a STATICFILES_DIRS folder); both empty show neither.
REGION_NAME = env_str("REGION_NAME", "")
REGION_LOGO_STATIC = env_str("REGION_LOGO_STATIC", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "guardian",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "drf_spectacular",
    # Our apps, bottom layer first (docs/architecture.md).
    "audit",
    "partners",
    "accounts",
    "notifications",
    "signals",
    "classification",
    "casusoverleg",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ketenaanpak.api.ApiBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Outside everything that answers for a user, so every such answer is no-store.
    "accounts.middleware.NoStoreForUsersMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.RequireVerifiedUserMiddleware",
    "accounts.middleware.RequireLoginMiddleware",
    "audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ketenaanpak.urls"
WSGI_APPLICATION = "ketenaanpak.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ketenaanpak.context_processors.site",
            ],
            # The page shell's tags: breadcrumbs, error summary (docs/architecture.md).
            "libraries": {"shell": "ketenaanpak.templatetags.shell"},
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
# A request that fails half-way stores nothing: its writes and audit entries roll back
# together, and tasks it enqueued on commit are never sent.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default under concurrent requests: readers never wait for the
    # writer (WAL), a transaction takes the write lock when it begins instead of
    # failing with "database is locked" when it first writes (IMMEDIATE), and waits
    # up to 20 s for it. Racing meldpunt retries then queue and replay (200).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "partners.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out username/IP before any password check.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.OrganisationModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60  # one hour
# The one-time link that opens the enrolment of an authenticator (invitation, reset).
ENROLMENT_LINK_TIMEOUT = env_int("ENROLMENT_LINK_HOURS", 72, minimum=1) * 60 * 60

# Sessions end after 15 idle minutes. A request renews the session's expiry date in
# the database when the last renewal is a minute old (IdleSessionMiddleware), not on
# every request; the database backend refuses a session past that date.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 15 * 60, minimum=60)
SESSION_IDLE_RENEW_AFTER = min(60, SESSION_IDLE_TIMEOUT // 15)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # htmx gets the token from hx-headers on <body>

# django-otp
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Ketenaanpak")
OTP_TOTP_THROTTLE_FACTOR = 1

# django-axes: lock out a username from one address after 5 failures for 30 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# ...and the account itself, from every address, after 10 failures within the cool-off
# (accounts.lockout); the user is notified.
AXES_HANDLER = "accounts.lockout.AccountLockoutHandler"
ACCOUNT_LOCKOUT_LIMIT = env_int("ACCOUNT_LOCKOUT_LIMIT", 10, minimum=1)
AXES_CLIENT_IP_CALLABLE = "audit.http.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# django-guardian
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Third-party front-end code is served straight from the npm install, never copied in,
# and only the files we link (ketenaanpak.staticfiles.VendorFileFinder): no package's
# HTML from our origin, no CSS whose images the package does not ship.
STATIC_VENDOR_FILES = {
    "vendor/htmx/htmx.min.js": NODE_MODULES / "htmx.org/dist/htmx.min.js",
    # Drag and drop on the agenda (casusoverleg); keyboard buttons do the same.
    "vendor/sortablejs/Sortable.min.js": NODE_MODULES / "sortablejs/Sortable.min.js",
    "vendor/utrecht/index.css": NODE_MODULES
    / "@utrecht/component-library-css/dist/index.css",
    "vendor/utrecht-tokens/theme.css": NODE_MODULES
    / "@utrecht/design-tokens/dist/theme.css",
    "vendor/swagger-ui/swagger-ui-bundle.js": NODE_MODULES
    / "swagger-ui-dist/swagger-ui-bundle.js",
    "vendor/swagger-ui/swagger-ui.css": NODE_MODULES / "swagger-ui-dist/swagger-ui.css",
    # swagger-ui.css names its source map; the manifest storage needs it present.
    "vendor/swagger-ui/swagger-ui.css.map": NODE_MODULES
    / "swagger-ui-dist/swagger-ui.css.map",
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "ketenaanpak.staticfiles.VendorFileFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ketenaanpak",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery (docs/architecture.md): ids only in arguments, acks late, one prefetch.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 400_000  # KiB; WeasyPrint renders in the worker
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "clear-expired-sessions": {
        "task": "accounts.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=17),
    },
    # Notification e-mails whose task was lost (worker died, Redis restarted) or
    # failed: sent again until done or failed five times.
    "sweep-pending-notification-emails": {
        "task": "notifications.tasks.sweep_pending_notification_emails",
        "schedule": crontab(minute="*/5"),
    },
    # Who may read which signal is stored; each night it is held against the rule
    # and repaired where a code path skipped the refresh (signals.services.audience).
    "verify-signal-audience": {
        "task": "signals.tasks.verify_signal_audience",
        "schedule": crontab(hour=3, minute=47),
    },
    # A reminder before and after each open intervention's deadline, once each
    # (the unique reminder row): a missed day is caught up the next.
    "send-intervention-reminders": {
        "task": "casusoverleg.tasks.actions.send_intervention_reminders",
        "schedule": crontab(hour=7, minute=5),
    },
    # Agenda builds whose task was lost (queued or running too long): sent again,
    # failed after three attempts (casusoverleg.services.agenda).
    "sweep-agenda-builds": {
        "task": "casusoverleg.tasks.agenda.sweep_agenda_builds",
        "schedule": crontab(minute="*/5"),
    },
    # Minutes PDFs whose render failed (a few attempts) or was lost (worker died,
    # Redis restarted): queued again (casusoverleg.services.minutes).
    "sweep-minutes": {
        "task": "casusoverleg.tasks.minutes.sweep_minutes",
        "schedule": crontab(minute="*/5"),
    },
    # CoMensha report PDFs whose render failed (a few attempts) or was lost:
    # queued again (classification.services_comensha).
    "sweep-comensha-pdfs": {
        "task": "classification.tasks.sweep_comensha_pdfs",
        "schedule": crontab(minute="*/5"),
    },
}

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ketenaanpak@localhost")

API_MAX_BODY_BYTES = 256 * 1024
# Failed token authentications per client address before every token from it gets
# 429 (counted in the cache, so across web containers).
API_TOKEN_FAILURE_RATE = env_str("API_TOKEN_FAILURE_RATE", "10/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ketenaanpak.throttling.ThrottledApiTokenAuthentication"
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["ketenaanpak.throttling.ApiClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "api_client": env_str("API_THROTTLE_RATE", "120/minute")
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "ketenaanpak.api.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ketenaanpak loverboys – meldpunt-API",
    "DESCRIPTION": (
        "Het gemeentelijk meldpunt levert meldingen (signalen) aan en leest de status "
        "en terugkoppeling van de eigen meldingen terug."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "SubjectRoleEnum": "signals.constants.SubjectRole",
        "PersonRoleEnum": "signals.constants.PersonRole",
    },
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # key=value on one line; callers never pass personal data (docs/threat-model.md).
        "keyvalue": {
            "format": "ts=%(asctime)s level=%(levelname)s logger=%(name)s %(message)s"
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "keyvalue"}
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "celery": {"level": "WARNING"},
        "kombu": {"level": "ERROR"},
    },
}
