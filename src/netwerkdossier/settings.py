"""Django settings, read from the environment so the demo and production run the same code."""

import json
import os
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
# Runtime state (SQLite file, uploads) lives in ./var of the working directory unless told.
VAR_DIR = Path(os.environ.get("NETWERKDOSSIER_VAR_DIR", Path.cwd() / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# The demo (`netwerkdossier demo`, which sets NETWERKDOSSIER_DEMO) and the test suite
# (pytest sets PYTEST_VERSION) may run with a throwaway key, DEBUG and plain HTTP.
# Everything else is production and refuses to start insecure (docs/operator-guide.md).
DEMO = env_bool("NETWERKDOSSIER_DEMO") or "PYTEST_VERSION" in os.environ
DEMO_KEY_PREFIX = "insecure-demo-key-"
SILENCED_SYSTEM_CHECKS: list[str] = []
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if DEMO:
    SECRET_KEY = SECRET_KEY or DEMO_KEY_PREFIX + str(VAR_DIR)
else:
    from .production import refuse_insecure

    refuse_insecure(SECRET_KEY, DEBUG, DEMO_KEY_PREFIX)
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "netwerkdossier.accounts",
    "netwerkdossier.organisations",
    "netwerkdossier.households",
    "netwerkdossier.cases",
    "netwerkdossier.dossier",
    "netwerkdossier.audit",
    "netwerkdossier.access",
    "netwerkdossier.api",
    "netwerkdossier.safety",
    "netwerkdossier.analysis",
    "netwerkdossier.collaboration",
    "netwerkdossier.measures",
    "netwerkdossier.decisions",
    "netwerkdossier.portal",
    "netwerkdossier.retention",
    "netwerkdossier.monitoring",
    "netwerkdossier.monitoring.exchange",
    "netwerkdossier.web",
    "netwerkdossier.synthetic",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "netwerkdossier.web.bad_input.BadInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "netwerkdossier.web.session_timeout.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "netwerkdossier.web.second_factor.SecondFactorMiddleware",
    "netwerkdossier.web.purpose.PurposeRequiredMiddleware",
    "netwerkdossier.access.middleware.AccessRefusedMiddleware",
    "netwerkdossier.web.security_headers.SecurityHeadersMiddleware",
    "netwerkdossier.api.concurrency.ContentEtagMiddleware",
]

ROOT_URLCONF = "netwerkdossier.urls"
OTP_TOTP_ISSUER = "Netwerkdossier"
WSGI_APPLICATION = "netwerkdossier.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "netwerkdossier.web.context.current_membership",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'netwerkdossier.sqlite3'}",
        # Production keeps a connection per worker, so statements prepared on it are
        # reused (decision 0054); the demo's development server starts a thread per
        # request, where a kept connection only lingers.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0" if DEMO else "60")),
        conn_health_checks=True,
    )
}
# Every request is one transaction: a read and its access-log record commit together.
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Short OLTP queries: JIT compilation once cost 1.3 s on a 20 ms search whose
    # row-by-row access filter had a high estimated cost (docs/benchmarks.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # Parameters bound on the server, so psycopg prepares a statement once it has run
    # DB_PREPARE_THRESHOLD times on one connection (`__in` lists are one array each,
    # array_lookups.py, so a query's text does not change with its lists; decision
    # 0054). "off" for a pooler that cannot keep prepared statements (PgBouncer in
    # transaction mode before 1.21). Reuse needs persistent connections (CONN_MAX_AGE).
    _prepare = os.environ.get("DB_PREPARE_THRESHOLD", "5")
    if _prepare != "off":
        DATABASES["default"]["OPTIONS"].update(
            server_side_binding=True, prepare_threshold=int(_prepare))
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The person-reach index includes its period columns only on PostgreSQL (decision
    # 0019); SQLite builds it on the key columns, which is all the small demo needs.
    SILENCED_SYSTEM_CHECKS += ["models.W040"]
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20,
         "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Professionals only: a family account (kind gezinslid) never gets a session of the
# professional UI, also not one that was made before (get_user refuses it too).
AUTHENTICATION_BACKENDS = ["netwerkdossier.accounts.backends.ProfessionalBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:worklist"
LOGOUT_REDIRECT_URL = "web:login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every request without it
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(VAR_DIR / "media")}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
                    if not DEBUG else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Attachments: limits checked before anything is stored (see dossier/attachments.py).
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Signed-in sessions end after SESSION_IDLE_MINUTES without a request and
# SESSION_ABSOLUTE_HOURS after sign-in (web/session_timeout.py); the cookie lives as long.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_ABSOLUTE_HOURS = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "10"))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600
# Production is HTTPS only: secure cookies, HSTS and a redirect for plain HTTP (the
# health check is exempt so a load balancer may probe it). Behind a proxy that ends TLS,
# PROXY_SSL_HEADER names the header that says the request came in over HTTPS.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEMO)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", not DEMO)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "0" if DEMO else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
# Preloading commits the whole domain to HTTPS in browsers for months: the operator's
# choice (HSTS_PRELOAD), not a default; so `check --deploy` need not remind of it.
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")
if os.environ.get("PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (os.environ["PROXY_SSL_HEADER"], "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Identifies this node in access-log records (NEN 7513 "source").
NETWERKDOSSIER_NODE_ID = os.environ.get("NETWERKDOSSIER_NODE_ID", "netwerkdossier-demo")

# --- Access-log keys and checkpoints (docs/operator-guide.md, decision 0027) ------------
# The Ed25519 key that seals records and signs checkpoints; never in the database. Empty:
# the demo and the tests generate one in VAR_DIR; production refuses to write the log.
AUDIT_SIGNING_KEY_FILE = os.environ.get("AUDIT_SIGNING_KEY_FILE", "")
# The public key alone (optional): lets an auditor check checkpoint signatures.
AUDIT_VERIFY_KEY_FILE = os.environ.get("AUDIT_VERIFY_KEY_FILE", "")
# Signed checkpoints of the chain head, each file written once; one directory per database.
AUDIT_CHECKPOINT_DIR = os.environ.get("AUDIT_CHECKPOINT_DIR",
                                      str(VAR_DIR / "audit-checkpoints"))
# A checkpoint after every this many records (0: only `audit checkpoint` writes them).
AUDIT_CHECKPOINT_EVERY = int(os.environ.get("AUDIT_CHECKPOINT_EVERY", "1000"))
# `audit verify` reports records the sequencer has not chained after this many seconds
# (decision 0031): a stopped sequencer, or someone holding records back.
AUDIT_SEQUENCE_GRACE = int(os.environ.get("AUDIT_SEQUENCE_GRACE", "300"))
if not DEMO:
    from .production import refuse_without_audit_key

    refuse_without_audit_key(AUDIT_SIGNING_KEY_FILE)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Request logs carry URLs with ids only; never names, BSNs or entry texts.
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Family portal login (docs/operator-portal.md, docs/decisions/0016) ----------------
# OIDC client for a DigiD broker (authorization code flow with PKCE, state and nonce).
# Off until PORTAL_OIDC_ISSUER and PORTAL_OIDC_CLIENT_ID are set; the secret comes from
# the environment only. BSN_CLAIM names the id_token claim that holds the BSN ("sub"
# for brokers that put it there).
PORTAL_OIDC = {
    "ISSUER": os.environ.get("PORTAL_OIDC_ISSUER", ""),
    "CLIENT_ID": os.environ.get("PORTAL_OIDC_CLIENT_ID", ""),
    "CLIENT_SECRET": os.environ.get("PORTAL_OIDC_CLIENT_SECRET", ""),
    "REDIRECT_URI": os.environ.get("PORTAL_OIDC_REDIRECT_URI", ""),
    "SCOPES": os.environ.get("PORTAL_OIDC_SCOPES", "openid"),
    "BSN_CLAIM": os.environ.get("PORTAL_OIDC_BSN_CLAIM", "bsn"),
}

# --- Professionals through their organisation's identity provider (web/oidc_login.py) --
# Off until PROFESSIONAL_OIDC_ISSUER and _CLIENT_ID are set. ROLE_MAP comes from a JSON
# file: {"<role name from the provider>": {"organisation": "<id>", "role": "professional",
# "discipline": "<discipline>"}}; docs/operator-guide.md "Login".
def _role_map(path: str) -> dict:
    if not path:
        return {}
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


PROFESSIONAL_OIDC = {
    "ISSUER": os.environ.get("PROFESSIONAL_OIDC_ISSUER", ""),
    "CLIENT_ID": os.environ.get("PROFESSIONAL_OIDC_CLIENT_ID", ""),
    "CLIENT_SECRET": os.environ.get("PROFESSIONAL_OIDC_CLIENT_SECRET", ""),
    "REDIRECT_URI": os.environ.get("PROFESSIONAL_OIDC_REDIRECT_URI", ""),
    "SCOPES": os.environ.get("PROFESSIONAL_OIDC_SCOPES", "openid profile"),
    "USERNAME_CLAIM": os.environ.get("PROFESSIONAL_OIDC_USERNAME_CLAIM", "preferred_username"),
    "ROLES_CLAIM": os.environ.get("PROFESSIONAL_OIDC_ROLES_CLAIM", "roles"),
    "MFA_AMR": [v for v in os.environ.get("PROFESSIONAL_OIDC_MFA_AMR", "").split(",") if v],
    "ROLE_MAP": _role_map(os.environ.get("PROFESSIONAL_OIDC_ROLE_MAP_FILE", "")),
}
# Passkeys (web/passkey_flow.py): the relying-party id a passkey is bound to (default: the
# request's host name) and the expected origin (default: scheme and host of the request).
WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID", "")
WEBAUTHN_ORIGIN = os.environ.get("WEBAUTHN_ORIGIN", "")
# Development login with password + TOTP code; switch off in production (DigiD only).
PORTAL_DEV_LOGIN = env_bool("PORTAL_DEV_LOGIN", True)
# Monitoring (decision 0045): the key of the events' household and case pseudonyms (empty:
# derived from SECRET_KEY with its own salt; keep it out of the database and rebuild the
# events after changing it), and whether a dashboard read refreshes waiting events first
# (off: refresh from a timer with `netwerkdossier monitoring refresh`).
MONITORING_KEY = os.environ.get("MONITORING_KEY", "")
MONITORING_REFRESH_ON_READ = env_bool("MONITORING_REFRESH_ON_READ", True)
# The national team's list of trusted regional public keys (docs/operator-guide.md,
# "Regio-exports"): a TOML file outside the database.
MONITORING_TRUSTED_KEYS = os.environ.get(
    "MONITORING_TRUSTED_KEYS", str(VAR_DIR / "monitoring-vertrouwde-sleutels.toml"))
