"""Run the project as a real server in a subprocess: migrate, load the demo, serve."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, host: str | None = None, timeout: float = 10) -> tuple[int, str]:
    """GET a URL on the local server, optionally as another hostname (Host header)."""
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class DemoServer:
    """The embedded default (dev settings) on a free port, with its own database."""

    def __init__(self, env: dict[str, str], workdir: Path):
        self.port = free_port()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hub.settings.dev",
            "HUB_SITE_PORT": str(self.port),
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self.workdir = workdir
        self.process: subprocess.Popen | None = None
        self.url = f"http://localhost:{self.port}"

    def manage(self, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise AssertionError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
            )
        return result

    def start(
        self, migrate: bool = True, video_centres: int = 1, demo_copy: bool = False
    ) -> DemoServer:
        """Migrate (a no-op on a migrated copy), load the demo for this port, serve. On a
        PostgreSQL copy of the session's demo network (`demo_copy`), only the sites' port
        changes: the loader would find everything else there (~5 s saved per server)."""
        if migrate:
            self.manage("migrate", "--noinput")
        if demo_copy:
            import psycopg

            with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as conn:
                conn.execute("UPDATE wagtailcore_site SET port = %s", [self.port])
            self.load_output = ""
        else:
            # on a fresh database only Lam Hạ gets demo videos (each is ~1.5 s of ffmpeg)
            self.load_output = self.manage(
                "load_demo_data", "--port", str(self.port), "--video-centres", str(video_centres)
            ).stdout
        log = open(self.workdir / "server.log", "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self._log = log
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if fetch(self.url + "/robots.txt", timeout=2)[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError("server did not start:\n" + (self.workdir / "server.log").read_text())

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None
            self._log.close()


def sqlite_env(workdir: Path, db: Path, **extra: str) -> dict[str, str]:
    """Environment of a subprocess on the embedded default's SQLite database `db`."""
    return {
        "SQLITE_PATH": str(db),
        "DATABASE_URL": "",
        "MEDIA_ROOT": str(workdir / "media"),
        **extra,
    }


def run_python(env: dict, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """A Python script of the project (e.g. manage.py) in a subprocess, output captured."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
