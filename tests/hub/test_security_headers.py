"""Content-Security-Policy and Permissions-Policy on every response (django-csp + hub.middleware):
the public sites run no script the site did not ship; the admin gets its own, looser policy."""

import base64
import hashlib
import re
from pathlib import Path

import pytest

from tests.conftest import host_of

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)


def _directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_public_pages_allow_only_the_sites_own_scripts(client, centre_a, settings):
    response = client.get("/", **host_of(centre_a))
    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", f"'{settings.TEXT_SIZE_SCRIPT_HASH}'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"] and policy["frame-ancestors"] == ["'self'"]
    # every inline script of the page is the one the hash allows
    html = response.content.decode()
    scripts = INLINE_SCRIPT.findall(html)
    assert scripts
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"sha256-{digest}" == settings.TEXT_SIZE_SCRIPT_HASH
    assert response["Permissions-Policy"].startswith("camera=(self), microphone=()")


def test_the_admin_has_its_own_policy(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert policy == {
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'self'"],
    }


def test_no_template_of_the_public_sites_uses_inline_handlers_or_javascript_urls():
    offenders = []
    for template in ROOT.glob("*/templates/**/*.html"):
        if "/admin/" in str(template):
            continue
        text = template.read_text(encoding="utf-8")
        if re.search(r"\son[a-z]+=\"|javascript:", text):
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []
