"""Settings for SFBV, read from the environment.

Every value has a laptop-safe default (SQLite, DEBUG off unless asked for) and a
bad value stops start-up with a message that names the variable.
"""

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from sfbv.env import env_bool, env_int, env_json, env_list, env_networks, env_str

# The roles of a body membership (delprojekt.models.Organmedlemskap.Roll), for checking
# SFBV_OIDC_GRUPPER before the models can be imported; tests/test_sso.py keeps them equal.
_ORGAN_ROLLER = (
    "ordforande",
    "vice_ordforande",
    "ledamot",
    "ersattare",
    "adjungerad",
    "sekreterare",
    "kontaktperson",
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)
# A deployment names its hosts; without them this is a laptop or a test run, where
# HTTPS-only cookies and redirects would only get in the way.
DEPLOYED = not DEBUG and bool(env_list("DJANGO_ALLOWED_HOSTS", default=[]))

_DEV_SECRET = "insecure-dev-key-only-for-local-use-never-in-production-0123456789"  # noqa: S105
SECRET_KEY = env_str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if DEPLOYED:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY måste sättas när DJANGO_ALLOWED_HOSTS är satt (produktion)."
        )
    SECRET_KEY = _DEV_SECRET

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "mailer",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "delprojekt",
    "uppfoljning",
    "inforande",
    "oppet",
    "processtod",
    "verksamhet",
    "demo",
    "api",
    "konton",
    "sso",
    "hjalp",
]

MIDDLEWARE = [
    # The security headers and the Content-Security-Policy need no database, so they
    # stand outside the outage middleware and are sent with its 503 page too.
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Outside everything that reads the database, so it also answers for database
    # errors in the session, auth and history middleware below.
    "sfbv.middleware.DatabaseOutageMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "delprojekt.sessionstid.IdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session has passed the second step.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # After every way of logging in (this site's login page, the admin's) a user with a
    # confirmed authenticator app reaches nothing but the code page until the code is
    # given; with SFBV_2FA_KRAVS staff and superusers without one reach only the page
    # where they add it.
    "konton.middleware.TvastegsMiddleware",
    # A page that needs the samverkan before one is configured: a clear 503, not a 500.
    "delprojekt.samverkan_saknas.SamverkanSaknasMiddleware",
]

# The HTTP benchmark's floor page and query-count header (sfbv/bench.py): only when asked.
SFBV_BENCH = env_bool("SFBV_BENCH", default=False)
if SFBV_BENCH:
    MIDDLEWARE.insert(0, "sfbv.bench.SqlAntalMiddleware")

ROOT_URLCONF = "sfbv.urls"
WSGI_APPLICATION = "sfbv.wsgi.application"

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
                "delprojekt.context_processors.sfbv",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Deployed, each worker keeps its connection (checked before reuse) instead of
        # opening one per request.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=60 if DEPLOYED else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a concurrent writer instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool(
    "DATABASE_PG_JIT", default=False
):
    # PostgreSQL's JIT compiles a query whose estimated cost passes a threshold: the
    # start page's and portfolio's counts over 5,000 projects then spend 40-50 ms
    # compiling to save a few. Short queries of a web page run faster without it.
    opts = DATABASES["default"].setdefault("OPTIONS", {})
    opts["options"] = f"{opts.get('options', '')} -c jit=off".strip()
