"""A real db_worker is killed mid-transcode; the video is retried and nothing half-written is used."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests import media_files
from tests.servers import ROOT, DemoServer


def _row(db, pk):
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "select status, progress, attempts, hls_master, rendition_files from hub_video where id=?",
            (pk,),
        ).fetchone()


def _wait_for(predicate, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


@pytest.mark.smoke
@pytest.mark.xdist_group("sqlite")
def test_killed_worker_leaves_a_retryable_video(fresh_sqlite, tmp_path):
    db = fresh_sqlite
    media = tmp_path / "media"
    # The killed worker cannot remove its working folder (the original and partial outputs):
    # it must land in pytest's tmp_path, not in the system temp folder.
    worker_tmp = tmp_path / "tmp"
    worker_tmp.mkdir()
    env = {
        "SQLITE_PATH": str(db),
        "DATABASE_URL": "",
        "MEDIA_ROOT": str(media),
        "TASKS_BACKEND": "db",
        "VIDEO_STALE_AFTER_SECONDS": "2",
        "TMPDIR": str(worker_tmp),
        # the first worker encodes slowly, so it is surely killed half-way; the retry is quick
        "VIDEO_FFMPEG_PRESET": "slower",
    }
    runner = DemoServer(env, tmp_path)
    clip = media_files.make_clip(tmp_path / "dai.mp4", seconds=6, width=854, height=480)
    created = runner.manage(
        "shell",
        "-c",
        (
            "from django.core.files import File; from hub.models import Video; "
            "from wagtail.models import Collection; "
            f"v = Video.objects.create(title='Video dài', type='video', collection=Collection.get_first_root_node(), file=File(open({str(clip)!r}, 'rb'), name='dai.mp4')); "
            "print(v.pk)"
        ),
    )
    pk = int(created.stdout.strip().splitlines()[-1])
    assert _row(db, pk)[0] == "queued"

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"],
        cwd=ROOT,
        env=runner.env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(lambda: (r := _row(db, pk)) and r[0] == "processing" and r[1] > 0)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    status, progress, attempts, hls_master, renditions = _row(db, pk)
    assert (status, attempts, hls_master, json.loads(renditions)) == ("processing", 1, "", [])
    assert 0 < progress < 100

    time.sleep(2.5)  # the heartbeat is now older than VIDEO_STALE_AFTER_SECONDS
    assert "Đã đưa lại 1 video" in runner.manage("retry_videos").stdout
    runner.env["VIDEO_FFMPEG_PRESET"] = "ultrafast"
    runner.manage("db_worker", "--batch", "--no-startup-delay", timeout=300)
    status, progress, attempts, hls_master, renditions = _row(db, pk)
    assert (status, progress, attempts) == ("ready", 100, 2)
    files = json.loads(renditions)
    assert all((media / name).exists() for name in files)
    prefixes = {p.name for p in (media / "video" / "renditions" / str(pk)).iterdir()}
    assert prefixes == {hls_master.split("/")[3]}  # nothing from the killed attempt remains
    # Only the killed attempt's working folder is left behind, and it is inside tmp_path.
    workdirs = [p for p in worker_tmp.iterdir() if p.name.startswith("hoctap-video-")]
    assert [sorted(c.name for c in w.iterdir()) for w in workdirs] == [["original.mp4", "out"]]
