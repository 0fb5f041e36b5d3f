"""Production settings read the environment only, refuse to start without a secret, pass --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "hub.settings.production",
    "ALLOWED_HOSTS": "phuly.example.vn,.phuly.example.vn",
    "DATABASE_URL": "sqlite:///:memory:",
}


def _manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SECRET_KEY", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    secret = "x" * 20 + "-production-secret-key-with-enough-entropy-0123456789"
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": secret},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_collectstatic_with_the_production_manifest_storage(tmp_path, settings):
    """WhiteNoise's manifest storage fails on any missing reference (a vendored source map did)."""
    from django.core.management import call_command

    settings.STATIC_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "hub/vendor/hls.light.min.js" in manifest and "hub/css/site.css" in manifest


def test_production_reads_search_page_cache_and_limits_from_the_environment():
    env = {
        **PRODUCTION_ENV,
        "DJANGO_SECRET_KEY": "y" * 40 + "-strong-enough-production-key-0123456789",
        "SEARCH_URL": "http://search.internal:9200",
        "SEARCH_TIMEOUT": "3",
        "PAGE_CACHE_URL": "redis://127.0.0.1:6379/1",
        "COUNTER_PER_IP_PER_HOUR": "1000",
    }
    code = (
        "from django.conf import settings as s; "
        "print(s.SEARCH_URL, s.SEARCH_TIMEOUT, s.CACHE_MIDDLEWARE_ALIAS, s.COUNTER_PER_IP_PER_HOUR); "
        "print(s.MIDDLEWARE[0], s.MIDDLEWARE.index('hub.caching.pagecache.FetchPageFromCacheMiddleware'))"
    )
    result = _manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.splitlines()[-2:]
    assert first == "http://search.internal:9200 3.0 pages 1000"
    assert second == "hub.caching.pagecache.UpdatePageCacheMiddleware 4"  # right after WhiteNoise


@pytest.mark.parametrize(
    "weak",
    ["short-secret", "a" * 60, "django-insecure-" + "k3y" * 20],
)
def test_production_refuses_a_weak_secret_key(weak):
    result = _manage("check", env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": weak})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr


def test_the_demo_is_not_loaded_on_a_production_server():
    strong = "x" * 20 + "-production-secret-key-with-enough-entropy-0123456789"
    result = _manage("load_demo_data", env={**PRODUCTION_ENV, "DJANGO_SECRET_KEY": strong})
    assert result.returncode == 1
    assert "Không nạp dữ liệu mẫu trên máy chủ thật (DEBUG tắt)" in result.stderr
    assert "Đã nạp" not in result.stdout
