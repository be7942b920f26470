"""Settings, read from environment variables (see README, "Production deployment")."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "1" if default else "0")
    return value.strip().lower() in {"1", "true", "yes", "on"}


DAIHOI_HOME = Path(os.environ.get("DAIHOI_HOME", Path.home() / ".local" / "share" / "daihoi"))

SECRET_KEY = os.environ.get("DAIHOI_SECRET_KEY", "insecure-dev-key-change-me-in-production")
DEBUG = _env_bool("DAIHOI_DEBUG")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DAIHOI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "treebeard",
    "ninja",
    "daihoi.units",
    "daihoi.accounts",
    "daihoi.campaigns",
    "daihoi.elections",
    "daihoi.stats",
    "daihoi.workbooks",
    "daihoi.scans",
    "daihoi.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "daihoi.i18n.ChosenLanguageMiddleware",  # Vietnamese unless the user picks English
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "daihoi.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "daihoi.wsgi.application"

_default_sqlite = DAIHOI_HOME / "daihoi.sqlite3"
if "DATABASE_URL" not in os.environ:
    DAIHOI_HOME.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{_default_sqlite}"),
        conn_max_age=int(os.environ.get("DAIHOI_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dashboard read while an import writes. IMMEDIATE takes the write lock at
    # BEGIN, so two clerks saving at the same moment wait for each other (the busy timeout)
    # instead of one failing with "database is locked" on a lock upgrade. The connection is kept
    # between requests like PostgreSQL's: opening one (functions, PRAGMAs) was half the CPU of
    # a live-page poll (docs/performance.md, "Live results in the hall").
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # the language switch is remembered for a year
FORMAT_MODULE_PATH = ["daihoi.formats"]
TIME_ZONE = os.environ.get("DAIHOI_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
# Off: ids and years must never be grouped ("?unit=7.397", "1.975"); counts shown to people
# go through the `count` filter (daihoi_ui), which groups explicitly: 4.195 (vi), 4,195 (en).
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
# Project-wide assets (daihoi/static/daihoi/app.css); `daihoi` itself is not an app.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DAIHOI_STATIC_ROOT", DAIHOI_HOME / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "DAIHOI_STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
# Serve straight from the app folders when collectstatic has not run (demo, tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "stats:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Largest workbook the upload page accepts.
DAIHOI_MAX_UPLOAD_BYTES = int(os.environ.get("DAIHOI_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = DAIHOI_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Scanned ballots (docs/scanning.md, "Scanned ballots in the app"): the largest image file, how
# many files one upload may hold, the reader threads in the web process, and reading at once in
# the caller's thread instead (tests; the commands read in their own process anyway).
DAIHOI_MAX_SCAN_BYTES = int(os.environ.get("DAIHOI_MAX_SCAN_BYTES", str(40 * 1024 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FILES = int(os.environ.get("DAIHOI_MAX_UPLOAD_FILES", "1000"))
DAIHOI_SCAN_WORKERS = int(os.environ.get("DAIHOI_SCAN_WORKERS", "0"))  # 0: CPUs - 1
DAIHOI_SCANS_INLINE = _env_bool("DAIHOI_SCANS_INLINE")
# A page "being read" for longer than this lost its reader (process killed) and is read again.
DAIHOI_SCAN_STALE_SECONDS = int(os.environ.get("DAIHOI_SCAN_STALE_SECONDS", "300"))
# The board checks the seal on the paper; when set, the machine also sends a ballot without
# seal ink to review (off: ballots printed elsewhere, or test prints, carry no seal).
DAIHOI_SCAN_REQUIRE_SEAL = _env_bool("DAIHOI_SCAN_REQUIRE_SEAL")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
if not DEBUG and _env_bool("DAIHOI_HTTPS"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DAIHOI_LOG_LEVEL", "WARNING")},
}
