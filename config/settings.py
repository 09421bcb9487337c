"""Settings of Monev RB, read from the environment (django-environ).

One file for every environment: a fresh clone runs with no variables at all
(SQLite, console e-mail, an embedded Celery broker); production sets
DATABASE_URL, REDIS_URL, EMAIL_URL, SECRET_KEY and friends. See README.md.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
# Local state of a development run (SQLite file, file broker, media); VAR_DIR moves it (tests, two runs).
VAR_DIR = Path(os.environ.get("VAR_DIR") or BASE_DIR / "var")

env = environ.Env()
# A local .env is convenient for operators; the environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY belum diisi. Set the SECRET_KEY environment variable (or DEBUG=1 for local development)."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "roadmap",
    "areas",
    "evaluations",
    "dashboards",
    "exports",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "demo",  # last of the project's apps: the demo data imports from all of them, none from it
]

MIDDLEWARE = [
    # First: the client's scheme from a trusted proxy only, forwarded headers of anyone else dropped.
    "roadmap.proxies.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "roadmap.middleware.SessionActivityMiddleware",
    "roadmap.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "roadmap.middleware.PrivateNoStoreMiddleware",  # needs request.user; whitenoise above answers static files
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "areas.scale.OneScaleMiddleware",  # the capaian scale read at most once per request
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "django.template.context_processors.i18n",
                "config.context_processors.navigation",
                "demo.context_processors.demo_notice",
            ],
        },
    },
    {
        # Only for the hot, repeated fragments (config/jinja.py); pages stay Django templates.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "config.jinja.environment", "keep_trailing_newline": True},
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'monev.sqlite3'}"),
}
# Parallel developers and CI runs on one PostgreSQL server each get their own test database.
if env.str("TEST_DB_NAME", default=""):
    DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DB_NAME")}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Survive a PostgreSQL restart without restarting the app.
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "roadmap.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

if env.bool("FAST_PASSWORD_HASHER", default=False):
    # Tests only: docs/performance.md#password-hashing-in-tests.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language, time, numbers --------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Makassar"  # WITA
USE_I18N = True
USE_TZ = True
# Indonesian formats (85,5 and 1.234,5; 18 Juli 2024) come from roadmap/formats/.
FORMAT_MODULE_PATH = ["roadmap.formats"]
# Grouping is applied by the `angka` filter only: a global separator would also turn ids and
# years in templates into "1.542" and "2.025".
USE_THOUSAND_SEPARATOR = False

# --- Static and media ---------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages come from the npm registry (package.json) and are served by
# the app itself: a government intranet has no internet, so no CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Evidence files are private: they are served only through a permission-checked
# view, so MEDIA_URL is never routed by Django or the web server.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
# The largest request body (roadmap.middleware.RequestSizeLimitMiddleware, 413): an evidence file and the form
# around it. Keep in step with nginx's client_max_body_size (deploy/nginx/monev.conf).
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=EVIDENCE_MAX_BYTES + 2 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_MAX_BYTES  # the form fields (not the files) read into memory, at most
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # a larger uploaded file is spooled to a temporary file, not memory

# --- E-mail -------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Monev RB PPU <monev-rb@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# --- Celery ---------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    # No Redis: an embedded broker in files under var/, so `make run` still runs
    # a real worker and beat without any server.
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"evaluations.tasks.send_*": {"queue": "mail"}}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if REDIS_URL:
    # A dead or unreachable Redis fails a publish within about a second; the task then waits in the
    # outbox (roadmap/outbox.py) instead of hanging the request. socket_timeout > kombu's 1 s BRPOP.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": 1,
        "socket_timeout": 5,
        # The test suite's parallel workers (pytest-xdist) each have their own queues on the one Redis: a task one
        # worker's test enqueues must not run in another's Celery worker, against another test database.
        "global_keyprefix": os.environ.get("PYTEST_XDIST_WORKER", ""),
    }

# --- Caches -----------------------------------------------------------------------------------------------------
# One cache for every process (the API's rate limits, the dashboards' numbers): Redis when REDIS_URL is set, so
# that gunicorn's workers on every machine share it; else the process's memory (a development run). Short
# socket timeouts: a dead Redis costs a request about a second, and its readers go on without it.
if REDIS_URL:
    _redis_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # The test suite's parallel workers (pytest-xdist) share one Redis but not one database: each keeps its own
        # keys, or one worker's rate-limit counters and cached numbers would be another's (the same ids in both).
        "KEY_PREFIX": "monev" + os.environ.get("PYTEST_XDIST_WORKER", ""),
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    CACHES = {"default": _redis_cache, "dashboards": {**_redis_cache, "TIMEOUT": 600}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "monev"},
        "dashboards": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "monev-dasbor",
            "TIMEOUT": 600,
        },
    }

# /healthz/ calls the worker "stale" when its heartbeat (every minute) is older than this.
HEARTBEAT_STALE_MINUTES = env.int("HEARTBEAT_STALE_MINUTES", default=5)
# Load balancers probe gunicorn over plain HTTP on the private network: no redirect to HTTPS there.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]

# --- Domain settings (defaults of DESIGN.md, configurable) ----------------------
REMINDER_ESCALATE_AFTER_DAYS = env.int("REMINDER_ESCALATE_AFTER_DAYS", default=7)
REVISION_DAYS = env.int("REVISION_DAYS", default=5)  # a returned report's own due date: today + N
REOPEN_DAYS = env.int("REOPEN_DAYS", default=7)  # Buka Kembali after close: open until today + N
# The verifying body as the interface names it (the seed's "BPSDM" and BKPSDM are one body, DESIGN.md).
VERIFIER_UNIT_NAME = env.str("VERIFIER_UNIT_NAME", default="BKPSDM")
EXPORT_ASYNC_ROWS = env.int("EXPORT_ASYNC_ROWS", default=5000)  # more rows than this: a background export
EXPORT_KEEP_HOURS = env.int("EXPORT_KEEP_HOURS", default=24)  # how long a background export file is kept
# Dashboard aggregates cached per data generation (dashboards/selectors/cache.py); 0 = off.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=0 if DEBUG else 600)

# --- Security -------------------------------------------------------------------
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
# Expiry counts from the last request (inactivity), refreshed at most every SESSION_REFRESH_SECONDS by
# roadmap.middleware.SessionActivityMiddleware instead of a session write on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=60)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# X-Forwarded-For / X-Forwarded-Proto are believed only from these peers (addresses or networks): the nginx
# in front of gunicorn (roadmap/proxies.py). No SECURE_PROXY_SSL_HEADER: Django would believe it from anyone.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1", "::1"])
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"

# Content Security Policy (django-csp 4): scripts only from our own static files, no inline code, no eval.
# style-src is 'self' too: no template served to a browser has a style="" attribute (e-mails and the PDF
# are not pages), and Bootstrap, Popper, Chart.js and the Django admin set styles through the CSSOM,
# which CSP does not govern. htmx's own indicator <style> is switched off by the htmx-config meta tag.
# img-src allows data: for Bootstrap's inline SVG icons (select arrows, close button, navbar toggler).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
INSTALLED_APPS += ["csp", "axes"]
# Axes after the others: it turns a lockout flagged during the request into the lockout page.
MIDDLEWARE += [
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "roadmap.middleware.RequestSizeLimitMiddleware",  # innermost: its 413 carries every header above
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "roadmap.backends.UnitModelBackend",  # ModelBackend, the user read with their unit (roadmap/backends.py)
    "django.contrib.auth.backends.ModelBackend",  # sessions recorded before it
]
# Login throttling in two tiers (roadmap/lockout.py), each followed by 15 minutes of lockout: 5 failures for one
# username from one address, 20 for one username from any address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
LOCKOUT_USERNAME_FAILURE_LIMIT = env.int("LOCKOUT_USERNAME_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["username"]]  # = roadmap.lockout.TIERS
AXES_HANDLER = "roadmap.lockout.TieredLockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "roadmap.audit.lockout_response"  # Indonesian page, status 429
AXES_CLIENT_IP_CALLABLE = "roadmap.proxies.client_ip"  # the one client-address rule (TRUSTED_PROXIES)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- REST API (api/) ------------------------------------------------------------
# Token per user (api.ApiToken, hashed) or the signed-in session (the docs page); JSON only; errors in
# one JSON shape (api.exceptions). Rates per token and, lower, per address for anonymous calls and for failed
# token attempts, counted in the shared cache (CACHES, Redis when REDIS_URL is set).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasRole"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],  # deep nesting is a 400, not a 500
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle", "api.throttling.AnonymousRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": env.str("API_RATE_TOKEN", default="120/min"),
        "anon": env.str("API_RATE_ANON", default="30/min"),
        "token_failure": env.str("API_RATE_TOKEN_FAILURES", default="10/min"),  # failed token attempts per address
    },
    # The throttles key on roadmap.proxies.client_ip (api/throttling.py); 0: any other reads REMOTE_ADDR only.
    "NUM_PROXIES": 0,
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Monev RB PPU API",
    "DESCRIPTION": "Data Road Map Reformasi Birokrasi Kabupaten Penajam Paser Utara: baca data, kirim realisasi.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its page need a signed-in user or a token, like every endpoint (api/docs.py).
    "SERVE_PERMISSIONS": ["api.permissions.HasRole"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that several components share, named once (drf-spectacular warns on a guessed name).
    "ENUM_NAME_OVERRIDES": {
        "QuarterEnum": "areas.models.QUARTERS",
        "ActionKindEnum": "areas.models.ActionKind",
        "ActionStatusEnum": "evaluations.models.ActionStatus",
        "ReportStatusEnum": "evaluations.models.ReportStatus",
        "PolarityEnum": "areas.models.Polarity",
        "SasaranPolarityEnum": "areas.models.SASARAN_POLARITIES",
        "IndicatorKindEnum": "areas.models.IndicatorKind",
        "FollowUpStatusEnum": "evaluations.models.FollowUpStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    # Served by the app itself (drf-spectacular-sidecar): no CDN on a government intranet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