DATABASES["default"]["TEST"] = {"NAME": env_str("DATABASE_TEST_NAME", default="") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds what rarely changes and every page reads (the organisation for the
# filter forms, delprojekt.organisation). Without CACHE_URL it is in memory, per process:
# right for a laptop and the tests, and deployed with one worker. With several workers
# set CACHE_URL=redis://host:6379/0 so that all share one cache and a change made in one
# is seen by all at once; in memory, another worker's copy lives at most
# SFBV_ORGANISATION_CACHE_SECONDS.
CACHE_URL = env_str("CACHE_URL", default="")
if not CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    raise ImproperlyConfigured(
        f"CACHE_URL måste börja med redis://, rediss:// eller unix://, inte {CACHE_URL!r}."
    )
SFBV_ORGANISATION_CACHE_SECONDS = env_int(
    "SFBV_ORGANISATION_CACHE_SECONDS", default=3600 if CACHE_URL else 60
)
if SFBV_ORGANISATION_CACHE_SECONDS < 0:
    raise ImproperlyConfigured("SFBV_ORGANISATION_CACHE_SECONDS får inte vara negativt.")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Password reset (konton): a link in the mail is valid this long, and one address may ask
# for at most SFBV_LOSENORD_PER_TIMME mails an hour.
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60
SFBV_LOSENORD_PER_TIMME = env_int("SFBV_LOSENORD_PER_TIMME", default=5)
if SFBV_LOSENORD_PER_TIMME < 1:
    raise ImproperlyConfigured("SFBV_LOSENORD_PER_TIMME måste vara minst 1.")
# Two-step verification with an authenticator app (TOTP, django-otp). Optional for every
# user; with SFBV_2FA_KRAVS staff and superusers must add one before they can use the site.
SFBV_2FA_KRAVS = env_bool("SFBV_2FA_KRAVS", default=False)


def OTP_TOTP_ISSUER(device: object) -> str:
    """The issuer shown in the authenticator app: the samverkan's short name (data)."""
    from konton.services import totp_utfardare

    return totp_utfardare(device)  # type: ignore[arg-type]


# Single sign-on with the region's account (OpenID Connect, sso/; docs/deploy.md): off
# unless the provider's endpoints and this application's client are given. The local
# login stays. mozilla-django-oidc reads the OIDC_* names; state, nonce and PKCE are on.
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_OP_LOGOUT_URL = env_str("OIDC_OP_LOGOUT_URL", default="")
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", default="")
# The provider's identifier, which the ID token's "iss" must equal when given.
SFBV_OIDC_ISSUER = env_str("SFBV_OIDC_ISSUER", default="")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", default="")
_OIDC_REQUIRED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": OIDC_OP_AUTHORIZATION_ENDPOINT,
    "OIDC_OP_TOKEN_ENDPOINT": OIDC_OP_TOKEN_ENDPOINT,
    "OIDC_OP_USER_ENDPOINT": OIDC_OP_USER_ENDPOINT,
    "OIDC_OP_JWKS_ENDPOINT": OIDC_OP_JWKS_ENDPOINT,
    "OIDC_RP_CLIENT_ID": OIDC_RP_CLIENT_ID,
    "OIDC_RP_CLIENT_SECRET": OIDC_RP_CLIENT_SECRET,
}
SFBV_OIDC = any(_OIDC_REQUIRED.values())
if SFBV_OIDC:
    _missing = [name for name, value in _OIDC_REQUIRED.items() if not value]
    if _missing:
        raise ImproperlyConfigured(
            "Inloggning med regionens konto (OIDC) kräver också " + ", ".join(_missing) + "."
        )
    if DEPLOYED:
        _http = [
            name
            for name, value in [*_OIDC_REQUIRED.items(), ("OIDC_OP_LOGOUT_URL", OIDC_OP_LOGOUT_URL)]
            if name.startswith("OIDC_OP_") and value and not value.startswith("https://")
        ]
        if _http:
            raise ImproperlyConfigured(
                "I produktion måste " + ", ".join(_http) + " börja med https://."
            )
    AUTHENTICATION_BACKENDS.append("sso.backends.RegionensKonto")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", default="RS256")
if OIDC_RP_SIGN_ALGO not in ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512"):
    raise ImproperlyConfigured(
        "OIDC_RP_SIGN_ALGO måste vara en asymmetrisk algoritm som RS256, "
        f"inte {OIDC_RP_SIGN_ALGO!r}."
    )
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = bool(OIDC_OP_LOGOUT_URL)
OIDC_CREATE_USER = env_bool("SFBV_OIDC_SKAPA_ANVANDARE", default=True)
OIDC_AUTHENTICATION_CALLBACK_URL = "sso:callback"
# A "next" address after login must be on this host, and over HTTPS when deployed.
OIDC_REDIRECT_REQUIRE_HTTPS = DEPLOYED
OIDC_REDIRECT_ALLOWED_HOSTS: list[str] = []
OIDC_TIMEOUT = env_int("SFBV_OIDC_TIMEOUT", default=10)
# The claim that carries the person's groups (Entra ID: "groups" with the groups' object
# ids, or "roles" with the application's roles) and what each group gives in SFBV.
SFBV_OIDC_GRUPP_CLAIM = env_str("SFBV_OIDC_GRUPP_CLAIM", default="groups")
SFBV_OIDC_EPOST_CLAIM = env_str("SFBV_OIDC_EPOST_CLAIM", default="email")
_grupper = env_json("SFBV_OIDC_GRUPPER", default={})
if not isinstance(_grupper, dict):
    raise ImproperlyConfigured(
        'SFBV_OIDC_GRUPPER måste vara ett JSON-objekt, t.ex. {"grupp-id": "kansli"}.'
    )
SFBV_OIDC_GRUPPER: dict[str, Any] = _grupper
for _grupp, _mal in SFBV_OIDC_GRUPPER.items():
    for _ett in _mal if isinstance(_mal, list) else [_mal]:
        if _ett == "kansli":
            continue
        if isinstance(_ett, dict) and "behorighet" in _ett:
            if _ett["behorighet"] not in ("lasare", "samordnare") or not isinstance(
                _ett.get("region", ""), str
            ):
                raise ImproperlyConfigured(
                    f"SFBV_OIDC_GRUPPER: gruppen {_grupp!r} ska ge behörigheten "
                    '"lasare" eller "samordnare" (med "region": "<regionens namn>"), '
                    f"inte {_ett!r}."
                )
            continue
        if not (
            isinstance(_ett, dict)
            and isinstance(_ett.get("organ"), str)
            and _ett.get("roll", "ledamot") in _ORGAN_ROLLER
        ):
            raise ImproperlyConfigured(
                f'SFBV_OIDC_GRUPPER: gruppen {_grupp!r} ska ge "kansli" eller '
                '{"organ": "<organets namn>", "roll": "<roll>"} med en roll bland '
                + ", ".join(_ORGAN_ROLLER)
                + f", inte {_ett!r}."
            )

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: lock a username from one address after AXES_FAILURE_LIMIT failures,
# and an address after SFBV_LOGIN_FAILURE_LIMIT_PER_ADDRESS failures over all usernames
# (sfbv.throttling.AxesHandler). The address is the peer's, or the one in
# X-Forwarded-For when the peer is a trusted proxy (sfbv.throttling.client_ip_address).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "sfbv.throttling.AxesHandler"
AXES_CLIENT_IP_CALLABLE = "sfbv.throttling.client_ip_address"
SFBV_TRUSTED_PROXIES = env_networks("SFBV_TRUSTED_PROXIES", default=[])
SFBV_LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("SFBV_LOGIN_FAILURE_LIMIT_PER_ADDRESS", default=20)
if SFBV_LOGIN_FAILURE_LIMIT_PER_ADDRESS < 1:
    raise ImproperlyConfigured(
        "SFBV_LOGIN_FAILURE_LIMIT_PER_ADDRESS måste vara minst 1, "
        f"inte {SFBV_LOGIN_FAILURE_LIMIT_PER_ADDRESS}."
    )
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_COOLOFF_MESSAGE = _(
    "Inloggningen är tillfälligt spärrad efter för många misslyckade försök. "
    "Försök igen om en stund."
)
AXES_PERMALOCK_MESSAGE = _(
    "Inloggningen är spärrad efter för många misslyckade försök. Kontakta kansliet."
)
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("DJANGO_TIME_ZONE", default="Europe/Stockholm")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The user guide's pictures, kept beside its chapters in docs/guide/ (served at /hjalp/).
    ("guide", BASE_DIR / "docs" / "guide" / "bilder"),
]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if DEPLOYED
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", default="sfbv@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The outbox (django-mailer): the application queues every mail in the database, in
# the transaction of the change that caused it; `manage.py skicka_epost` delivers the
# queue through EMAIL_BACKEND and retries what failed, waiting twice as long after each
# failed attempt (from SFBV_MAIL_RETRY_SECONDS up to an hour), at most
# SFBV_MAIL_MAX_ATTEMPTS times; after that only the kansli's "Skicka igen".
MAILER_EMAIL_BACKEND = EMAIL_BACKEND
# Workers lock each message with SELECT ... FOR UPDATE NOWAIT; no lock file is needed.
MAILER_USE_FILE_LOCK = False
SFBV_MAIL_RETRY_SECONDS = env_int("SFBV_MAIL_RETRY_SECONDS", default=60)
SFBV_MAIL_MAX_ATTEMPTS = env_int("SFBV_MAIL_MAX_ATTEMPTS", default=30)

