"""A real install without the demo: `migrate`, `setup_network`, `add_centre`, then the two
approval flows that need the groups and workflows they create (tests/install_flow.py)."""

import json
import os

import pytest

from tests.servers import run_python, sqlite_env

pytestmark = [pytest.mark.smoke, pytest.mark.xdist_group("sqlite")]


@pytest.fixture
def install_env(fresh_sqlite, tmp_path):
    """A brand-new install (every migration, nothing else) under the test settings."""
    return {
        **os.environ,
        **sqlite_env(tmp_path, fresh_sqlite),
        "DATABASE_URL": f"sqlite:///{fresh_sqlite}",
        "DJANGO_SETTINGS_MODULE": "hub.settings.test",
    }


def test_setup_network_then_a_centre_then_both_approvals(install_env):
    first = run_python(
        install_env, "manage.py", "setup_network", "--hostname", "hoctap.localhost", "--port", "80"
    )
    assert first.returncode == 0, first.stderr
    assert "Trang liên thông: http://hoctap.localhost/" in first.stdout
    assert "Mục mới: Tin tức – Thông báo, Thư viện số liên thông" in first.stdout
    again = run_python(install_env, "manage.py", "setup_network")
    assert again.returncode == 0, again.stderr
    assert "Mục mới: không có (đã đủ)" in again.stdout  # idempotent
    bad = run_python(install_env, "manage.py", "setup_network", "--hostname", "http://x")
    assert bad.returncode == 1
    assert "không kèm “http://”" in bad.stderr
    added = run_python(
        install_env, "manage.py", "add_centre", "Phường Một", "--hostname", "mot.localhost"
    )
    assert added.returncode == 0, added.stderr

    flow = run_python(install_env, "tests/install_flow.py")
    assert flow.returncode == 0, flow.stderr
    outcome = json.loads(flow.stdout.strip().splitlines()[-1])
    assert outcome == {
        "share_status": 200,
        "lesson_live_before": False,
        "lesson_workflow": "Duyệt bài – TTHTCĐ phường Một",
        "lesson_approve_status": [302, "/admin/pages/<id>/edit/"],
        "lesson_live_after": True,
        "hub_share_status": 200,
        "hub_lesson_workflow": "Duyệt bài – Ban chỉ đạo",
        "hub_lesson_editor_approve": [302, "/admin/"],  # refused: Wagtail's permission_denied
        "hub_lesson_officer_approve": [302, "/admin/pages/<id>/edit/"],
        "hub_lesson_live": True,
        "entry_submit_status": 302,
        "entry_live_before": False,
        "entry_workflow": "Duyệt bài dự thi (Ban chỉ đạo)",
        "editor_approve_status": [302, "/admin/"],  # refused: Wagtail's permission_denied
        "entry_live_after_editor": False,
        "officer_approve_status": [302, "/admin/pages/<id>/edit/"],
        "entry_live_after_officer": True,
    }
