"""Smoke test of `make run`'s embedded default: SQLite migrates, loads the demo, serves hub and centre."""

import shutil

import pytest

from tests.servers import DemoServer, fetch, sqlite_env

# the subprocess tests on SQLite share one migrated database, on one pytest-xdist worker
pytestmark = [pytest.mark.smoke, pytest.mark.xdist_group("sqlite")]


@pytest.fixture(scope="module")
def sqlite_server(migrated_sqlite, tmp_path_factory):
    """`make run` on a database that every migration already ran on (`migrated_sqlite`, under the
    same dev settings): load the demo, serve."""
    workdir = tmp_path_factory.mktemp("embedded")
    db = workdir / "db.sqlite3"
    shutil.copyfile(migrated_sqlite, db)
    server = DemoServer(sqlite_env(workdir, db), workdir).start(migrate=False, video_centres=0)
    yield server
    server.stop()


def test_sqlite_default_serves_the_hub_and_a_centre(sqlite_server):
    assert (sqlite_server.workdir / "db.sqlite3").stat().st_size > 0
    from home.demo import demo_accounts

    printed = sqlite_server.load_output
    assert "Tài khoản mẫu (vai trò: tên đăng nhập / mật khẩu):" in printed
    for role, usernames, password in demo_accounts():  # every account, with its role
        assert f"    {role}: {usernames} / {password}" in printed
    assert "Quản trị toàn hệ thống (superuser): admin / hoctap-demo" in printed
    status, hub = fetch(sqlite_server.url + "/")
    assert status == 200
    assert "Phủ Lý – Thành phố học tập" in hub
    centre_url = f"http://lam-ha.localhost:{sqlite_server.port}/"
    assert f'href="{centre_url}"' in hub
    status, centre = fetch(sqlite_server.url + "/", host=f"lam-ha.localhost:{sqlite_server.port}")
    assert status == 200
    assert "TTHTCĐ phường Lam Hạ" in centre
    assert f'href="{sqlite_server.url}/"' in centre


def test_sqlite_default_serves_admin_login_and_sitemap(sqlite_server):
    status, login = fetch(sqlite_server.url + "/admin/login/")
    assert status == 200 and 'lang="vi"' in login
    status, sitemap = fetch(
        sqlite_server.url + "/sitemap.xml", host=f"phu-van.localhost:{sqlite_server.port}"
    )
    assert status == 200 and f"http://phu-van.localhost:{sqlite_server.port}/tin-tuc/" in sitemap


def test_make_run_starts_a_worker_so_uploads_never_wait_for_ffmpeg():
    """`make run` serves with the database task queue and a db_worker beside the server (the
    worker itself: tests/hub/test_video_worker.py), stopped with it."""
    import subprocess

    recipe = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], capture_output=True, text=True, check=True
    ).stdout
    lines = recipe.replace("\\\n", " ").splitlines()
    command = next(line for line in lines if "runserver" in line)
    assert (
        "TASKS_BACKEND=db .venv/bin/python manage.py db_worker --interval 1 & worker=$!;" in command
    )
    assert "trap 'kill $worker 2>/dev/null' EXIT INT TERM;" in command
    assert command.endswith("TASKS_BACKEND=db .venv/bin/python manage.py runserver 8123")