# Security: strict in production, relaxed only where a laptop needs it.
SESSION_COOKIE_HTTPONLY = True
# The idle timeout: every request moves the session's expiry forward, so a session
# ends this many hours after the last request. Without "Kom ihåg mig" the cookie is
# also dropped when the browser closes (see delprojekt.views.auth.LoginView).
SFBV_SESSION_IDLE_HOURS = env_int("SFBV_SESSION_IDLE_HOURS", default=8)
if SFBV_SESSION_IDLE_HOURS < 1:
    raise ImproperlyConfigured("SFBV_SESSION_IDLE_HOURS måste vara minst 1.")
SESSION_COOKIE_AGE = SFBV_SESSION_IDLE_HOURS * 60 * 60
# Renewed while the user is active (delprojekt.sessionstid), not written on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=DEPLOYED)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=DEPLOYED)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", default=31536000 if DEPLOYED else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = DEPLOYED
SECURE_HSTS_PRELOAD = DEPLOYED
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Every page: nothing inline, nothing from elsewhere. Downloads set their own, stricter
# policy (default-src 'none'; sandbox), which the middleware leaves in place.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

if SFBV_OIDC and OIDC_OP_LOGOUT_URL:
    # Logging out is a form whose answer redirects to the provider's logout, which
    # form-action also governs.
    _logout = urlsplit(OIDC_OP_LOGOUT_URL)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        f"{_logout.scheme}://{_logout.netloc}"
    )

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The admin shows each model's history but never reverts to an old version: a revert
# saves the old row over the current one, past the workflow and the event log. The
# setting hides the button; delprojekt.admin.HistoryAdmin also refuses the post.
SIMPLE_HISTORY_REVERT_DISABLED = True

