"""Settings for the diplomacy project.

Everything that differs between a laptop, CI and production comes from the environment
(see `.env.example`). The defaults are safe for local use only: SQLite in the project
folder, DEBUG off, and no secret key unless DEBUG is on.
"""

import os
import re
import sys
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

# A pure function (settings load before the app registry): the hash form of a CSP source.
from statements.ops.csp import sha256_source

BASE_DIR = Path(__file__).resolve().parent.parent


class SettingsError(ImproperlyConfigured):
    """A variable in the environment is missing or malformed: the operator's mistake, not a bug."""


def _report_settings_errors_in_one_line(hook=sys.excepthook):
    # A settings error raised while manage.py or the WSGI module starts would otherwise bury its
    # one useful sentence under fifty lines of import machinery. Other errors keep their traceback.
    def excepthook(kind, error, traceback):
        if isinstance(error, SettingsError):
            print(f"Configuration error: {error}", file=sys.stderr)
        else:
            hook(kind, error, traceback)

    sys.excepthook = excepthook


_report_settings_errors_in_one_line()


def env_bool(name, default=False):
    """Read a yes/no variable; anything unrecognised is an error, not a silent False."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}")


def env_list(name, default=()):
    """Read a comma-separated list, ignoring blanks; an empty value means the default, as for the others."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name, default, minimum=None):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise SettingsError(f"{name} must be an integer; got {value!r}") from None
    if minimum is not None and number < minimum:
        raise SettingsError(f"{name} must be at least {minimum}; got {number}")
    return number


def env_rate(name, default):
    """Read a rate limit such as "120/minute", the form Django REST framework's throttles parse."""
    value = os.environ.get(name, "").strip() or default
    if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", value):
        raise SettingsError(f'{name} must look like "{default}"; got {value!r}')
    return value


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise SettingsError("SECRET_KEY is not set. Set it in the environment, or set DEBUG=1 for local development.")
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "csp",
    "statements",
]

MIDDLEWARE = [
    # First: the container healthcheck and load balancers probe by address, with a Host header
    # that ALLOWED_HOSTS need not list, over plain HTTP that SECURE_SSL_REDIRECT would redirect.
    "statements.ops.middleware.HealthCheckMiddleware",
    # What a reading request asks several times (the data version), asked once (statements.memo).
    "statements.ops.middleware.RequestMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "statements.ops.csp.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Gzip for the API's answers only (no HTML: BREACH); outside the ones below, which read or
    # set the body and its length.
    "statements.ops.compression.ApiGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A database that is away (a restart) gives 503 with Retry-After instead of a 500.
    "statements.ops.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "statements.ops.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that the headers above are set on the 400s and 404s it answers with.
    "statements.ops.middleware.RejectUnreadableInputMiddleware",
]

ROOT_URLCONF = "diplomacy.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "diplomacy.wsgi.application"

# SQLite in the project folder unless DATABASE_URL says otherwise, e.g.
# postgres://postgres@127.0.0.1:5432/diplomacy
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            # Persistent connections nearly double throughput on this kind of machine;
            # health checks stop a restarted database from failing the first requests.
            conn_max_age=env_int("CONN_MAX_AGE", 60, minimum=0),
            conn_health_checks=env_bool("CONN_HEALTH_CHECKS", True),
        )
    }
except ValueError as error:
    raise SettingsError(f"DATABASE_URL is not a database URL we understand: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The same backend, with a health check that sends no query (diplomacy/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "diplomacy.postgresql"
    # PostgreSQL's JIT compiler switches on for any query it estimates as costly (an export, a
    # facet of a big selection) and then spends 0.4–1.5 s compiling a query that runs in less:
    # measured on a CSV export at a million statements. Our queries are short; compile none.
    # The statements prepared by statements/prepared.py (the only ones: psycopg2 prepares none
    # itself) look rows up by a list of ids; a plan made for one list serves any other. PostgreSQL's
    # default plans the first five runs for their own values, which for a meeting's 200 ids took
    # 10-15 ms at a million statements against 4 ms for the generic plan (issue 16).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c jit=off -c plan_cache_mode=force_generic_plan"
    )
    # No query, and no transaction left idle, may hold the database longer than these (seconds;
    # 0: no limit). Exports are read whole before they are sent (statements/api/export.py), so a
    # slow client holds neither. The commands that legitimately work for minutes in one go run
    # without them; with `manage.py shell` or others, SET statement_timeout = 0 in the session.
    # 300 s: a CSV export of a million statements is one COPY of ~45 s on a quiet machine, and
    # several times that on a busy one (bench/README.md).
    DB_STATEMENT_TIMEOUT = env_int("DB_STATEMENT_TIMEOUT", 300, minimum=0)
    DB_IDLE_IN_TRANSACTION_TIMEOUT = env_int("DB_IDLE_IN_TRANSACTION_TIMEOUT", 60, minimum=0)
    _LONG_COMMANDS = {"migrate", "publish_dataset", "generate_data", "export_dataset", "import_dataset"}
    if not (len(sys.argv) > 1 and sys.argv[1] in _LONG_COMMANDS):
        DATABASES["default"]["OPTIONS"]["options"] += (
            f" -c statement_timeout={DB_STATEMENT_TIMEOUT * 1000}"
            f" -c idle_in_transaction_session_timeout={DB_IDLE_IN_TRANSACTION_TIMEOUT * 1000}"
        )

