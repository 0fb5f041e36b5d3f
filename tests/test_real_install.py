"""A real install without the demo: `migrate`, `setup_network`, `add_centre`, then the two
approval flows that need the groups and workflows they create (tests/install_flow.py)."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.servers import ROOT, in_background

pytestmark = pytest.mark.smoke


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _migrate() -> tuple[dict, subprocess.CompletedProcess]:
    workdir = Path(tempfile.mkdtemp(prefix="hoctap-install-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.test",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "HOCTAP_WORKDIR": str(workdir),
    }
    return env, manage(env, "migrate", "--noinput")


def start_in_background():
    """A fresh SQLite database is migrated while other tests run."""
    return in_background("real-install", _migrate)


@pytest.fixture(scope="module")
def install_env():
    env, migrated = start_in_background().result()
    assert migrated.returncode == 0, migrated.stderr
    yield env
    shutil.rmtree(env["HOCTAP_WORKDIR"], ignore_errors=True)


def test_setup_network_then_a_centre_then_both_approvals(install_env):
    first = manage(install_env, "setup_network", "--hostname", "hoctap.localhost", "--port", "80")
    assert first.returncode == 0, first.stderr
    assert "Trang liên thông: http://hoctap.localhost/" in first.stdout
    assert "Mục mới: Tin tức – Thông báo, Thư viện số liên thông" in first.stdout
    again = manage(install_env, "setup_network")
    assert again.returncode == 0, again.stderr
    assert "Mục mới: không có (đã đủ)" in again.stdout  # idempotent
    bad = manage(install_env, "setup_network", "--hostname", "http://x")
    assert bad.returncode == 1
    assert "không kèm “http://”" in bad.stderr
    added = manage(install_env, "add_centre", "Phường Một", "--hostname", "mot.localhost")
    assert added.returncode == 0, added.stderr

    flow = subprocess.run(
        [sys.executable, "tests/install_flow.py"],
        cwd=ROOT,
        env=install_env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert flow.returncode == 0, flow.stderr
    outcome = json.loads(flow.stdout.strip().splitlines()[-1])
    assert outcome == {
        "share_status": 200,
        "lesson_live_before": False,
        "lesson_workflow": "Duyệt bài – TTHTCĐ phường Một",
        "lesson_approve_status": [302, "/admin/pages/<id>/edit/"],
        "lesson_live_after": True,
        "entry_submit_status": 302,
        "entry_live_before": False,
        "entry_workflow": "Duyệt bài dự thi (Ban chỉ đạo)",
        "editor_approve_status": [302, "/admin/"],  # refused: Wagtail's permission_denied
        "entry_live_after_editor": False,
        "officer_approve_status": [302, "/admin/pages/<id>/edit/"],
        "entry_live_after_officer": True,
    }
