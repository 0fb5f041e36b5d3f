"""Smoke test of `make run`'s embedded default: SQLite migrates, loads the demo, serves hub and centre."""

import shutil
import tempfile
from pathlib import Path

import pytest

from tests.servers import DemoServer, fetch, in_background

pytestmark = pytest.mark.smoke


def _start() -> DemoServer:
    workdir = Path(tempfile.mkdtemp(prefix="hoctap-embedded-"))
    env = {
        "SQLITE_PATH": str(workdir / "db.sqlite3"),
        "DATABASE_URL": "",
        "MEDIA_ROOT": str(workdir / "media"),
    }
    return DemoServer(env, workdir).start()


def start_in_background():
    """Migrating SQLite and loading the demo takes a while: it starts when tests are collected."""
    return in_background("embedded-default", _start)


@pytest.fixture(scope="module")
def sqlite_server():
    server = start_in_background().result()
    yield server
    server.stop()
    shutil.rmtree(server.workdir, ignore_errors=True)


def test_sqlite_default_serves_the_hub_and_a_centre(sqlite_server):
    assert (sqlite_server.workdir / "db.sqlite3").stat().st_size > 0
    assert "tài khoản admin / hoctap-demo" in sqlite_server.load_output
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
