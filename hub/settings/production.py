"""Production: every value comes from the environment; refuses to start without a secret key."""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from hub.replicas import replica_databases

from .base import *  # noqa: F403

DEBUG = False

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or os.environ.get("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Production refuses to start without a secret key."
    )
# Django's own bar for a key (check --deploy, security.W009): 50 characters, 5 different ones, not
# one of its generated "django-insecure-" placeholders. Weaker keys make sessions forgeable.
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak: use at least 50 random characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://localhost/hoctap"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Read replicas (hub/replicas.py, docs/NATIONAL.md): comma separated URLs become replica_1,
# replica_2…; a request's reads go to one of them while it is safe, everything else to default.
DATABASES.update(
    replica_databases(
        os.environ.get("DATABASE_REPLICA_URLS", ""),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
)
REPLICA_DATABASES = [alias for alias in DATABASES if alias != "default"]
REPLICA_LAG_SECONDS = int(os.environ.get("DATABASE_REPLICA_LAG_SECONDS", "5"))
if REPLICA_DATABASES:
    DATABASE_ROUTERS = ["hub.replicas.ReplicaRouter"]

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "hub.caching.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    # Never a per-process cache in production: the content version lives in the cache, and with
    # one cache per gunicorn worker a page made private would stay public on the other workers.
    # The database is shared by every worker (the table comes with `migrate`, hub/migrations/0005);
    # Redis (REDIS_URL) is faster and is what a busy network should use.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,  # noqa: F405
        }
    }

SILENCED_SYSTEM_CHECKS = []  # base.py silences axes.W001 for locmem, which production never uses

# Whole-page cache for anonymous visitors (hub/caching/pagecache.py), in its own Redis database because
# publishing empties it: e.g. PAGE_CACHE_URL=redis://127.0.0.1:6379/1.
if os.environ.get("PAGE_CACHE_URL"):
    CACHES["pages"] = {  # noqa: F405
        "BACKEND": "hub.caching.redis.RedisCache",
        "LOCATION": os.environ["PAGE_CACHE_URL"],
    }
    CACHE_MIDDLEWARE_ALIAS = "pages"
    CACHE_MIDDLEWARE_KEY_PREFIX = "page"
    CACHE_MIDDLEWARE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60"))
    MIDDLEWARE = with_page_cache(MIDDLEWARE)  # noqa: F405
if REPLICA_DATABASES:
    MIDDLEWARE = ["hub.replicas.ReplicaMiddleware", *MIDDLEWARE]  # noqa: F405
# Text messages (learners/sms.py): without a gateway the codes only reach the log, and centre
# staff confirm learners' numbers in the admin instead (docs/LEARNERS.md).
SMS_BACKEND = os.environ.get("SMS_BACKEND", "learners.sms.LogSender")
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")
SMS_SENDER_NAME = os.environ.get("SMS_SENDER_NAME", "HOCTAP")
SMS_TIMEOUT = float(os.environ.get("SMS_TIMEOUT", "10"))
# Codes by text message only where a gateway is configured (LEARNER_VERIFY_BY_SMS=0 forces off)
LEARNER_VERIFY_BY_SMS = (
    os.environ.get("LEARNER_VERIFY_BY_SMS", "1" if SMS_GATEWAY_URL else "0") == "1"
)
ACCOUNT_PHONE_VERIFICATION_ENABLED = LEARNER_VERIFY_BY_SMS
ACCOUNT_LOGIN_BY_CODE_ENABLED = LEARNER_VERIFY_BY_SMS
# One sign-in for every centre whose hostname ends in this domain (e.g. ".phuly.edu.vn")
SESSION_COOKIE_DOMAIN = os.environ.get("SESSION_COOKIE_DOMAIN") or None

# Search engine (search/elastic.py): Elasticsearch 8 when SEARCH_URL is set, else the database.
SEARCH_URL = os.environ.get("SEARCH_URL", "")
SEARCH_INDEX = os.environ.get("SEARCH_INDEX", SEARCH_INDEX)  # noqa: F405
SEARCH_TIMEOUT = float(os.environ.get("SEARCH_TIMEOUT", "5"))
COUNTER_PER_IP_PER_HOUR = int(os.environ.get("COUNTER_PER_IP_PER_HOUR", "300"))
BROWSER_IDS_PER_IP_PER_HOUR = int(os.environ.get("BROWSER_IDS_PER_IP_PER_HOUR", "200"))
CONTEST_EVENTS_PER_IP_PER_HOUR = int(os.environ.get("CONTEST_EVENTS_PER_IP_PER_HOUR", "1000000"))
CONTEST_NEW_IDS_PER_IP_PER_HOUR = int(os.environ.get("CONTEST_NEW_IDS_PER_IP_PER_HOUR", "5000"))
PDF_WORKER_MEMORY_MB = int(os.environ.get("PDF_WORKER_MEMORY_MB", str(PDF_WORKER_MEMORY_MB)))  # noqa: F405
PRIVATE_ROOT = os.environ.get("PRIVATE_ROOT", str(PRIVATE_ROOT))  # noqa: F405
# e.g. 1 behind one nginx that sets X-Forwarded-For (proxy_add_x_forwarded_for)
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR")
LESSON_SHARE_PER_IP_PER_HOUR = int(os.environ.get("LESSON_SHARE_PER_IP_PER_HOUR", "5"))

HUB_SITE_PORT = int(os.environ.get("HUB_SITE_PORT", "443"))
HUB_CENTRE_DOMAIN = os.environ.get("HUB_CENTRE_DOMAIN", "hoctap.example.vn")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"https://{HUB_CENTRE_DOMAIN}")

MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(MEDIA_ROOT))  # noqa: F405
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(STATIC_ROOT))  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "private": private_storage_from_env(os.environ, PRIVATE_ROOT),  # noqa: F405
}

# HTTPS everywhere; `manage.py check --deploy` stays clean.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail previews set SAMEORIGIN on their own responses

for _name in (
    "YOUTUBE_API_KEY",
    "YOUTUBE_OAUTH_TOKEN",
    "FACEBOOK_PAGE_TOKEN",
    "FACEBOOK_PAGE_ID",
    "YOUTUBE_API_BASE",
    "YOUTUBE_ANALYTICS_BASE",
    "FACEBOOK_GRAPH_BASE",
):
    if os.environ.get(_name):
        globals()[_name] = os.environ[_name]
OAI_ADMIN_EMAIL = os.environ.get("OAI_ADMIN_EMAIL", "thuvien@example.vn")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")

STORAGES["default"] = s3_storage_from_env(os.environ) or STORAGES["default"]  # noqa: F405