SFBV_PAGE_SIZE = env_int("SFBV_PAGE_SIZE", default=25)
# The public part (/oppet/: published projects, decisions, the feed, open data and the
# accessibility statement). Off, every page of it answers 404 and no link leads there;
# the kansli still records publication decisions.
SFBV_OPPET = env_bool("SFBV_OPPET", default=True)
# How long browsers and shared caches may keep a public page before asking again (the
# ETag then usually answers 304).
SFBV_OPPET_MAX_AGE = env_int("SFBV_OPPET_MAX_AGE", default=300)
if SFBV_OPPET_MAX_AGE < 0:
    raise ImproperlyConfigured("SFBV_OPPET_MAX_AGE får inte vara negativt.")
# How long each process keeps the public data's fingerprint (the ETags' key) before it
# reads it again; the process that saved a change reads it anew at once.
SFBV_OPPET_VERSION_SEKUNDER = env_int("SFBV_OPPET_VERSION_SEKUNDER", default=5)
if SFBV_OPPET_VERSION_SEKUNDER < 0:
    raise ImproperlyConfigured("SFBV_OPPET_VERSION_SEKUNDER får inte vara negativt.")
# Reports about accessibility problems from one address per hour (the public form).
SFBV_OPPET_RAPPORTER_PER_TIMME = env_int("SFBV_OPPET_RAPPORTER_PER_TIMME", default=5)
if SFBV_OPPET_RAPPORTER_PER_TIMME < 1:
    raise ImproperlyConfigured("SFBV_OPPET_RAPPORTER_PER_TIMME måste vara minst 1.")
# The start page lists open projects unchanged in their state for longer than this.
SFBV_STUCK_DAYS = env_int("SFBV_STUCK_DAYS", default=90)
# A concerned region without an implementation plan this many days after the project
# entered införande is listed on the kansli's and the region coordinator's start pages.
SFBV_GENOMFORANDEPLAN_DAGAR = env_int("SFBV_GENOMFORANDEPLAN_DAGAR", default=60)
if SFBV_GENOMFORANDEPLAN_DAGAR < 0:
    raise ImproperlyConfigured("SFBV_GENOMFORANDEPLAN_DAGAR får inte vara negativt.")
# Retention of personal data (docs/personuppgifter.md): people without a role in any open
# project and without a login for this many months are anonymised by
# `manage.py gallra_personuppgifter`, and comments in projects closed as long ago removed.
SFBV_GALLRING_MANADER = env_int("SFBV_GALLRING_MANADER", default=24)
if SFBV_GALLRING_MANADER < 1:
    raise ImproperlyConfigured("SFBV_GALLRING_MANADER måste vara minst 1.")
# Where the application is reached, for links in e-mail.
SFBV_BASE_URL = env_str("SFBV_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# The read-only API for BI and other systems (api/, docs/api.md). Only personal API
# tokens authenticate it (api.authentication); the schema and its documentation page
# also take the web session. Throttled per user (api.throttling).
SFBV_API_RATE = env_str("SFBV_API_RATE", default="1200/hour")
_rate = SFBV_API_RATE.split("/")
if len(_rate) != 2 or not _rate[0].isdigit() or _rate[1][:1] not in ("s", "m", "h", "d"):
    raise ImproperlyConfigured(
        f"SFBV_API_RATE måste vara antal/period, t.ex. 1200/hour, inte {SFBV_API_RATE!r}."
    )
SFBV_API_MAX_PAGE_SIZE = env_int("SFBV_API_MAX_PAGE_SIZE", default=500)
if SFBV_API_MAX_PAGE_SIZE < 1:
    raise ImproperlyConfigured("SFBV_API_MAX_PAGE_SIZE måste vara minst 1.")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "api.filters.Ordning",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Sidindelning",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnvandarGrans"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    # No brand: the installation's samverkan is data; the documentation page names it.
    "TITLE": "API",
    "DESCRIPTION": (
        "Läs delprojekt, beslut, sammanträden, rekommendationer, regionernas svar, "
        "införande och uppföljning. Endast läsning. Autentisera med en personlig "
        "API-nyckel: `Authorization: Bearer <nyckel>`. Du ser exakt det du ser i "
        "webbgränssnittet."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
    # Without deep links Swagger UI puts no link inside each operation's button
    # (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "persistAuthorization": False},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", default="WARNING")},
}
