"""Settings shared by every environment. Environment-specific files import * from here."""

import datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "hub",
    "home",
    "library",
    "lessons",
    "contests",
    "search",
    "learners",
    "recognition",
    "events",
    "reports",
    "wagtailmedia",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
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
    "allauth",
    "allauth.account",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # gzip for pages (Django's BREACH mitigation pads compressed responses); WhiteNoise serves
    # static files pre-compressed
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hub.middleware.VietnameseFirstLocaleMiddleware",
    "hub.middleware.RequestBodyLimitMiddleware",
    "hub.middleware.NetworkSiteMiddleware",
    "hub.middleware.BrowserIdMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "hub.middleware.CentreStaffPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hub.middleware.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # last, as django-axes asks: turns a locked-out login into its 429 page
    "axes.middleware.AxesMiddleware",
]

# Login throttling (django-axes) for the admin and page-privacy logins: after AXES_FAILURE_LIMIT
# wrong passwords for one username from one address, that pair waits AXES_COOLOFF_TIME. Keyed on
# the pair, so other people on the same Wi-Fi can still sign in, and a stranger elsewhere cannot
# lock a staff member out. Counts live in the shared cache (no table); the address is
# hub.counters.client_ip (trusted proxies only).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # learners sign in with their mobile number (learners/accounts.py)
    "allauth.account.auth_backends.AuthenticationBackend",
]
# the admin's username, or a learner's number: one account on one address is locked, never a Wi-Fi
AXES_USERNAME_CALLABLE = "learners.accounts.login_identifier"
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "hub.counters.client_ip"
AXES_LOCKOUT_TEMPLATE = "hub/login_locked.html"
AXES_VERBOSE = False

# Content-Security-Policy (django-csp; hub.middleware.ContentSecurityPolicyMiddleware): scripts
# only from the site itself plus the one inline script of base.html (by its hash; a test keeps the
# hash true), no plugins, no <base>, forms post to the site only, embeds from YouTube and
# Facebook only. The admin (/admin/, previews included) gets ADMIN_CONTENT_SECURITY_POLICY: Wagtail
# and its editors' embeds still need inline scripts there.
TEXT_SIZE_SCRIPT_HASH = "sha256-xe8xRFjlKtyBanm8FyfeQVD7DTVmTf8PU5FSuWbJYMc="
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", f"'{TEXT_SIZE_SCRIPT_HASH}'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # the per-site brand colour; no script risk
        "img-src": ["'self'", "data:", "https:"],
        "media-src": ["'self'", "blob:", "https:"],  # hls.js plays through blob: URLs
        "connect-src": ["'self'", "https:"],
        "font-src": ["'self'", "data:"],
        "frame-src": [
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://www.facebook.com",
        ],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],  # Wagtail's preview frames the page
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# Powerful browser features nobody's page uses (the camera stays for the site itself: event
# check-in by QR code).
PERMISSIONS_POLICY = (
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "browsing-topics=()"
)


def with_page_cache(middleware: list[str]) -> list[str]:
    """The middleware list with the page cache (hub/caching/pagecache.py): storing outermost, fetching
    right after WhiteNoise, so a cache hit skips sessions, CSRF, locale and the rest (the cached
    response already carries their headers; only cookie-less requests are served from it)."""
    at = middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
    return [
        "hub.caching.pagecache.UpdatePageCacheMiddleware",
        *middleware[:at],
        "hub.caching.pagecache.FetchPageFromCacheMiddleware",
        *middleware[at:],
    ]


ROOT_URLCONF = "hub.urls"
WSGI_APPLICATION = "hub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "hub.context_processors.federation",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first; English through Django i18n.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "hub" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Files nobody may fetch by address (hub.uploads.private_storage): learners' uploads waiting for
# moderation, import files, originals of failed videos. Outside MEDIA_ROOT, so never served.
PRIVATE_ROOT = BASE_DIR / "var" / "private"
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_ROOT, "base_url": "/private-files-are-never-served/"},
}  # production: private_storage_from_env (below)