# The cache holds facet counts and API throttle counters. Without CACHE_URL each process keeps
# its own in memory; with a Redis URL (redis://127.0.0.1:6379/1) all workers share one.
CACHE_URL = os.environ.get("CACHE_URL", "").strip()
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL in {"", "locmem://"}:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise SettingsError(f"CACHE_URL must be a redis:// URL or empty; got {CACHE_URL!r}")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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
# Public releases of the data (`manage.py publish_dataset RELEASES_DIR`), listed and served at /data/.
RELEASES_DIR = Path(os.environ.get("RELEASES_DIR", "").strip() or BASE_DIR / "releases")
# Serve straight from the app folders when collectstatic has not run (make run, tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "admin:login"

# The import review form has about nine fields per quote found; Django's default of 1,000
# fields would refuse an article with more than about a hundred quotes.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Database sessions that treat a malformed session cookie as no session rather than failing.
SESSION_ENGINE = "statements.ops.sessions"

# Transport security. `make run` serves plain HTTP with DEBUG on, so cookies are secure by default
# only with DEBUG off; the rest is opted into by the production environment (docs/operations.md).
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# Django sends HSTS only on requests it sees as HTTPS, so plain-HTTP local use never gets it.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Behind a proxy that terminates TLS, the header it sets to "https" (e.g. X-Forwarded-Proto); trust
# it only there, since a client could send it itself.
_proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_ssl_header:
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", _proxy_ssl_header):
        raise SettingsError(f"SECURE_PROXY_SSL_HEADER must be a header name; got {_proxy_ssl_header!r}")
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
# Links to sources leave for news sites: tell them nothing of what the reader was looking at.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"


# Style attributes that DRF's browsable API and django-simple-history's admin page write. They are
# fixed strings in those packages' templates, so each is allowed by its hash rather than allowing
# any inline style; tests/test_security_csp.py fails when an upgrade brings one that is not here.
THIRD_PARTY_STYLE_ATTRIBUTES = [
    "float: right; margin-right: 10px",
    "float: right",
    "width: 350px",
    "border-bottom: 1px solid #e5e5e5",
    "border-bottom: 0",
    "border-top: 0",
]

# Only our own origin: scripts and styles from our static files, no inline script at all, no
# plugins, no framing. Views that need more say so (statements/content_security.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-hashes'", *map(sha256_source, THIRD_PARTY_STYLE_ATTRIBUTES)],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Failed sign-ins (statements/login_limits.py): per user name and client address, and per address
# whatever the user name, within LOGIN_LOCKOUT seconds; past either limit, refused until it ends.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
LOGIN_LOCKOUT = env_int("LOGIN_LOCKOUT", 15 * 60, minimum=1)

# The REST API. Reads are public; writes need an editor (deletes an administrator) with a token or a
# session: see statements/roles.py and docs/roles.md.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "statements.api.access.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["statements.api.access.IsEditorOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "statements.api.schema.ApiSchema",
    "DEFAULT_PAGINATION_CLASS": "statements.api.pagination.PagePagination",
    "DEFAULT_RENDERER_CLASSES": [
        "statements.api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["statements.api.access.RateThrottle"],
    # How many proxies in front of the app write X-Forwarded-For: the API throttle and the
    # sign-in limits take the client address from there. 0 (no proxy) uses the connection's
    # address, so a client cannot dodge the limits by sending X-Forwarded-For itself. Only
    # docker-compose.yml sets 1, for its nginx, which is the only way to the app there.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0, minimum=0),
    "EXCEPTION_HANDLER": "statements.api.errors.exception_handler",
}

