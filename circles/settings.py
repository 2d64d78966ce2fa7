"""Circles settings, read from environment variables.

With nothing set, Circles runs on an embedded SQLite file in ./var/. See
docs/configuration.md for every variable.
"""

import hmac
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

from circles.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("CIRCLES_DATA_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
DEMO = env_bool("CIRCLES_DEMO", False)
SITE_NAME = env_str("CIRCLES_SITE_NAME", "Circles")

# Outside DEBUG, missing or malformed secrets do not stop the settings from
# importing (tools such as mypy load them); the system checks in
# circles/lib/checks.py refuse to serve, migrate or run the worker instead.
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-only-for-debug"
# Earlier secret keys, after a change: sessions and invitation links made with them still work.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

# Fernet keys for encrypted fields, newest first; older keys still decrypt.
ENCRYPTION_KEYS = env_list("CIRCLES_ENCRYPTION_KEYS")

# Keys that seal the audit chain (HMAC-SHA256), newest first; older keys still
# verify. They never live in the database, so a person who can only write to the
# database cannot recompute the chain after editing it.
# Outside DEBUG they are required (circles/lib/checks.py refuses to serve without them).
AUDIT_KEYS = env_list("CIRCLES_AUDIT_KEYS")
if not AUDIT_KEYS and DEBUG and SECRET_KEY:
    AUDIT_KEYS = [hmac.new(SECRET_KEY.encode(), b"circles audit chain", "sha256").hexdigest()]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_ROOT = env_str("SITE_ROOT", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "circles.lib",
    "circles.accounts",
    "circles.home",
    "circles.groups",
    "circles.meetings",
    "circles.feedback",
    "circles.plans",
    "circles.safety",
    "circles.safety.ethics",
    "circles.peerwork",
    "circles.directory",
    "circles.workforce",
    "circles.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "circles.lib.middleware.RequestIdMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before anything reads the path or a form into a query.
    "circles.lib.middleware.RejectNulMiddleware",
    "circles.accounts.middleware.OrganizationMiddleware",
    "circles.accounts.middleware.SessionLimitsMiddleware",
    "circles.accounts.middleware.UserLanguageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "circles.accounts.middleware.RefusedAccessAuditMiddleware",
    "circles.lib.middleware.NoStoreForSignedInMiddleware",
]

ROOT_URLCONF = "circles.urls"
WSGI_APPLICATION = "circles.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "circles" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "circles.home.context_processors.circles",
            ],
        },
    }
]

# Database: embedded SQLite unless DATABASE_URL says otherwise.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("CIRCLES_SQLITE_PATH", str(DATA_DIR / "circles.sqlite3")),
            "OPTIONS": {
                # Durability first: a write acknowledged to a person survives a crash.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=FULL;"
                    "PRAGMA busy_timeout=20000;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
            "TEST": {"NAME": env_str("CIRCLES_SQLITE_TEST_PATH") or None},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in (django-allauth): email and password, no public sign-up; people
# join through an invitation from their organisation.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "circles.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "circles.accounts.forms.LoginForm"}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {"login_failed": False}  # Circles' own per-account lockout instead.
LOGIN_REDIRECT_URL = "after_login"
LOGIN_URL = "account_login"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
MFA_RECOVERY_CODES_SHOW_ONCE = True

# Sessions: absolute limit 12 hours; staff inactivity limit set per organisation.
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = env_int("CIRCLES_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_IDLE_MINUTES_STAFF = env_int("CIRCLES_STAFF_IDLE_MINUTES", 30)
SESSION_IDLE_MINUTES_PARTICIPANT = env_int("CIRCLES_PARTICIPANT_IDLE_MINUTES", 12 * 60)
LOGIN_LOCKOUT_FAILURES = 5
LOGIN_LOCKOUT_MINUTES = 15

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
if env_bool("CIRCLES_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Internationalisation: every string is marked; times shown in the
# organisation's timezone.
LANGUAGE_CODE = "en"
LOCALE_PATHS = [BASE_DIR / "circles" / "locale"]
# The languages Circles knows: people and organisations may name them as theirs.
KNOWN_LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
# The languages it offers: English, and each language whose catalogue ships compiled.
# Offering a language without its catalogue would mark English text as that language
# (<html lang>), and a screen reader would read it with the wrong voice.
LANGUAGES = [
    (code, name)
    for code, name in KNOWN_LANGUAGES
    if code == LANGUAGE_CODE or (LOCALE_PATHS[0] / code / "LC_MESSAGES" / "django.mo").exists()
]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "circles" / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
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
WHITENOISE_USE_FINDERS = DEBUG

# A cache every app process shares (rate limits, spent two-step codes): the database.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "circles_cache",
    }
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Email: console in DEBUG, SMTP otherwise.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Circles <circles@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

INVITATION_DAYS = env_int("CIRCLES_INVITATION_DAYS", 7)

# The country this server serves: it picks the national crisis lines on every page
# (circles/home/crisis.py). An ISO 3166 code; system check home.E001 knows the list.
CIRCLES_COUNTRY = env_str("CIRCLES_COUNTRY", "US").upper()

# Called in order with the group, in the same transaction, whenever a group's schedule or
# its cancelled dates change: later areas follow the schedule without groups importing them.
CIRCLES_SCHEDULE_CHANGED = ["circles.meetings.actions.refresh_group_meetings"]
# Annotates a query of groups with next_meeting_at from the meetings table, so the finder
# lists groups by their next meeting without walking each group's repeat rule.
CIRCLES_NEXT_MEETING = "circles.meetings.upcoming.annotate_next_meeting"

# Each takes an organisation and returns pairs of user ids (frozensets) that breakouts and
# observer assignments keep apart: the code of ethics' declared dual relationships.
CIRCLES_KEEP_APART = ["circles.safety.ethics.queries.kept_apart_pairs"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Log lines never carry the secret part of anonymous addresses (receipts, tokens).
    "filters": {"secret_paths": {"()": "circles.lib.accesslog.RedactSecretPaths"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["secret_paths"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
