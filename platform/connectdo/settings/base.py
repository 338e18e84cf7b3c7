"""Settings shared by every environment. Environment-specific files import from here.

Everything that differs between machines comes from environment variables (see
README.md, Configuration); nothing secret has a default here.
"""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from search.conf import search_backends
from themes.registry import staticfiles_dirs

from .env import env_bool, env_int, env_list, env_str
from .security import content_security_policies

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent.parent  # the repository root

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")

# The platform's own host (landing page and console). Boroughs live on their own hosts,
# by default <slug>.<PLATFORM_HOST>.
PLATFORM_HOST = env_str("PLATFORM_HOST", "localhost")
PLATFORM_PORT = env_int("PLATFORM_PORT", 8000)
PLATFORM_SCHEME = env_str("PLATFORM_SCHEME", "http")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [PLATFORM_HOST, f".{PLATFORM_HOST}"])

# --- Applications ------------------------------------------------------------------
# The public schema holds the borough register and the platform staff's accounts.
# Every proxy that caches pages (comma-separated base URLs): Wagtail's purges and the
# per-borough bans go to each (tenants/page_cache.py, docs/operations/deploy.md).
FRONTEND_CACHE_URLS = env_list("FRONTEND_CACHE_URLS")

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "themes",
    # UK postcodes: public data, the same for every borough, so one table in public.
    "search.postcodes",
    # Failed sign-ins to the platform console (sites/core/doors.py).
    "axes",
]

# Each borough schema holds its own users, groups, sessions, Wagtail and content.
# auth and sessions sit in both lists on purpose: a session and the user it names
# must always live in the same schema.
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "sites.core",
    "sites.home",
    "sites.standard",
    "sites.directory",
    "sites.community",
    "sites.connecting",
    "sites.mylist",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    # Purges a page's URLs from the proxies when it is published or unpublished (through
    # the task queue); only where there are proxies to purge.
    *(["wagtail.contrib.frontend_cache"] if FRONTEND_CACHE_URLS else []),
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",  # the sitemap.xml template
    "wagtail.embeds",
    # Not wagtail.sites: a borough's Site is its web address, the platform's (launch and
    # the console); its admin let a Borough admin take the borough offline.
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_localize",
    "wagtail_localize.locales",
    "modelcluster",
    "taggit",
    "search",
    # Failed sign-ins, counted in each borough's own schema (sites/core/doors.py).
    "axes",
]

INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Borough"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
# New boroughs are cloned from this prepared schema instead of running every migration.
TENANT_BASE_SCHEMA = "borough_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
# Schemas cloned from the template ahead of time, renamed by a launch (tenants/schema_pool.py);
# 0: every launch clones the template.
BOROUGH_SCHEMA_POOL_SIZE = env_int("BOROUGH_SCHEMA_POOL_SIZE", 2)
# New schemas run the template's SQL script (tenants/template_script.py); False: CloneSchema.
BOROUGH_SCHEMA_FROM_SCRIPT = env_bool("BOROUGH_SCHEMA_FROM_SCRIPT", True)
# One SET search_path per request instead of one per cursor.
TENANT_LIMIT_SET_CALLS = True
# Content types are cached per schema instead of reloaded after every schema switch
# (tenants/contenttypes.py): this hook marks the clear that follows a switch.
EXTRA_SET_TENANT_METHOD_PATH = "tenants.contenttypes.schema_switched"
PUBLIC_SCHEMA_URLCONF = "connectdo.urls_public"
ROOT_URLCONF = "connectdo.urls_borough"
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"

# Static files are the same on every host, so WhiteNoise serves them before the borough
# is looked up: the unknown-host 404 page needs its stylesheet too.
MIDDLEWARE = [
    # /health/ on any host, before the HTTPS redirect; /-/metrics (connectdo/observability.py).
    "connectdo.observability.OperatorEndpointsMiddleware",
    "connectdo.observability.RequestObservabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "connectdo.csp.ScopedCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tenants.middleware.BoroughMiddleware",
    # Marks what the page cache may keep; sees every cookie set below it (tenants/page_cache.py).
    "tenants.page_cache.PageCacheMiddleware",
    # Cookieless visitor counts of public pages, after the response is sent.
    "sites.connecting.impact.visitors.VisitorCountMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language the address names (/pl/…), if the borough offers it (sites/core/languages/).
    "sites.core.languages.middleware.BoroughLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # ?easyread=on|off, remembered in the session for the visit (sites/core/easyread/).
    "sites.core.easyread.switch.EasyReadMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tenants.middleware.BoroughRedirectMiddleware",
    # Turns a refused sign-in into the "Please wait" page (sites/core/doors.py).
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": False,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sites.core.context_processors.borough",
                "sites.standard.context_processors.standard_links",
            ],
            # Borough theme first, then the default theme, then app templates;
            # cached per theme (see themes/loaders.py).
            "loaders": ["themes.loaders.CachedThemeLoader"],
            "builtins": ["themes.templatetags.theme_tags"],
        },
    },
]

