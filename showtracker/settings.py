"""Settings for showtracker, read once from the environment through django-environ.

Development needs no `.env`: every value has a safe default while DEBUG is on.
With DEBUG off the site refuses to start without a SECRET_KEY and is HTTPS-only
unless each protection is switched off by name.
"""

from datetime import timedelta
from pathlib import Path

import environ
from corsheaders.defaults import default_headers as cors_default_headers
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-development-only-key")
else:
    try:
        SECRET_KEY = env.str("SECRET_KEY")
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set in the environment when DEBUG is false."
        ) from error

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "showtracker.apps.WorkbenchAdminConfig",  # django.contrib.admin, the workbench site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "corsheaders",
    "axes",
    "csp",
    "simple_history",
    "import_export",
    "imagekit",
    "series",
    "history",
    "django_tasks",
    "django_tasks_db",
    "follows",
    "pagecache",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that can answer (django-cors-headers' documentation asks so).
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "series.api.middleware.ApiMiddleware",
    # Compresses what passes out through it: above the page cache, so the cache stores
    # and hashes (ETag) the plain body and each answer is compressed on the way out
    # (GZip then weakens the ETag and adds Vary: Accept-Encoding); below WhiteNoise,
    # which serves its own pre-compressed files. BREACH: DEPLOYMENT.md, "Compression".
    "django.middleware.gzip.GZipMiddleware",
    # Before sessions and auth: a cached page costs no session lookup.
    "pagecache.middleware.PageCacheMiddleware",
    # On a page cache miss: statuses the calendar changed today are re-derived first.
    "series.freshness.CurrentStatusesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "showtracker.security.AdminContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes last, as its documentation asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "showtracker.urls"

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
            # Each wing keeps its template tags beside its views.
            "libraries": {
                "site_tags": "series.site.template_tags",
                "workbench_tags": "series.admin.template_tags",
            },
        },
    },
]

WSGI_APPLICATION = "showtracker.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and a writer work at once; IMMEDIATE takes the write
    # lock at BEGIN so concurrent saves queue for `timeout` seconds instead
    # of failing with "database is locked" halfway through a transaction.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# Local memory in development keeps 300 entries by default; the page cache's tag versions
