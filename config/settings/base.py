"""Settings shared by every environment, read from environment variables with safe defaults.

The embedded default needs no server: SQLite under `var/`, a file cache, the database task
worker. `DATABASE_URL=postgres://…` and `REDIS_URL=redis://…` switch to the scaled-out stack.
Only `config/settings/` reads the environment (see docs/self-hosting/configuration.md).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE as CSP_NONCE
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("MASTHEAD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable into a list without blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "masthead-insecure-development-key-change-me")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "masthead.core",
    "masthead.media",
    "masthead.news",
    "masthead.search",
    "masthead.readers",
    "masthead.moderation",
    "masthead.comments",
    "masthead.push",
    "masthead.live",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.settings",
    # Translation workflow (segments, PO files, the "Translate" action): wagtail-localize, whose
    # locales app replaces wagtail.locales (and wagtail.contrib.simple_translation's copy).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",  # allauth's sessions page (/account/sessions/) loads its tags
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.facebook",
    "allauth.socialaccount.providers.apple",
    "allauth.socialaccount.providers.twitter_oauth2",
    "allauth.socialaccount.providers.vk",
]

MIDDLEWARE = [
    # /healthz and /readyz answered before anything else runs (masthead/core/health.py).
    "masthead.core.health.HealthCheckMiddleware",
    # /metrics likewise, to the addresses or token allowed; then every other request is timed
    # (masthead/core/metrics.py) and its log lines carry it (masthead/core/json_logs.py).
    "masthead.core.metrics.MetricsEndpointMiddleware",
    "masthead.core.json_logs.RequestLogContextMiddleware",
    "masthead.core.metrics.RequestMetricsMiddleware",
    # HTML compressed for clients that accept it when no proxy is in front to do it (nginx
    # leaves a compressed answer alone). Outermost but for those: page-cache hits too, and
    # the cache keeps the plain HTML (its CSP nonce is replaced on each hit). Django adds
    # random padding against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Outside the page cache: hits and misses get the same policies (core/security_headers.py).
    "masthead.core.security_headers.ContentSecurityPolicyMiddleware",
    "masthead.core.security_headers.BrowserPoliciesMiddleware",
    "masthead.core.middleware.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "masthead.readers.middleware.StaffMfaRequiredMiddleware",
    "masthead.readers.consent_gate.ConsentGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "masthead" / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "masthead.core.context_processors.site_shell",
                "csp.context_processors.nonce",
            ],
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                ),
            ],
        },
    },
]

# --- Database: SQLite under var/ unless DATABASE_URL says otherwise -----------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")


def database_from_url(url: str) -> dict[str, Any]:
    """A database from its URL, as the site uses it.

    Connections are kept between requests and checked before a request reuses one; on
    PostgreSQL, connecting and a lost read are retried across a server restart
    (masthead/core/postgresql/base.py).
    """
    database = dict(dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True))
    if database["ENGINE"] == "django.db.backends.postgresql":
        database["ENGINE"] = "masthead.core.postgresql"
    return database


if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "masthead.sqlite3"),
            # Kept between requests, as on PostgreSQL: opening the file and running the
            # PRAGMAs below took a fifth of an uncached article's time in a web worker.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets the web workers read while the task worker writes.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, task queue: Redis when REDIS_URL is set ------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_cache(url: str, key_prefix: str) -> dict[str, Any]:
    """The cache on Redis: answered from process memory while Redis is unreachable.

    Short socket timeouts: a Redis that stops answering costs a request a quarter of a second
    once, then the circuit breaker skips it for two seconds (masthead/core/cache.py).
    """
    return {
        "BACKEND": "masthead.core.cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "TIMEOUT": 3600,
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
    }


# Sessions are written to the database and read through the cache, so a Redis restart (or
# eviction) logs nobody out.
REDIS_SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL, os.environ.get("CACHE_KEY_PREFIX", "masthead"))}
    SESSION_ENGINE = REDIS_SESSION_ENGINE
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_rq.RQBackend",
            "QUEUES": ["default"],
        }
    }
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    # django-rq's own Job calls the task object and fails every django-tasks job; this class
    # runs it (django-tasks-rq's README). Set here, every `rqworker` and queue uses it.
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
    INSTALLED_APPS.append("django_rq")
else:
    CACHES = {
        "default": {
            # Django's file cache with an atomic add/incr (single-use captcha, counters).
            "BACKEND": "masthead.core.file_cache.AtomicFileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    # Wagtail writes every rendition it looks up back to the "renditions" cache (the default
    # one when there is none): the file cache lists its whole directory on each write, which
    # was 85% of a home page's render. Process-local instead (keys hold the file's hash and
    # the focal point, so an edited image is looked up afresh in every process).
    CACHES["renditions"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "masthead-renditions",
        "TIMEOUT": 300,
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
# Requests stay fast when a process-local cache answers the hottest lookups (site root, routes).
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "masthead-local",
    "TIMEOUT": 60,
    "OPTIONS": {"MAX_ENTRIES": 50000},
}

# --- Internationalisation: English default and seven more editions ---------------------------
# Each edition is a language: a Wagtail Locale with its own home page, under its own prefix
# (/fr/, /zh-hans/; English at /). Django names the catalogues by locale (zh_Hans), the
# language by code (zh-hans). Arabic is written right to left (Django's LANGUAGES_BIDI).
LANGUAGE_CODE = "en"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ru", _("Russian")),
    ("de", _("German")),
    ("pt", _("Portuguese")),
    ("ar", _("Arabic")),
    ("zh-hans", _("Simplified Chinese")),
]
WAGTAIL_I18N_ENABLED = True
# A story submitted for translation starts as a draft in each edition, even when the original
# is live: wagtail-localize would otherwise publish it at once, in the original's words.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# No machine translation unless the operator configures a provider
# (WAGTAILLOCALIZE_MACHINE_TRANSLATOR, wagtail-localize's docs); none is needed.
USE_I18N = True
# Dates in each edition's own form; English day first (masthead/core/formats).
FORMAT_MODULE_PATH = ["masthead.core.formats"]
USE_TZ = True
TIME_ZONE = "UTC"
LOCALE_PATHS = [BASE_DIR / "masthead" / "locale"]

# --- Static and media files ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "masthead" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

# --- Wagtail ---------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Masthead")
# The public origin (scheme://host[:port]) every absolute URL is built on, whatever host a
# request came on; the Wagtail Site follows it (masthead/core/origin.py). bin/serve sets it.
MASTHEAD_BASE_URL = os.environ.get("BASE_URL", "").strip().rstrip("/") or "http://127.0.0.1:8000"
WAGTAILADMIN_BASE_URL = MASTHEAD_BASE_URL
WAGTAILIMAGES_IMAGE_MODEL = "media.NewsImage"
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "jpeg", "webp": "webp", "avif": "avif"}
WAGTAILIMAGES_AVIF_QUALITY = 60
WAGTAILIMAGES_WEBP_QUALITY = 78
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "masthead.search.backend", "SEARCH_CONFIG": "english"}
}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Staff avatars are uploaded or initials: no browser calls gravatar.com (it would learn a hash
# of each staff address and who opens the admin) unless the operator names a provider.
WAGTAIL_GRAVATAR_PROVIDER_URL = os.environ.get("GRAVATAR_PROVIDER_URL") or None
WAGTAILDOCS_EXTENSIONS = ["pdf", "csv", "docx", "xlsx", "odt", "txt"]
TAGGIT_CASE_INSENSITIVE = True

# Frontend cache purge: our own page cache always; an HTTP cache in front when configured.
WAGTAILFRONTENDCACHE = {
    "pagecache": {"BACKEND": "masthead.core.frontend_cache.PageCacheBackend"},
}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }

# --- Masthead ---------------------------------------------------------------------------------
# How long shared caches may keep anonymous pages, and serve them stale while revalidating.
MASTHEAD_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
MASTHEAD_PAGE_STALE_SECONDS = int(os.environ.get("PAGE_STALE_SECONDS", "300"))
# The in-app anonymous page cache (for a site without nginx in front); 0 switches it off.
MASTHEAD_APP_PAGE_CACHE_SECONDS = int(os.environ.get("APP_PAGE_CACHE_SECONDS", "60"))
MASTHEAD_PUBLISHER_NAME = os.environ.get("PUBLISHER_NAME", WAGTAIL_SITE_NAME)
# Push: the VAPID `sub` claim, how push services reach the operator (mailto: or https:).
MASTHEAD_PUSH_CONTACT = os.environ.get("PUSH_CONTACT", "")
# A section's automatic alert on publish goes out only while its edition has had fewer alerts
# than this in the last hour; beyond it the alert is held for an editor to send.
MASTHEAD_PUSH_AUTO_ALERTS_PER_HOUR = int(os.environ.get("PUSH_AUTO_ALERTS_PER_HOUR", "3"))
MASTHEAD_VIEW_FLUSH_SECONDS = int(os.environ.get("VIEW_FLUSH_SECONDS", "30"))
# The machine's language service (a Unix socket; bin/serve starts one and sets this): the
# language models live there once instead of in every worker. Empty: each process loads its own.
MASTHEAD_LANGUAGE_SERVICE = os.environ.get("MASTHEAD_LANGUAGE_SERVICE", "")

# --- Security defaults (production tightens them) -----------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
MASTHEAD_CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# Features the site never uses, switched off for it and anything it embeds.
MASTHEAD_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
# Content-Security-Policy (django-csp, core/security_headers.py): nothing unless listed; scripts
# and styles from the site or with the response's nonce; editors' embeds over HTTPS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_NONE],
        "script-src": [CSP_SELF, CSP_NONCE],
        "style-src": [CSP_SELF, CSP_NONCE],
        "img-src": [CSP_SELF, "data:"],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "media-src": [CSP_SELF],
        "manifest-src": [CSP_SELF],
        "frame-src": ["https:"],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_NONE],
        "frame-ancestors": [CSP_NONE],
        "form-action": [CSP_SELF],
    }
}
# The Wagtail admin's own policy: Wagtail 8 needs inline scripts and styles and eval there.
MASTHEAD_ADMIN_CSP = {
    "default-src": [CSP_SELF],
    "script-src": [CSP_SELF, "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": [CSP_SELF, "'unsafe-inline'"],
    "img-src": [CSP_SELF, "data:", "blob:", "https:"],
    "font-src": [CSP_SELF, "data:"],
    "connect-src": [CSP_SELF],
    "frame-src": [CSP_SELF, "https:"],
    "media-src": [CSP_SELF, "https:"],
    "object-src": [CSP_NONE],
    "base-uri": [CSP_SELF],
    "frame-ancestors": [CSP_SELF],
    "form-action": [CSP_SELF],
}
# Account pages: social log-in posts here and is redirected to the provider's HTTPS address.
MASTHEAD_ACCOUNT_FORM_ACTION = [CSP_SELF, "https:"]
# Django's default message storage with the cookie's name a setting (masthead/core/messages.py).
MESSAGE_STORAGE = "masthead.core.messages.MessageStorage"
MASTHEAD_MESSAGES_COOKIE_NAME = "messages"

# --- Reader accounts (django-allauth) -------------------------------------------------------
AUTH_USER_MODEL = "readers.User"
# allauth's backend only: every log-in goes through its rate limits (the admin's too, see urls).
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Length and a common-password list, no composition rules (NIST SP 800-63B, OWASP ASVS 5.0).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "account_login"
ACCOUNT_ADAPTER = "masthead.readers.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
# The password is optional: a reader may sign up and log in with a one-time code by e-mail.
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1", "password2"]
ACCOUNT_SIGNUP_FORM_CLASS = "masthead.readers.forms.SignupExtraForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True  # a notice after a password or e-mail change
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_SESSION_REMEMBER = None  # the reader ticks "Remember me"
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = os.environ.get("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = os.environ.get("SITE_NAME", "Masthead")
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env_bool("DEBUG", False)
USERSESSIONS_TRACK_ACTIVITY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # never join accounts on an unverified address
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_ADAPTER = "masthead.readers.adapter.SocialAccountAdapter"
# Providers are set up by the operator in the admin (Settings › Social log-in), none here.
# OpenID Connect servers get PKCE (RFC 7636) unless an app's own settings switch it off.
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True}}
ACCOUNT_USER_DISPLAY = "masthead.readers.adapter.user_display"
# The anti-robot check (masthead/readers/captcha.py): always on sign-up, password recovery
# and log-in code requests, on log-in after repeated failures for one address or from one IP.
ACCOUNT_FORMS = {
    "login": "masthead.readers.forms.security.CaptchaLoginForm",
    "signup": "masthead.readers.forms.security.CaptchaSignupForm",
    "reset_password": "masthead.readers.forms.security.CaptchaResetPasswordForm",
    "request_login_code": "masthead.readers.forms.security.CaptchaRequestLoginCodeForm",
}
# Wrong passwords are limited per IP only: a limit per address would let anyone lock the
# owner out. Each address is protected by the check instead. Other limits: allauth's defaults,
# and ours: asking for a closed account's restore link again (readers/views/lifecycle.py).
ACCOUNT_RATE_LIMITS = {"login_failed": "10/5m/ip,30/h/ip", "restore_link": "10/h/ip,3/h/key"}
# Behind a reverse proxy, how many proxies append to X-Forwarded-For (0: use REMOTE_ADDR).
# Rate limits and failed log-ins count per client IP, so this must match the deployment.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
MASTHEAD_CAPTCHA_COST = 1000  # PBKDF2 iterations per attempt (about a millisecond each)
MASTHEAD_CAPTCHA_WORK = 2500  # attempts a solver makes at least (between 1x and 2x this)
MASTHEAD_CAPTCHA_EXPIRY_SECONDS = 600
MASTHEAD_LOGIN_FAILURES_BEFORE_CAPTCHA = 3

# --- Mail: queued in the database, delivered by the worker with retries ---------------------
EMAIL_BACKEND = "masthead.core.mail.QueuedEmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
# What the worker delivers through: SMTP when EMAIL_HOST is set, files under var/mail/ if not,
# or any backend named in EMAIL_DELIVERY_BACKEND (an anymail provider, with ANYMAIL_* settings).
MASTHEAD_EMAIL_DELIVERY_BACKEND = os.environ.get("EMAIL_DELIVERY_BACKEND") or (
    "masthead.core.smtp.EmailBackend"  # Django's, telling the queue when it hands a message over
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend"
)
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("ANYMAIL_")
}
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Masthead <newsroom@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# LOG_FORMAT=json: one JSON object per line (time, level, logger, message, the request's id,
# method, path and status where known, a traceback as a field) for a log collector to parse.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "masthead.core.json_logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "masthead": {"level": os.environ.get("LOG_LEVEL", "INFO")},
        # A 404 is a reader's typo, not an incident: log server errors only.
        "django.request": {"level": "ERROR"},
    },
}

# --- Monitoring: Prometheus metrics at /metrics (docs/self-hosting/monitoring.md) -----------
# Who may read /metrics: client addresses or networks (the address X-Forwarded-For gives when
# TRUSTED_PROXY_COUNT is set), or anyone sending `Authorization: Bearer <METRICS_TOKEN>`.
# Everyone else gets a 404; with both empty, nobody reads it.
MASTHEAD_METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
MASTHEAD_METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
# prometheus_client's multiprocess mode: every process of this host (gunicorn's workers, the
# task workers) counts into files in this directory, and /metrics adds them up. bin/serve sets
# it under MASTHEAD_VAR_DIR and empties it at start. Empty: each process counts for itself.
MASTHEAD_METRICS_MULTIPROCESS_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")

# Periodic jobs the ticker (`manage.py tick`) enqueues: (task, every N seconds).
MASTHEAD_PERIODIC_TASKS = [
    ("masthead.news.tasks.scheduled_pages_publish_task", 30),
    ("masthead.news.tasks.views_flush_task", MASTHEAD_VIEW_FLUSH_SECONDS),
    ("masthead.news.tasks.stale_tallies_prune_task", 6 * 3600),
    ("masthead.search.tasks.search_terms_rebuild_task", 24 * 3600),
    ("masthead.core.tasks.outgoing_emails_retry_task", 60),
    ("masthead.readers.tasks.accounts_purge_due_task", 3600),
    ("masthead.readers.tasks.login_records_prune_task", 24 * 3600),
    ("masthead.core.tasks.expired_sessions_clear_task", 24 * 3600),
    ("masthead.live.tasks.data_sources_refresh_task", 3600),
    # Push: hands an unfinished fan-out (worker killed, or waiting for Retry-After) to a worker.
    ("masthead.push.tasks.push_alerts_resume_task", 60),
    # Push: a finished alert's delivery rows go after MASTHEAD_PUSH_DELIVERY_RETENTION_DAYS.
    ("masthead.push.tasks.push_deliveries_prune_task", 24 * 3600),
]
# What decides that a purged account leaves a keyed hash of its e-mail address behind
# (readers.Tombstone): dotted paths of callables `(user) -> reason | None`, asked in order.
# The comments app's: a member blocked for good (a second block) stays blocked if they register
# again with the same address.
READERS_TOMBSTONE_REASONS: list[str] = ["masthead.comments.selectors.member_tombstone_reason"]
MASTHEAD_VIEW_FLUSH_TIMER = True
WAGTAILIMAGES_IMAGE_FORM_BASE = "masthead.media.forms.NewsImageForm"