WSGI_APPLICATION = "connectdo.wsgi.application"

# --- Data stores -------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres://connectdo:connectdo@127.0.0.1:5432/connectdo"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        # A kept connection that broke (PgBouncer or PostgreSQL restarted) is replaced
        # at the start of the next request instead of failing it.
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", True),
        # django-tenants' backend, waiting for a restarting PgBouncer (tenants/postgresql_backend).
        engine="tenants.postgresql_backend",
    )
}
# A query run through prepared_cursor() (tenants/postgresql_backend: the search page's
# re-checked reads) this many times on a kept connection is prepared, so PostgreSQL
# plans it once; 0 turns preparing off.
DATABASE_PREPARE_AFTER = env_int("DATABASE_PREPARE_AFTER", 5)
# How long opening a database connection is retried before the request fails.
DATABASE_CONNECT_RETRY_SECONDS = env_int("DATABASE_CONNECT_RETRY_SECONDS", 5)
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The shared cache in Redis, its timeouts and degraded mode: settings/caches.py.
from .caches import *  # noqa: E402, F403

SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Host-only cookies: a borough's session cookie is never sent to another borough.
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
# A form sent without its token gets the site's own page, in plain words; a stale tab's
# words are kept and the person sent back to the form (sites/community/kept_words.py).
CSRF_FAILURE_VIEW = "sites.community.kept_words.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env_str("STATIC_ROOT", str(BASE_DIR / ".run" / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / ".run" / "media"))
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# themes/<name>/static is served under /static/themes/<name>/.
STATICFILES_DIRS = staticfiles_dirs()
# Leaflet (pinned in package.json, installed by `npm ci`) is served as our own static
# files, under /static/leaflet/: no CDN, nothing fetched at run time.
STATICFILES_DIRS.append(("leaflet", str(BASE_DIR / "node_modules" / "leaflet" / "dist")))

# --- Maps (sites/core/maps.py) -----------------------------------------------------------
# The map pictures (tiles) beside a listing: any tile server's URL template, with the
# attribution its licence asks for. The list beside the map never depends on them.
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
MAP_TILE_ATTRIBUTION_URL = env_str(
    "MAP_TILE_ATTRIBUTION_URL", "https://www.openstreetmap.org/copyright"
)

# S3 (or any S3-compatible store) when a bucket is named; local files otherwise.
# Either way every borough writes under its own schema-named prefix.
AWS_STORAGE_BUCKET_NAME = env_str("MEDIA_S3_BUCKET")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env_str("MEDIA_S3_ENDPOINT_URL")
    AWS_S3_REGION_NAME = env_str("MEDIA_S3_REGION", "eu-west-2")
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_FILE_OVERWRITE = False
    MEDIA_STORAGE_BACKEND = "tenants.storage.BoroughS3Storage"
else:
    MEDIA_STORAGE_BACKEND = "tenants.storage.BoroughFileSystemStorage"

STORAGES = {
    "default": {"BACKEND": MEDIA_STORAGE_BACKEND},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Background tasks ------------------------------------------------------------------
# Wagtail enqueues search, reference-index and file tasks without a schema; our
# backends record the enqueuing schema and run the task inside it (tenants/tasks.py).
TASK_BACKEND = env_str("TASK_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "tenants.task_backends.BoroughDatabaseBackend",
            "immediate": "tenants.task_backends.BoroughImmediateBackend",
        }[TASK_BACKEND]
    }
}

# --- Search ------------------------------------------------------------------------------
SEARCH_URL = env_str("SEARCH_URL")
SEARCH_ENGINE = env_str("SEARCH_ENGINE", "opensearch")
SEARCH_INDEX_PREFIX = env_str("SEARCH_INDEX_PREFIX", "connectdo_")
WAGTAILSEARCH_BACKENDS = search_backends(SEARCH_URL, SEARCH_ENGINE, SEARCH_INDEX_PREFIX)
# Longest the compaction commands wait for the engine to let go of the newest deletes
# (search/backends/compaction.py); 0: do not wait, and leave those to the next one.
SEARCH_COMPACTION_WAIT_SECONDS = env_int("SEARCH_COMPACTION_WAIT_SECONDS", 40)

