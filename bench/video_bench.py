"""Video benchmarks (issue #3):

1. The HLS ladder + MP4 + poster of a generated 60 s 720p clip: the pipeline (process_video, with
   storage and database updates) against the same ffmpeg command run bare.
2. Peak memory of the server process while a 1 GB file is uploaded through the admin form.

Runs on the embedded default (SQLite, local media) in a temporary folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import ffmpeg_version, write  # noqa: E402
from tests import media_files  # noqa: E402
from tests.servers import free_port  # noqa: E402

WORK = Path(tempfile.mkdtemp(prefix="hoctap-bench-video-"))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "hub.settings.dev",
        "SQLITE_PATH": str(WORK / "db.sqlite3"),
        "DATABASE_URL": "",
        "MEDIA_ROOT": str(WORK / "media"),
        "TASKS_BACKEND": "db",
    }
)


def ladder() -> list[dict]:
    import django

    django.setup()
    from django.conf import settings
    from django.core.files import File
    from django.core.management import call_command
    from wagtail.models import Collection

    from hub.models import Video
    from hub.video.ladder import build_command, plan_outputs
    from hub.video.pipeline import make_output_dirs, process_video
    from hub.video.probe import probe_video

    call_command("migrate", verbosity=0)
    clip = media_files.make_clip(WORK / "clip60.mp4", seconds=60)
    info = probe_video(str(clip), max_bytes=10**10, max_seconds=7200)
    # The same plan and command as process_video makes, so only the pipeline's own work differs.
    plan = plan_outputs(info.width, info.height)
    bare_dir = WORK / "bare"
    make_output_dirs(bare_dir, plan)
    command = build_command(
        str(clip),
        str(bare_dir),
        plan,
        has_audio=info.has_audio,
        duration=info.duration,
        preset=settings.VIDEO_FFMPEG_PRESET,
    )
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    bare = time.perf_counter() - start

    with open(clip, "rb") as handle:
        video = Video.objects.create(
            title="bench",
            type="video",
            file=File(handle, name="clip60.mp4"),
            collection=Collection.get_first_root_node(),
        )
    start = time.perf_counter()
    status = process_video(video.pk)
    pipeline = time.perf_counter() - start
    assert status == "ready", Video.objects.get(pk=video.pk).error
    return [
        {
            "metric": "ladder 60 s 720p, bare ffmpeg",
            "value": round(bare, 2),
            "unit": "s",
            "note": (
                f"{len(plan.renditions)} HLS rungs + MP4 + poster, preset "
                f"{settings.VIDEO_FFMPEG_PRESET}; {ffmpeg_version()}"
            ),
        },
        {
            "metric": "ladder 60 s 720p, pipeline",
            "value": round(pipeline, 2),
            "unit": "s",
            "note": "process_video: fetch original, same ffmpeg command, store outputs, DB updates",
        },
        {
            "metric": "pipeline overhead",
            "value": round((pipeline / bare - 1) * 100, 1),
            "unit": "%",
        },
    ]


def _vm_hwm(pid: int) -> int:
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", text).group(1)) // 1024


def upload_memory(size: int = 1024**3) -> list[dict]:
    big = WORK / "big.mp4"
    with open(big, "wb") as handle:
        handle.truncate(size)  # sparse: the upload path, not the disk, is what is measured
    port = free_port()
    env = {**os.environ, "HUB_SITE_PORT": str(port)}
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model; "
            "get_user_model().objects.create_superuser('bench', 'b@example.vn', 'bench-pass')",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        session = requests.Session()
        for _ in range(100):
            try:
                session.get(base + "/admin/login/", timeout=2)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        session.post(
            base + "/admin/login/",
            data={
                "username": "bench",
                "password": "bench-pass",
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            },
            headers={"Referer": base},
        )
        form = session.get(base + "/admin/media/video/add/").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        collection = re.search(r'name="collection"[^>]*>\s*<option value="(\d+)"', form)
        before = _vm_hwm(server.pid)
        boundary = "hoctapbenchboundary"
        fields = {"csrfmiddlewaretoken": token, "title": "1 GB", "tags": ""}
        if collection:
            fields["collection"] = collection.group(1)
        head = "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in fields.items()
        )
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.mp4"\r\n'
            "Content-Type: video/mp4\r\n\r\n"
        )
        tail = f"\r\n--{boundary}--\r\n".encode()

        def body():
            yield head.encode()
            with open(big, "rb") as handle:
                while chunk := handle.read(1024 * 1024):
                    yield chunk
            yield tail

        length = len(head.encode()) + size + len(tail)
        start = time.perf_counter()
        response = session.post(
            base + "/admin/media/video/add/",
            data=body(),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Content-Length": str(length),
                "Referer": base,
            },
            allow_redirects=False,
        )
        elapsed = time.perf_counter() - start
        after = _vm_hwm(server.pid)
        stored = list((WORK / "media" / "media").glob("big*.mp4"))
        assert response.status_code in (200, 302), response.status_code
        assert stored and stored[0].stat().st_size == size, "upload not stored whole"
    finally:
        server.terminate()
        server.wait(timeout=20)
    return [
        {"metric": "server peak RSS before 1 GB upload", "value": before, "unit": "MB"},
        {
            "metric": "server peak RSS after 1 GB upload",
            "value": after,
            "unit": "MB",
            "note": f"growth {after - before} MB; streamed to a temp file then to storage in chunks",
        },
        {"metric": "1 GB upload time (loopback)", "value": round(elapsed, 1), "unit": "s"},
    ]


if __name__ == "__main__":
    try:
        rows = ladder()
        rows += upload_memory()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)  # the 60 s clip and the 1 GB upload
    write("video", rows)