# API rate limits (statements/api/access.py), as "<number>/<second|minute|hour|day>", counted in
# the cache. Anonymous requests per client address, and so are requests with a wrong token; a
# signed-in user without a role gets the same rate, counted per user.
API_ANON_RATE = env_rate("API_ANON_RATE", "120/minute")
# Editors and administrators, per user.
API_USER_RATE = env_rate("API_USER_RATE", "600/minute")
# Researchers, per user: walking a million statements at page_size 500 is 2,000 requests, so
# about 100 seconds of rate limit.
API_RESEARCHER_RATE = env_rate("API_RESEARCHER_RATE", "1200/minute")
# Seconds an anonymous API list answer may be served from the cache (statements/response_cache.py);
# any change to statements, meetings, delegates or sources shows at once regardless. 0: no cache.
API_CACHE_SECONDS = env_int("API_CACHE_SECONDS", 60, minimum=0)
# File exports of lists (statements/api/export_slots.py): how many may run at once per client
# address and for all anonymous clients together, how long a slot counter lives at most (a
# killed worker's slots are free again after it), and how many rows count as one request.
EXPORTS_PER_ADDRESS = env_int("EXPORTS_PER_ADDRESS", 2, minimum=1)
EXPORTS_ANONYMOUS = env_int("EXPORTS_ANONYMOUS", 2, minimum=1)
EXPORT_SLOT_SECONDS = env_int("EXPORT_SLOT_SECONDS", 900, minimum=1)
EXPORT_ROWS_PER_REQUEST = env_int("EXPORT_ROWS_PER_REQUEST", 1000, minimum=1)
# Seconds the quote extractor may spend on one text for POST /api/v1/extract/ and the article
# import screen; past it the request gets an error and the worker is free (statements/extraction/deadline.py).
EXTRACTION_TIME_BUDGET = env_int("EXTRACTION_TIME_BUDGET", 5, minimum=1)

# Mail, for the email alerts (statements/alerts/): EMAIL_URL in dj-email-url's format, such as
# smtp://user:password@smtp.example.org:587/?tls=True. With DEBUG on, mails are printed to the
# console unless EMAIL_URL names a server; with it off, the default is a server on this machine.
EMAIL_URL = os.environ.get("EMAIL_URL", "").strip() or ("console://" if DEBUG else "smtp://localhost:25")
try:
    _email = dj_email_url.parse(EMAIL_URL)
except (KeyError, ValueError) as error:
    raise SettingsError(f"EMAIL_URL is not a mail URL we understand (smtp://, console://): {error}") from None
if "EMAIL_BACKEND" not in _email:
    raise SettingsError(f"EMAIL_URL must start with smtp://, submission:// or console://; got {EMAIL_URL!r}")
globals().update({name: value for name, value in _email.items() if value is not None})
# An SMTP server that stops answering must not hold send_alerts for ever (Django's default).
EMAIL_TIMEOUT = _email.get("EMAIL_TIMEOUT") or 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "").strip() or "Diplomatic statements <alerts@localhost>"
# The site as its readers reach it, without a trailing slash: the links in the mails.
SITE_URL = (os.environ.get("SITE_URL", "").strip() or "http://localhost:8000").rstrip("/")
if not re.fullmatch(r"https?://[^/\s]+(/[^\s]*)?", SITE_URL):
    raise SettingsError(f"SITE_URL must be an http:// or https:// address; got {SITE_URL!r}")

SPECTACULAR_SETTINGS = {
    "TITLE": "Diplomatic statements API",
    "DESCRIPTION": "Who said what, where, when, on whose behalf, about whom, and according to which source.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge image fetched from the online validator: we load nothing from other sites.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    # Separate request and response components, as writes take ids and codes and reads give objects.
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "PartyKindEnum": "statements.models.Party.Kind",
        "MeetingKindEnum": "statements.models.Meeting.Kind",
        "SourceKindEnum": "statements.models.Source.Kind",
        "StatementKindEnum": "statements.models.Statement.Kind",
        "AliasKindEnum": "statements.models.Alias.Kind",
        "RelationEnum": "statements.models.Mention.Relation",
        "UNStatusEnum": "statements.models.UNStatus",
        # Two choice sets share the field name `role`: a participant's part, and who saved a change.
        "RoleEnum": "statements.models.Role",
        "AuthorRoleEnum": "statements.roles.AUTHOR_ROLES",
    },
}

LOG_LEVEL = os.environ.get("LOG_LEVEL", "").strip().upper() or "INFO"
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise SettingsError(f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL; got {LOG_LEVEL!r}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
