"""Settings for Alongside.

Every value comes from an ``ALONGSIDE_*`` environment variable with a safe embedded default. A bad value
stops start-up with one line naming the variable (see ``alongside.common.env``). There is no separate
production module: production differs only by its environment.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from alongside.common import env

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = env.path("ALONGSIDE_DATA_DIR", default=Path.cwd() / "var")
DEBUG = env.boolean("ALONGSIDE_DEBUG", default=False)
SECRET_KEY = env.secret_key("ALONGSIDE_SECRET_KEY", data_dir=DATA_DIR)
ALLOWED_HOSTS = env.host_list(
    "ALONGSIDE_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"]
)
HTTPS = env.boolean("ALONGSIDE_HTTPS", default=False)

# PostgreSQL: each process (each `serve` worker, and the task worker) pools at most DB_POOL_MAX
# connections, plus the live send path's own few (docs/deployment.md); while WebSockets are open, the
# eight live database threads (conversations/livedb.py) hold one each, so the default leaves HTTP eight.
# A request waits up to DB_POOL_WAIT seconds for one, then is answered 503 with Retry-After.
DB_POOL_MAX = env.integer("ALONGSIDE_DB_POOL_MAX", default=16)
DB_POOL_WAIT = env.integer("ALONGSIDE_DB_POOL_WAIT", default=10)
DATABASES = {
    "default": env.database(
        "ALONGSIDE_DATABASE_URL", data_dir=DATA_DIR, pool_max=DB_POOL_MAX, pool_wait=DB_POOL_WAIT
    )
}
# Database sessions that fail once per request, not twice.
SESSION_ENGINE = "alongside.common.sessions"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
REDIS_URL = env.redis_url("ALONGSIDE_REDIS_URL")
# Several installs (or test runs, or their workers) on one Redis: a prefix keeps them apart.
REDIS_PREFIX = env.redis_prefix("ALONGSIDE_REDIS_PREFIX")

if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "alongside.conversations.layers.RedisPubSubLayer",  # PUBLISHes pipelined
            "CONFIG": {"hosts": [REDIS_URL], "prefix": REDIS_PREFIX or "asgi"},
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": REDIS_PREFIX or "",
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "alongside.conversations.layers.InProcessChannelLayer",
            # One queue per process carries every conversation's events (conversations/fanout.py).
            "CONFIG": {"capacity": 10_000},
        }
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "alongside.common",
    "alongside.accounts",
    "alongside.audit",
    "alongside.notifications",
    "alongside.conversations",
    "alongside.care_plans",
    "alongside.outcomes",
    "alongside.matching",
    "alongside.resources",
    "alongside.groups",
    "alongside.safety",
    "alongside.safety.moderation",
    "alongside.forums",
    "alongside.records",
    "alongside.scheduling",
    "alongside.calls",
    "alongside.training",
    "alongside.supervision",
    "alongside.billing",
    "alongside.interop.hsds",
    "alongside.interop.fhir",
    "alongside.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "alongside.audit.context.AuditOriginMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "alongside.accounts.middleware.SessionPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "alongside.urls"
ASGI_APPLICATION = "alongside.asgi.application"
WSGI_APPLICATION = None

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
                "alongside.accounts.context_processors.shell",
                "alongside.safety.context_processors.safety",
            ],
        },
    }
]

# --- accounts and security -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # must come first: it refuses locked-out attempts
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["username", "display_name", "email"]},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# Idle timeouts, in seconds; a program may set shorter ones. Staff see more, so they time out sooner.
MEMBER_IDLE_TIMEOUT = env.integer("ALONGSIDE_MEMBER_IDLE_MINUTES", default=60) * 60
STAFF_IDLE_TIMEOUT = env.integer("ALONGSIDE_STAFF_IDLE_MINUTES", default=15) * 60
SESSION_COOKIE_AGE = MEMBER_IDLE_TIMEOUT
SESSION_SAVE_EVERY_REQUEST = (
    True  # the expiry slides with activity: an idle timeout, not a fixed one
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "alongside.common.views.csrf_failure"

# Proxies whose X-Forwarded-For / X-Forwarded-Proto headers are believed (addresses or networks). None by
# default: a client can write those headers itself, so only a proxy we run may set the client address.
TRUSTED_PROXIES = env.ip_networks("ALONGSIDE_TRUSTED_PROXIES")

# Login rate-limit and lockout: five misses for one pseudonym lock it for 15 minutes, from any address.
# Counting per (pseudonym, address) let a guesser who changes address (or claimed to) try for ever.
AXES_FAILURE_LIMIT = env.integer("ALONGSIDE_LOGIN_ATTEMPTS", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_IPWARE_META_PRECEDENCE_ORDER = [
    "REMOTE_ADDR"
]  # the server puts the client there; see TRUSTED_PROXIES
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "alongside.accounts.views.locked_out"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Alongside"

# Content Security Policy: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# In-app video (calls): STUN/TURN servers for the browsers. None by default: two browsers then reach
# each other only on one network (as on localhost). For production, coturn: see docs/calls.md.
ICE_SERVERS = env.ice_servers("ALONGSIDE_ICE_SERVERS")
TURN_URLS, TURN_SECRET = env.turn("ALONGSIDE_TURN_URL", "ALONGSIDE_TURN_SECRET")

# --- internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- static files -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [
    BASE_DIR / "static"
]  # the page shell's CSS and JS; apps keep theirs in <app>/static
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded files (a supporter's credential document) stay under the data dir and are never served
# directly: each is handed out by a view that checks who may read it. Any Django storage backend works.
MEDIA_ROOT = DATA_DIR / "media"
WHITENOISE_USE_FINDERS = True  # serve straight from the package: no collectstatic step to forget
WHITENOISE_AUTOREFRESH = DEBUG

# --- background work --------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env.choice(
            "ALONGSIDE_LOG_LEVEL", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"]
        ),
    },
    "loggers": {"axes": {"level": "WARNING"}},
}

# Email goes to the console unless ALONGSIDE_EMAIL_URL names a mail server (smtp://user:pass@host:587);
# every email leaves through alongside.notifications, which minds each person's choices.
_mail = env.email("ALONGSIDE_EMAIL_URL")
EMAIL_BACKEND = _mail.backend
EMAIL_HOST, EMAIL_PORT = _mail.host, _mail.port
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _mail.user, _mail.password
EMAIL_USE_TLS, EMAIL_USE_SSL = _mail.use_tls, _mail.use_ssl
EMAIL_TIMEOUT = 10  # a mail server that hangs must not hold a worker for long
DEFAULT_FROM_EMAIL = _mail.from_address or "Alongside <no-reply@localhost>"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
