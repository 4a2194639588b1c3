"""Settings read from the environment; embedded defaults need nothing installed.

Production (AFTERSALES_ENV=production) fails fast when a setting it cannot default is missing.
"""

import hashlib
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("AFTERSALES_VAR_DIR", PROJECT_DIR / "var")).resolve()
PRODUCTION = os.environ.get("AFTERSALES_ENV", "embedded") == "production"


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def require(name: str, min_length: int = 1) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when AFTERSALES_ENV=production")
    if len(value) < min_length:
        raise ImproperlyConfigured(
            f"{name} must be at least {min_length} characters long when "
            f"AFTERSALES_ENV=production (it has {len(value)})"
        )
    return value


# WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so two writers
# queue instead of failing on lock upgrade; the timeout lets them wait their turn. Every SQLite
# database gets them, the embedded default and a DATABASE_URL alike (without them 50 concurrent
# writes answered "database is locked").
SQLITE_OPTIONS: dict[str, Any] = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def sqlite_database(name: str) -> dict[str, Any]:
    config: dict[str, Any] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        "OPTIONS": dict(SQLITE_OPTIONS),
    }
    if name and name != ":memory:" and not name.startswith("file:"):
        # A file, not shared-cache memory, so tests see real SQLite locking between threads.
        path = Path(name)
        config["TEST"] = {"NAME": str(path.with_name(f"test-{path.name}"))}
    return config


def database_settings(url: str | None) -> dict[str, Any]:
    """The default database from DATABASE_URL, or the embedded SQLite file under VAR_DIR."""
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        return sqlite_database(str(VAR_DIR / "aftersales.sqlite3"))
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        sqlite = sqlite_database(config["NAME"])
        sqlite["OPTIONS"].update(config.get("OPTIONS") or {})
        config.update(sqlite)
    return config


def embedded_secret_key() -> str:
    # One random key per installation, kept beside the embedded database, so sessions survive
    # restarts without anybody having to invent a secret.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = (
    require("SECRET_KEY", min_length=50)
    if PRODUCTION
    else os.environ.get("SECRET_KEY") or embedded_secret_key()
)
DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    # Debug pages show settings, SQL and source to anybody who triggers an error.
    raise ImproperlyConfigured("DEBUG must not be true when AFTERSALES_ENV=production")
ALLOWED_HOSTS = [
    h.strip()
    for h in (
        require("ALLOWED_HOSTS") if PRODUCTION else os.environ.get("ALLOWED_HOSTS", "")
    ).split(",")
    if h.strip()
] or ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "huey.contrib.djhuey",
    "ninja",
    "aftersales.core",
    "aftersales.catalog",
    "aftersales.customers",
    "aftersales.workorders",
    "aftersales.dispatch",
    "aftersales.warranty",
    "aftersales.claims",
    "aftersales.settlement",
    "aftersales.reports",
    "aftersales.portal",
    "aftersales.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "aftersales.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "aftersales.urls"
WSGI_APPLICATION = "aftersales.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aftersales.core.context_processors.principal",
            ],
        },
    },
]

DATABASES = {
    "default": database_settings(
        require("DATABASE_URL") if PRODUCTION else os.environ.get("DATABASE_URL")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "aftersales",
        "url": REDIS_URL,
        "immediate": False,
    }
else:
    # File cache, not locmem: the embedded server runs several worker processes and the login
    # rate limit must count across them.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "aftersales",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": env_bool("HUEY_IMMEDIATE", False),
    }

AUTH_USER_MODEL = "core.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("vendor/htmx", PROJECT_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/echarts", PROJECT_DIR / "node_modules" / "echarts" / "dist"),
    # Pages render the same on every machine, with or without a Chinese system font.
    ("vendor/noto-sans-sc", PROJECT_DIR / "node_modules" / "@fontsource" / "noto-sans-sc"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: attachments go through a scoped view

# Attachments: images and PDF only, checked by content, not by name.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# Business limits of a work order's lines; beyond them is a typo, not a repair (yuan, units).
LINE_MAX_QUANTITY = os.environ.get("LINE_MAX_QUANTITY", "1000")
LINE_MAX_UNIT_PRICE = os.environ.get("LINE_MAX_UNIT_PRICE", "1000000")
WORK_ORDER_MAX_TOTAL = os.environ.get("WORK_ORDER_MAX_TOTAL", "10000000")
DATA_UPLOAD_MAX_MEMORY_SIZE = ATTACHMENT_MAX_BYTES + 1024 * 1024

# Login and token issuing: failed attempts in a sliding window, per (user name, client address)
# and, higher because a call centre shares one address, per client address.
LOGIN_RATE_LIMIT = env_int("LOGIN_RATE_LIMIT", 10)
LOGIN_ADDRESS_RATE_LIMIT = env_int("LOGIN_ADDRESS_RATE_LIMIT", 50)
LOGIN_RATE_WINDOW_SECONDS = env_int("LOGIN_RATE_WINDOW_SECONDS", 300)
# Proxies in front of the server that append to X-Forwarded-For (the client address for the
# login throttle is the one the nearest of them saw); 0 means REMOTE_ADDR is the client.
TRUSTED_PROXY_HOPS = env_int("TRUSTED_PROXY_HOPS", 1 if PRODUCTION else 0)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Production runs behind a TLS-terminating proxy (README: scale-out) that sets
# X-Forwarded-Proto; without this header setting every request would look like plain HTTP and
# the SSL redirect would loop.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("TRUST_X_FORWARDED_PROTO", PRODUCTION) else None
)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_REFERRER_POLICY = "same-origin"
# Scripts only from our own origin (htmx, ECharts, Swagger UI are served from /static): an
# injected <script> or on…= attribute does not run. Inline style attributes stay allowed: the
# templates use a few and they cannot run code.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The handler's own level keeps records that libraries log (and propagate) at INFO quiet.
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "level": os.environ.get("LOG_LEVEL", "WARNING"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The SMS provider calls /api/v1/sms/inbound with this value in X-Webhook-Token.
# Embedded default: derived from SECRET_KEY (`aftersales sms_webhook_token` prints it).
SMS_WEBHOOK_TOKEN = (
    require("SMS_WEBHOOK_TOKEN", min_length=32)
    if PRODUCTION
    else os.environ.get("SMS_WEBHOOK_TOKEN")
    or hashlib.sha256(f"sms-webhook:{SECRET_KEY}".encode()).hexdigest()[:32]
)