# need more, or it would evict other entries (the daily status flag) early.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://showtracker?max_entries=10000")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The cache is a speed-up, never a dependency: a stalled Redis must cost a request
    # milliseconds, not a hung worker (redis-py waits for ever by default). Pages are
    # then rendered afresh (pagecache/outage.py).
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {
            "socket_connect_timeout": env.float("CACHE_CONNECT_TIMEOUT", default=0.1),
            "socket_timeout": env.float("CACHE_SOCKET_TIMEOUT", default=0.25),
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Uploaded pictures and their renditions. Development keeps them in MEDIA_ROOT (served
# by `make run`); production sets MEDIA_S3_BUCKET for S3-compatible storage (DEPLOYMENT.md).
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names need `collectstatic`; development serves files as they are.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
WHITENOISE_MAX_AGE = 31536000
# WhiteNoise would serve the web manifest (webroot/) as application/octet-stream.
WHITENOISE_MIMETYPES = {".webmanifest": "application/manifest+json"}
# /favicon.ico and /site.webmanifest, which browsers ask for at the site's root.
WHITENOISE_ROOT = BASE_DIR / "webroot"
if env.str("MEDIA_S3_BUCKET", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("MEDIA_S3_BUCKET"),
            "endpoint_url": env.str("MEDIA_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("MEDIA_S3_REGION", default="") or None,
            "custom_domain": env.str("MEDIA_S3_CUSTOM_DOMAIN", default="") or None,
            # Public pictures under public URLs that never change: each upload gets a
            # new name and each rendition's name is a hash of its source and size.
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": env.str("MEDIA_S3_ACL", default="") or None,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
# Uploads are refused above these limits before anything is decoded or stored.
IMAGE_MAX_BYTES = env.int("IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
# Renditions are written when a picture is saved, so pages never check that they exist.
IMAGEKIT_CACHEFILE_DIR = "renditions"
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"
IMAGEKIT_SPEC_CACHEFILE_NAMER = "imagekit.cachefiles.namers.source_name_as_path"

# HTTPS-only in production; each protection can be switched off by name for a
# plain-HTTP run on loopback (benchmarks, smoke tests).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# --- API ---
# How long clients and shared caches may reuse an API response (seconds).
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=60)
# CORS (django-cors-headers), for the API only: any origin may read it, nothing else.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# What a reading client sends, conditional requests included.
CORS_ALLOW_HEADERS = [*cors_default_headers, "if-modified-since", "if-none-match"]
CORS_EXPOSE_HEADERS = ["ETag"]
CORS_PREFLIGHT_MAX_AGE = 86400
# --- hardening ---
# Login throttling (django-axes): its backend must come first so a locked-out
# client is refused before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed logins and lockouts are kept in the database, never in the cache: a cache
# outage neither lifts the throttling nor locks editors out.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
# Proxies in front of the app that append to X-Forwarded-For (0: clients connect directly).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "showtracker.security.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "showtracker.security.lockout"
AXES_VERBOSE = False

# History (django-simple-history): reverting needs the history model's own permission.
SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS = True

# Content-Security-Policy (django-csp 4). Public pages run no inline script at all;
# the admin's relaxations are in showtracker.security.ADMIN_CSP_REPLACE.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Pictures served from another origin (S3, a CDN) are named in MEDIA_ORIGINS.
        "img-src": [SELF, "data:", *env.list("MEDIA_ORIGINS", default=[])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# --- performance: page cache, read replica ---
# Anonymous public pages are cached with the versions of their tags, which changes to
# the `series` models they show bump (pagecache/, pagecache/tags.py).
# PAGE_CACHE=false renders every request (benchmarks measure uncached pages that way);
# browsers still get ETags and 304s.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE", default=True)
PAGE_CACHE_MAX_AGE = env.int("PAGE_CACHE_MAX_AGE", default=60)  # for browsers and CDNs
PAGE_CACHE_TTL = env.int("PAGE_CACHE_TTL", default=600)  # old versions expire on their own
PAGE_CACHE_EXCLUDE = [
    "/admin/",
    "/healthz",
    STATIC_URL if STATIC_URL.startswith("/") else "/" + STATIC_URL,
    MEDIA_URL,
]
# Shared HTTP caches in front (Varnish, a CDN): the header naming each page's tags
# ("xkey" for Varnish, "Surrogate-Key" for Fastly, "Cache-Tag" for Cloudflare), and the
# addresses pagecache/purge.py sends PURGE requests to after each change (none: off).
CACHE_TAG_HEADER = env.str("CACHE_TAG_HEADER", default="xkey")
CACHE_PURGE_URLS = env.list("CACHE_PURGE_URLS", default=[])
CACHE_PURGE_ATTEMPTS = env.int("CACHE_PURGE_ATTEMPTS", default=4)
CACHE_PURGE_TIMEOUT = env.float("CACHE_PURGE_TIMEOUT", default=2.0)
CACHE_PURGE_REPEAT = env.float("CACHE_PURGE_REPEAT", default=1.0)  # 0: send once
# How long a shared cache may keep a page (s-maxage): long when it is purged on every
# change, the browsers' max-age otherwise. Either way it stops at midnight.
PAGE_CACHE_SHARED_MAX_AGE = env.int(
    "PAGE_CACHE_SHARED_MAX_AGE",
    default=PAGE_CACHE_TTL if CACHE_PURGE_URLS else PAGE_CACHE_MAX_AGE,
)
if not DEBUG and not env.str("CACHE_URL", default=""):
    # Local memory is per process: each gunicorn worker would keep its own content
    # version and miss the others' bumps. Without Redis, one machine's workers share files.
    CACHES = {
        "default": env.cache_url_config(
            f"filecache://{env.str('CACHE_DIR', default=str(BASE_DIR / '.cache'))}"
            "?max_entries=20000"
        )
    }
    # The same, without listing the directory on every write (pagecache/filecache.py).
    CACHES["default"]["BACKEND"] = "pagecache.filecache.FileBasedCache"
# With a replica, cache misses read the primary this long after any change, so no
# page is ever stored from a replica that has not caught up yet.
REPLICA_LAG_SECONDS = env.float("REPLICA_LAG_SECONDS", default=10.0)
if env.str("REPLICA_DATABASE_URL", default=""):
    DATABASES["replica"] = {
        **env.db("REPLICA_DATABASE_URL"),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["series.routers.PrimaryReplicaRouter"]

# Bulk import and export (series/admin/imports.py): each import runs in one
# transaction and writes nothing if any row is wrong. The uploaded file waits for the
# confirm step in the cache, which every app server shares (CACHE_URL), not on one disk.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"
# Spreadsheet formulas are escaped by the admin's own CSV and XLSX formats
# (series/admin/import_formats.py), reversibly and never in JSON; the library's
# IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT drops the "=" and rewrites JSON, so it stays off.

# --- following shows: mail, webhooks, the background worker (follows/) ---
# Tasks go through Django's tasks API (the django-tasks backport); the database backend
# needs no other service: `manage.py db_worker` runs them (`make run` starts one).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# EMAIL_URL as django-environ reads it: consolemail:// prints mails (development),
# smtp+tls://user:password@host:587 sends them.
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)  # EMAIL_BACKEND, EMAIL_HOST, ... as django-environ documents
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="showtracker <alerts@localhost>")
# Mails are written by the worker, outside any request: links start with this.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Changes to one show within this many minutes fold into one mail.
FOLLOW_DIGEST_MINUTES = env.float("FOLLOW_DIGEST_MINUTES", default=10)
# How long a confirmation link works (days); unconfirmed follows are removed after it.
FOLLOW_CONFIRM_DAYS = env.int("FOLLOW_CONFIRM_DAYS", default=3)
# Follow requests allowed per hour from one client address and to one email address.
FOLLOW_RATE_PER_CLIENT = env.int("FOLLOW_RATE_PER_CLIENT", default=10)
FOLLOW_RATE_PER_ADDRESS = env.int("FOLLOW_RATE_PER_ADDRESS", default=3)
# Webhook targets on private, loopback or link-local addresses are refused unless allowed.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=False)
# Seconds for a whole webhook call (connect, send, the answer's status and headers), not
# per read: the one worker waits this long at most for a slow app. Apps answer at once
# and work afterwards; a call past it is retried with backoff.
WEBHOOK_TIMEOUT = env.float("WEBHOOK_TIMEOUT", default=1.5)