# --- Wagtail ---------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Connect & Do"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
# WAGTAILADMIN_BASE_URL is deliberately unset: it is one address for every borough (and
# must never be changed per request). Wagtail's workflow emails take the address of the
# borough that sends them instead, from our copies of its notification base templates
# (sites/core/templates/wagtailadmin/notifications/base.*, tag borough_admin_base_url).
# W003 is Wagtail's warning that the setting is missing.
SILENCED_SYSTEM_CHECKS = ["wagtailadmin.W003"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# SVG for boroughs' logos; media is served with a sandboxing CSP (tenants/views.py), so a
# script inside an uploaded SVG never runs on a borough's host.
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp", "svg"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_PASSWORD_RESET_ENABLED = True
# Staff change their password where every member does (/account/password/), whose wrong
# current passwords are counted (docs/operations/rate-limits.md); the admin's own
# unlimited form is switched off. Its password reset stays (limited in urls_borough.py).
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
# Nobody types a password for someone else: a Borough admin adds a user (Settings → Users)
# and the new person is emailed a link to choose their own (sites/core/staff.py).
WAGTAILUSERS_PASSWORD_ENABLED = False

# --- Languages -----------------------------------------------------------------------------
from .languages import *  # noqa: E402, F403

# The interface's translations (`make messages` gathers and compiles them).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Django's checks with the site's own words, in every language (sites/core/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "sites.core.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "sites.core.passwords.MinimumLengthValidator"},
    {"NAME": "sites.core.passwords.CommonPasswordValidator"},
    {"NAME": "sites.core.passwords.NumericPasswordValidator"},
]
LOGIN_URL = "login"

# --- Limits on every door: settings/doors.py ---------------------------------------------
from .doors import *  # noqa: E402, F403

# --- Email ---------------------------------------------------------------------------------
# Every email passes through NamesItsLanguage, which says the language of those Wagtail
# makes (Content-Language, sites/core/email_backend.py), then goes out through the backend
# the environment's EMAIL_BACKEND names.
EMAIL_BACKEND = "sites.core.email_backend.NamesItsLanguage"
EMAIL_DELIVERY_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Borough emails are sent as "<Borough> Connect & Do <DEFAULT_FROM_EMAIL>" with the
# borough's own contact address as Reply-To (tenants/emails.py).
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "no-reply@connectdo.localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Community Connecting notes (sites/connecting/encryption.py) -------------------------
# Comma-separated Fernet keys: the first encrypts, all decrypt (rotation). Development and
# tests set their own; production refuses to start without one (guards.notes_keys).
NOTES_ENCRYPTION_KEYS = env_list("NOTES_ENCRYPTION_KEYS")

# --- Security -----------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"

# Content-Security-Policy (django-csp; connectdo/csp.py): settings/security.py. Media may
# come from the S3 store when one is configured, the map's tiles from their server.
_MEDIA_ORIGINS = []
if AWS_STORAGE_BUCKET_NAME:
    _MEDIA_ORIGINS = [
        "{0.scheme}://{0.netloc}".format(urlsplit(AWS_S3_ENDPOINT_URL))
        if AWS_S3_ENDPOINT_URL
        else f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME}.amazonaws.com"
    ]
CONTENT_SECURITY_POLICY, ADMIN_CONTENT_SECURITY_POLICY = content_security_policies(
    _MEDIA_ORIGINS, MAP_TILE_URL
)
ADMIN_CSP_PREFIXES = ["/admin/"]
# No staff email hashes sent to gravatar.com (and no third-party images in the admin).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Logging: settings/logs.py -----------------------------------------------------------
from .logs import *  # noqa: E402, F403

# What a borough's schema holds (its site, pages, first admin), for tenants to call without
# importing sites (layers: platform -> sites -> tenants); see tenants/content.py.
BOROUGH_CONTENT = "sites.borough"
# How long each process keeps what it knows of boroughs: settings/boroughs.py.
from .boroughs import *  # noqa: E402, F403

# Whether seed_demo may run: demo boroughs come with accounts whose password is published
# (README). Only the development and test settings allow it.
DEMO_CONTENT_ALLOWED = False

# How many proxies in front of the site append to X-Forwarded-For (0: none; the
# visitor's address is REMOTE_ADDR). Rate limits by address depend on this being right.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# --- Page cache (Varnish in front; tenants/page_cache.py, docs/operations/deploy.md) ----------
# How long the proxy may keep an anonymous page; Editors' changes empty it at once. 0: the
# app marks nothing as shareable.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
WAGTAILFRONTENDCACHE = {
    f"proxy{number}": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": location,
    }
    for number, location in enumerate(FRONTEND_CACHE_URLS)
}