# Large uploads (phone videos) go to a temporary file, never fully into memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "HọcTập Hub"
WAGTAILADMIN_BASE_URL = "http://localhost:8000"
WAGTAIL_I18N_ENABLED = False
# staff avatars: Wagtail's own picture, never Gravatar (no e-mail hash sent to a third party;
# the admin's Content-Security-Policy would block its images anyway)
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_DOCUMENT_FORM_BASE = "hub.document_forms.CheckedDocumentForm"  # content checked
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "epub",
    "doc",
    "docx",
    "odt",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "txt",
    "mp3",
    "m4a",
    "ogg",
    "zip",
]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# django-axes warns about a per-process cache; production never uses one (production.py: Redis or
# the database cache, and `check --deploy` runs with them), the one-process dev server may.
SILENCED_SYSTEM_CHECKS = ["axes.W001"]
CACHE_TABLE = "hub_cache"  # the production default cache's table (hub/migrations/0005)
# Read replicas (hub/replicas.py): the aliases reads may go to, set from DATABASE_REPLICA_URLS by
# production.py and dev.py; and how far behind the primary a replica is assumed to be at most.
REPLICA_DATABASES: list[str] = []
REPLICA_LAG_SECONDS = 5

# The port that centre Sites are created with (so links between subsites carry it).
HUB_SITE_PORT = 80
# Parent domain suggested for new centres: "<slug>.<HUB_CENTRE_DOMAIN>".
HUB_CENTRE_DOMAIN = "localhost"

LOGIN_URL = "wagtailadmin_login"
# Wagtail's login form with its password label translated (hub/admin_labels.py)
WAGTAILADMIN_USER_LOGIN_FORM = "hub.admin_labels.LoginForm"
CSRF_FAILURE_VIEW = "hub.views.csrf_failure"
# after the page-privacy login form (/_util/login/) with no ?next=: the site's home, not Django's
# /accounts/profile/ (a 404 here)
LOGIN_REDIRECT_URL = "/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "hub": {"level": "INFO"},
        # the log sender's text messages (make run: the verification codes are in the output)
        "learners": {"level": "INFO"},
        "django.request": {"level": "ERROR"},
    },
}

WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Video pipeline (hub/video). wagtailmedia gives the admin, collections, choosers and blocks.
WAGTAILMEDIA = {
    "MEDIA_MODEL": "hub.Video",
    # refuses what is not a video at upload (hub/video/forms.py)
    "MEDIA_FORM_BASE": "hub.video.forms.VideoForm",
    "AUDIO_EXTENSIONS": [],
    "VIDEO_EXTENSIONS": [
        "mp4",
        "m4v",
        "mov",
        "mkv",
        "webm",
        "avi",
        "3gp",
        "mpg",
        "mpeg",
        "ogv",
        "wmv",
        "flv",
    ],
}
VIDEO_MAX_UPLOAD_BYTES = 2 * 1024**3
VIDEO_MAX_SECONDS = 2 * 3600
VIDEO_STALE_AFTER_SECONDS = 300  # a job with no heartbeat for this long may be retried
VIDEO_FFMPEG_PRESET = "veryfast"


def s3_storage_from_env(environ) -> dict | None:
    """S3 (or any S3-compatible server) for media when S3_BUCKET is set; None otherwise."""
    bucket = environ.get("S3_BUCKET")
    if not bucket:
        return None
    options = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("S3_ENDPOINT_URL") or None,
        "access_key": environ.get("S3_ACCESS_KEY_ID"),
        "secret_key": environ.get("S3_SECRET_ACCESS_KEY"),
        "region_name": environ.get("S3_REGION", "us-east-1"),
        "custom_domain": environ.get("S3_CUSTOM_DOMAIN") or None,
        "addressing_style": environ.get("S3_ADDRESSING_STYLE", "path"),
        "querystring_auth": environ.get("S3_QUERYSTRING_AUTH", "false").lower() == "true",
        "file_overwrite": False,
        "default_acl": None,
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
    }
    if environ.get("S3_URL_PROTOCOL"):
        options["url_protocol"] = environ["S3_URL_PROTOCOL"]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def private_storage_from_env(environ, default_root) -> dict:
    """Where private files live (STORAGES["private"]): PRIVATE_S3_BUCKET, a bucket without public
    read (signed, short-lived addresses only; same endpoint and keys as S3_BUCKET), when several
    servers share the work; else a folder (PRIVATE_ROOT) outside MEDIA_ROOT."""
    bucket = environ.get("PRIVATE_S3_BUCKET")
    if bucket:
        options = s3_storage_from_env({**environ, "S3_BUCKET": bucket})["OPTIONS"]
        options.update(
            querystring_auth=True,
            querystring_expire=300,
            custom_domain=None,
            default_acl="private",
            object_parameters={"CacheControl": "private, no-store"},
        )
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": environ.get("PRIVATE_ROOT") or default_root,
            "base_url": "/private-files-are-never-served/",
        },
    }


