"""Embedded default: SQLite, local media, database search, tasks in the database queue."""

import os

import dj_database_url

from hub.replicas import replica_databases

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["localhost", ".localhost", "127.0.0.1", "[::1]"]
INTERNAL_IPS = ["127.0.0.1"]

# SQLite by default; DATABASE_URL (e.g. PostgreSQL) when set.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL")
        or f"sqlite:///{os.environ.get('SQLITE_PATH', BASE_DIR / 'db.sqlite3')}"
    )
}
# Read replicas of a PostgreSQL DATABASE_URL, as in production (hub/replicas.py)
DATABASES.update(replica_databases(os.environ.get("DATABASE_REPLICA_URLS", "")))
REPLICA_DATABASES = [alias for alias in DATABASES if alias != "default"]
REPLICA_LAG_SECONDS = int(os.environ.get("DATABASE_REPLICA_LAG_SECONDS", "5"))
if REPLICA_DATABASES:
    DATABASE_ROUTERS = ["hub.replicas.ReplicaRouter"]
    MIDDLEWARE = ["hub.replicas.ReplicaMiddleware", *MIDDLEWARE]  # noqa: F405

MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or MEDIA_ROOT  # noqa: F405
VIDEO_STALE_AFTER_SECONDS = int(os.environ.get("VIDEO_STALE_AFTER_SECONDS", "300"))
# x264 preset of the video pipeline: "ultrafast" on a slow machine, "slower" for smaller files
VIDEO_FFMPEG_PRESET = os.environ.get("VIDEO_FFMPEG_PRESET", VIDEO_FFMPEG_PRESET)  # noqa: F405
LESSON_SHARE_MIN_SECONDS = int(os.environ.get("LESSON_SHARE_MIN_SECONDS", "3"))
HUB_SITE_PORT = int(os.environ.get("HUB_SITE_PORT", "8000"))
WAGTAILADMIN_BASE_URL = f"http://localhost:{HUB_SITE_PORT}"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# In development, tasks run at once unless a db_worker is wanted: `TASKS_BACKEND=db`.
if os.environ.get("TASKS_BACKEND", "immediate") == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

STORAGES["default"] = s3_storage_from_env(os.environ) or STORAGES["default"]  # noqa: F405
