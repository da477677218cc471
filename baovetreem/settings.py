"""Settings for baovetreem, read from environment variables with development defaults.

Every value a deployment may change comes from the environment; the defaults give a working
development setup on SQLite with no other service.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable ("1", "true", "yes" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG=0")
    SECRET_KEY = "dev-only-insecure-key-change-me-" + "x" * 32  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# A form sent from an expired page gets a Vietnamese page, not Django's English one.
CSRF_FAILURE_VIEW = "baovetreem.core.views.csrf_failure"

INSTALLED_APPS = [
    # The Django admin on an audited site (every change there is an audit event).
    "baovetreem.audit.admin_apps.AuditedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "baovetreem.core",
    "baovetreem.locations",
    "baovetreem.audit",
    "baovetreem.accounts",
    "baovetreem.imports",
    "baovetreem.registry",
    "baovetreem.cases",
    "baovetreem.hotline",
    "baovetreem.referrals",
    "baovetreem.indicators",
    "baovetreem.api",
    "baovetreem.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "baovetreem.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "baovetreem.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "baovetreem.urls"
WSGI_APPLICATION = "baovetreem.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "baovetreem.core.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite by default so that `make demo` needs nothing else; PostgreSQL via DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    (PROJECT_DIR / "var").mkdir(exist_ok=True)
    DATABASE_URL = f"sqlite:///{PROJECT_DIR / 'var' / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE transactions take the write lock at BEGIN, so concurrent writers wait
        # (busy timeout) instead of failing with "database is locked" half-way through.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SQLITE_TEST_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "baovetreem.accounts.backends.RoleBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 3600))

# Login throttling (django-axes): lock a username from one address after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "baovetreem.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "vi")
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["baovetreem.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# With DEBUG off the pages name hashed, compressed files that `collectstatic` writes (make serve
# and make demo run it); whitenoise serves them with far-future caching.
# Uploaded files (attachments, import files) never live under static: they are served only
# through scoped views.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", PROJECT_DIR / "var" / "private"))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Exported files (personal data) are deleted this many hours after they are written.
EXPORT_RETENTION_HOURS = int(os.environ.get("EXPORT_RETENTION_HOURS", 24))

# Outgoing e-mail (notices to users about changes to their account). Development prints the
# mails on the console; production sends through the SMTP server given here.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 10))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "baovetreem@localhost")
# Notices about changes to a user's account are e-mailed (to users with an address) when the
# server has a mail server, like case alerts below; ACCOUNT_NOTICE_EMAILS=0/1 overrides.
ACCOUNT_NOTICE_EMAILS = env_bool(
    "ACCOUNT_NOTICE_EMAILS",
    bool(os.environ.get("EMAIL_HOST") or os.environ.get("EMAIL_BACKEND")),
)
# Whom a user should tell when their account was changed unexpectedly (e.g. "Sở Y tế, phòng
# công nghệ thông tin, 0123 456 789"); a generic wording is used when empty.
ACCOUNT_NOTICE_CONTACT = os.environ.get("ACCOUNT_NOTICE_CONTACT", "")

# Published aggregates below this count are suppressed so that nobody can be singled out.
SMALL_COUNT_THRESHOLD = int(os.environ.get("SMALL_COUNT_THRESHOLD", 5))

# Indicators (baovetreem/indicators). Age bands [min, under) in completed years; closing day of
# each period kind's data window (None: last day of the month; 14: 15th to 14th, DOMAIN.md);
# the period kinds and years back kept precomputed in the fact table; how near a target
# counts as "close" (a fraction of the target).
INDICATOR_AGE_BANDS = [(0, 3), (3, 6), (6, 11), (11, 16)]
INDICATOR_CLOSING_DAYS = {"month": None, "quarter": 14, "six_month": 14, "year": 14}
INDICATOR_PRECOMPUTE_KINDS = ["month", "quarter", "six_month", "year"]
INDICATOR_PRECOMPUTE_YEARS = int(os.environ.get("INDICATOR_PRECOMPUTE_YEARS", 3))
INDICATOR_CLOSE_FRACTION = "0.1"
# Queue a recount after each commit that changed counted rows (off only for bulk loaders).
INDICATOR_REFRESH_ON_COMMIT = env_bool("INDICATOR_REFRESH_ON_COMMIT", True)

# Limits on imported spreadsheets, checked before a file is opened (a few hundred kilobytes of
# .xlsx can unpack to gigabytes), and on the background reading of a file, which runs in a
# child process of the worker that is stopped past its memory or time budget.
IMPORT_MAX_UPLOAD_MB = int(os.environ.get("IMPORT_MAX_UPLOAD_MB", 20))
IMPORT_MAX_UNCOMPRESSED_MB = int(os.environ.get("IMPORT_MAX_UNCOMPRESSED_MB", 300))
IMPORT_MAX_COMPRESSION_RATIO = int(os.environ.get("IMPORT_MAX_COMPRESSION_RATIO", 100))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", 200_000))
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", 256))
IMPORT_MAX_SHARED_STRINGS = int(os.environ.get("IMPORT_MAX_SHARED_STRINGS", 2_000_000))
IMPORT_MAX_SHARED_STRINGS_MB = int(os.environ.get("IMPORT_MAX_SHARED_STRINGS_MB", 100))
IMPORT_MAX_CSV_LINE_KB = int(os.environ.get("IMPORT_MAX_CSV_LINE_KB", 128))
IMPORT_READ_MEMORY_MB = int(os.environ.get("IMPORT_READ_MEMORY_MB", 1024))
IMPORT_READ_TIMEOUT_SECONDS = int(os.environ.get("IMPORT_READ_TIMEOUT_SECONDS", 120))
# Case attachments: size of any file, and pixels of a photo (width × height, in millions).
CASE_ATTACHMENT_MAX_MB = int(os.environ.get("CASE_ATTACHMENT_MAX_MB", 10))
CASE_ATTACHMENT_MAX_MEGAPIXELS = int(os.environ.get("CASE_ATTACHMENT_MAX_MEGAPIXELS", 120))
# A collaborator's home page lists the children turning 6 or 16 within this many days.
VILLAGE_HOME_BIRTHDAY_DAYS = int(os.environ.get("VILLAGE_HOME_BIRTHDAY_DAYS", 60))

# Security headers; the TLS-only ones apply behind a TLS proxy, which production has
# (HTTPS defaults to on when DEBUG is off). The demo runs DEBUG off on plain http with HTTPS=0.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
HTTPS = env_bool("HTTPS", not DEBUG)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Case alerts (a new report, an assignment, a report left unopened, a returned plan) also go by
# e-mail to users with an address when the server has a mail server: EMAIL_HOST or EMAIL_BACKEND
# set in the environment, or CASE_ALERT_EMAILS=1. SITE_URL ("https://baovetreem.example.vn")
# makes the links in those mails absolute.
CASE_ALERT_EMAILS = env_bool(
    "CASE_ALERT_EMAILS", bool(os.environ.get("EMAIL_HOST") or os.environ.get("EMAIL_BACKEND"))
)
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