# PDFs (hub/pdf.py): read and drawn in a child process held to these limits.
PDF_MAX_PAGES = 2000
PDF_RENDER_MAX_PIXELS = 4_000_000  # one drawn page
PDF_RENDER_MAX_SIDE = 4000  # pixels, either side
PDF_WORKER_MEMORY_MB = 1024
PDF_WORKER_TIMEOUT_SECONDS = 30  # an analysis, in the task worker
PDF_READER_TIMEOUT_SECONDS = 10  # one reader page, in a request

# Video limits on what ffmpeg actually reads (hub/video/limits.py), beside VIDEO_MAX_SECONDS.
VIDEO_MAX_LONG_SIDE = 4096
VIDEO_MAX_SHORT_SIDE = 2304
VIDEO_MAX_FPS = 60

# OAI-PMH (library/oai.py): repository identifier defaults to the hub's hostname.
OAI_REPOSITORY_ID = ""
OAI_REPOSITORY_NAME = "Thư viện số liên thông các trung tâm học tập cộng đồng thành phố Phủ Lý"
OAI_ADMIN_EMAIL = "thuvien@example.vn"
OAI_PAGE_SIZE = 100

# Learners' "share a lesson" form (lessons/forms.py)
LESSON_SHARE_MAX_BYTES = 300 * 1024 * 1024
# Bodies larger than these are refused before they are read (hub.middleware): a shared lesson
# with its form fields on public pages, a video in the admin.
PUBLIC_MAX_REQUEST_BYTES = LESSON_SHARE_MAX_BYTES + 1024 * 1024
ADMIN_MAX_REQUEST_BYTES = VIDEO_MAX_UPLOAD_BYTES + 1024 * 1024
LESSON_SHARE_MIN_SECONDS = 3  # faster than this is a bot
LESSON_SHARE_PER_IP_PER_HOUR = 5
# Counted public events (views, likes, shares) per IP address per hour (hub/counters.py).
COUNTER_PER_IP_PER_HOUR = 300
# New browser ids (hub.counters.browser_id) one address may be given per hour: enough for a hall
# of people on one Wi-Fi; a client that discards its cookie to like again stops here.
BROWSER_IDS_PER_IP_PER_HOUR = 200
# Contest entries (contests/engagement/events.py): a whole hall votes through one router, so the
# hard per-address ceilings are generous and unusual traffic is flagged for the organisers
# instead of dropped: more than FLAG_BURST likes/shares a minute from one network, more than
# FLAG_NEW_IDS new browsers an hour from one address, likes without a view, a network with at
# least FLAG_ONE_ENTRY likes that all went to one entry.
CONTEST_EVENTS_PER_IP_PER_HOUR = 1_000_000  # a guard against write floods only: every event is
# de-duplicated per browser, and the browsers one address can bring are bounded just below
CONTEST_NEW_IDS_PER_IP_PER_HOUR = 5_000
ENGAGEMENT_FLAG_BURST_PER_MINUTE = 30
ENGAGEMENT_FLAG_NEW_IDS_PER_HOUR = 50
ENGAGEMENT_FLAG_ONE_ENTRY = 10
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
# The visitor's address for rate limits and counters (hub.counters.client_ip): the connection's,
# unless the site runs behind this many reverse proxies that each append to CLIENT_IP_HEADER.
TRUSTED_PROXY_COUNT = 0
CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"

# Engagement sync (contests/engagement/sync.py). Keys come from the environment in production.
YOUTUBE_API_BASE = "https://www.googleapis.com"
YOUTUBE_ANALYTICS_BASE = "https://youtubeanalytics.googleapis.com"
YOUTUBE_API_KEY = ""
YOUTUBE_OAUTH_TOKEN = ""  # optional: owner-authorised YouTube Analytics, for shares
YOUTUBE_DAILY_QUOTA = 10_000
FACEBOOK_GRAPH_BASE = "https://graph.facebook.com/v21.0"
FACEBOOK_PAGE_TOKEN = ""
FACEBOOK_PAGE_ID = ""
ENGAGEMENT_TIMEOUT = 10
ENGAGEMENT_SYNC_MINUTES = 60  # the scheduled sync (contests.tasks.scheduled_sync_task)
ENGAGEMENT_SPIKE_FACTOR = 5  # views per hour above k x the median of the others is flagged

# Text messages (learners/sms.py): verification codes. The log sender writes them to the log;
# production sets learners.sms.HttpGatewaySender and the gateway's address and token.
SMS_BACKEND = "learners.sms.LogSender"
SMS_GATEWAY_URL = ""
SMS_GATEWAY_TOKEN = ""
SMS_SENDER_NAME = "HOCTAP"
SMS_TIMEOUT = 10

# Learner accounts (django-allauth, docs/LEARNERS.md): one account for the whole network, signed in
# with a Vietnamese mobile number and a password. LEARNER_VERIFY_BY_SMS: new numbers are verified
# with a code by text message before the first sign-in (with the log sender of `make run` the
# code is in the server's output); off where there is no SMS gateway: centre staff confirm their
# learners' numbers in the admin instead.
LEARNER_VERIFY_BY_SMS = True
ACCOUNT_ADAPTER = "learners.accounts.LearnerAccountAdapter"
ACCOUNT_FORMS = {
    "signup": "learners.forms.SignupForm",
    "login": "learners.forms.LoginForm",
    "verify_phone": "learners.forms.VerifyPhoneForm",
    "confirm_login_code": "learners.forms.ConfirmLoginCodeForm",
    "change_password": "learners.forms.ChangePasswordForm",
}
# six digits: typed on a phone's number pad, offered by the keyboard from the message
ALLAUTH_USER_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_LOGIN_METHODS = {"phone"}
ACCOUNT_SIGNUP_FIELDS = ["phone*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PHONE_VERIFICATION_ENABLED = LEARNER_VERIFY_BY_SMS
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_CHANGE = True
ACCOUNT_PHONE_VERIFICATION_TIMEOUT = 10 * 60  # a code lives ten minutes
ACCOUNT_PHONE_VERIFICATION_MAX_ATTEMPTS = 5
# a forgotten password: sign in with a code by text message, then set a new password
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 5
# The sign-up says plainly that a number already has an account (older learners retry rather
# than wait for a message explaining it); guessing numbers stays slow by the limits below.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_SESSION_REMEMBER = True  # a phone stays signed in (SESSION_COOKIE_AGE)
ACCOUNT_LOGOUT_ON_GET = False
# Generous per address (a whole hall signs up behind one router), strict per number.
ACCOUNT_RATE_LIMITS = {
    "login": "120/m/ip",
    "login_failed": "100/m/ip,5/300s/key",
    "signup": "60/m/ip",
    "verify_phone": "1/30s/key,60/m/ip",
    "request_login_code": "60/m/ip,3/10m/key",
    "change_password": "5/m/user",
    "change_phone": "3/m/user",  # a typo in the new number is retried at once
}
SESSION_COOKIE_AGE = 14 * 24 * 3600  # two weeks: a learner's phone stays signed in past a week

# Search: the database index by default; Elasticsearch 8 when SEARCH_URL is set.
SEARCH_URL = ""
SEARCH_INDEX = "hoctap-search"
SEARCH_TIMEOUT = 5
