"""Processing one Video: claim it, fetch the original, run ffmpeg, publish the outputs atomically.

Owns the job's life on the worker: the claim (with a heartbeat, so a dead worker's job can be
taken over), the ffmpeg run planned by ladder.py, storing the outputs and deleting stale ones.
Outputs of each attempt go under a fresh prefix; the Video points at them only once all are stored,
so a worker killed half-way leaves the previous state intact and nothing half-written referenced.
ffmpeg is held to the upload limits while it runs (limits.py): a file that turns out longer, with
more frames or larger pictures than its metadata said is stopped there and fails with the reason.
A failed video's original leaves public storage (originals.py) and comes back if a retry succeeds.

Called by tasks.py (the background job), the signal handlers (file deletion) and the benchmark.
It never queues work itself (that is jobs.py), so it does not import tasks.py. Only hub/video
runs ffmpeg; content apps use the Video model, the block and the player.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .ladder import OutputPlan, build_command, plan_outputs, progress_percent
from .limits import LimitPassed, VideoLimits, watch
from .models import Video
from .originals import hide_original, open_original, restore_original
from .probe import ProbeResult, VideoRejected, limit_message, probe_video

logger = logging.getLogger(__name__)
CHUNK = 8 * 1024 * 1024
HEARTBEAT_SECONDS = 1.0


class VideoNotClaimed(Exception):
    """Another worker holds the job, or it is no longer waiting."""


def claim(video_id: int) -> Video:
    """Mark a queued (or stale) video as processing by this worker, atomically."""
    stale = timezone.now() - timedelta(seconds=settings.VIDEO_STALE_AFTER_SECONDS)
    with transaction.atomic():
        video = Video.objects.select_for_update().filter(pk=video_id).first()
        if video is None:
            raise VideoNotClaimed(f"video {video_id} no longer exists")
        waiting = video.status == Video.Status.QUEUED
        abandoned = video.status == Video.Status.PROCESSING and (
            video.heartbeat_at is None or video.heartbeat_at < stale
        )
        if not (waiting or abandoned):
            raise VideoNotClaimed(f"video {video_id} is {video.status}")
        video.status = Video.Status.PROCESSING
        video.progress = 0
        video.error = ""
        video.attempts += 1
        video.heartbeat_at = timezone.now()
        video.save(update_fields=["status", "progress", "error", "attempts", "heartbeat_at"])
    return video


def fetch_original(video: Video, workdir: Path) -> Path:
    """A local path to the original, streamed from storage in chunks (never whole in memory);
    the private copy if an earlier attempt failed."""
    suffix = Path(video.file.name).suffix or ".bin"
    local = workdir / f"original{suffix}"
    with open_original(video) as source, open(local, "wb") as target:
        shutil.copyfileobj(source, target, CHUNK)
    return local


def run_ffmpeg(
    command: list[str], video: Video, duration: float, limits: VideoLimits | None = None
) -> None:
    """Run ffmpeg, recording percent progress and a heartbeat about once a second, and stop it
    as soon as what it decoded passes the limits (from settings unless given)."""
    limits = limits or VideoLimits.from_settings()
    last = timezone.now()

    def heartbeat(line: str) -> None:
        nonlocal last
        percent = progress_percent(line, duration)
        now = timezone.now()
        if percent is not None and (now - last).total_seconds() >= HEARTBEAT_SECONDS:
            Video.objects.filter(pk=video.pk, attempts=video.attempts).update(
                progress=percent, heartbeat_at=now
            )
            last = now

    try:
        run = watch(command, limits, on_line=heartbeat)
    except LimitPassed as passed:
        logger.warning("ffmpeg stopped for video %s: %s", video.pk, passed)
        raise VideoRejected(limit_message(passed.limit, limits, declared=duration)) from passed
    if run.returncode != 0:
        logger.warning("ffmpeg failed for video %s: %s", video.pk, run.stderr[-2000:])
        raise VideoRejected(
            _("Video bị hỏng hoặc không đầy đủ (tải lên dở dang?): không giải mã được đến hết tệp.")
        )


def make_output_dirs(out_dir: Path, plan: OutputPlan) -> None:
    """The `v<i>` folders the HLS muxer writes each rendition into."""
    for i in range(len(plan.renditions)):
        (out_dir / f"v{i}").mkdir(parents=True)


def store_outputs(out_dir: Path, prefix: str) -> list[str]:
    """Upload every output file under `prefix`, streaming from disk; returns the stored names."""
    stored = []
    for path in sorted(p for p in out_dir.rglob("*") if p.is_file()):
        name = f"{prefix}/{path.relative_to(out_dir).as_posix()}"
        with open(path, "rb") as handle:
            stored.append(default_storage.save(name, File(handle, name=path.name)))
    return stored


def delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:  # noqa: BLE001 (a missing or unreachable file must not stop the rest)
            logger.warning("could not delete %s", name, exc_info=True)


def process_video(video_id: int) -> str:
    """Probe, transcode and publish one video. Returns the final status."""
    try:
        video = claim(video_id)
    except VideoNotClaimed as skipped:
        logger.info("skipping: %s", skipped)
        return "skipped"
    prefix = f"video/renditions/{video.pk}/{uuid.uuid4().hex[:12]}"
    stored: list[str] = []
    with tempfile.TemporaryDirectory(prefix="hoctap-video-") as tmp:
        workdir = Path(tmp)
        try:
            original = fetch_original(video, workdir)
            limits = VideoLimits.from_settings()
            info = probe_video(
                str(original),
                max_bytes=settings.VIDEO_MAX_UPLOAD_BYTES,
                max_seconds=limits.max_seconds,
                limits=limits,
            )
            out_dir = workdir / "out"
            plan = plan_outputs(info.width, info.height)
            make_output_dirs(out_dir, plan)
            command = build_command(
                str(original),
                str(out_dir),
                plan,
                has_audio=info.has_audio,
                duration=info.duration,
                preset=settings.VIDEO_FFMPEG_PRESET,
                limits=limits,
            )
            run_ffmpeg(command, video, info.duration, limits)
            stored = store_outputs(out_dir, prefix)
            original_name = restore_original(video)
        except VideoRejected as rejected:
            delete_files(stored)
            _finish_failed(video, rejected.message)
            return Video.Status.FAILED
        except Exception:
            delete_files(stored)
            _finish_failed(
                video,
                _("Lỗi hệ thống khi xử lý video. Hãy bấm “Thử lại”; nếu vẫn lỗi, báo quản trị."),
            )
            raise
    return _publish(video, info, prefix, stored, original_name)


def _publish(
    video: Video, info: ProbeResult, prefix: str, stored: list[str], original_name: str
) -> str:
    with transaction.atomic():
        current = Video.objects.select_for_update().get(pk=video.pk)
        if current.attempts != video.attempts or current.status != Video.Status.PROCESSING:
            # A newer attempt took over while we worked: ours is discarded.
            transaction.on_commit(lambda: delete_files(stored))
            return "superseded"
        old = list(current.rendition_files)
        current.status = Video.Status.READY
        current.progress = 100
        current.error = ""
        current.heartbeat_at = timezone.now()
        current.duration = round(info.duration, 2)
        current.width, current.height = info.width, info.height
        current.file_size = info.size
        current.probe = info.as_dict()
        current.hls_master = f"{prefix}/master.m3u8"
        current.mp4.name = next(n for n in stored if n.endswith("fallback.mp4"))
        current.thumbnail.name = next(n for n in stored if n.endswith("poster.jpg"))
        current.rendition_files = stored
        current.save()
        if original_name != current.file.name:
            # Put back under another name (its own was taken while it was hidden). An update, not
            # save(): a new file name on save() would queue the video again as a replaced upload.
            Video.objects.filter(pk=current.pk).update(file=original_name)
        transaction.on_commit(lambda: delete_files(old))
    return Video.Status.READY


def _finish_failed(video: Video, message: str) -> None:
    """Record the failure (unless a newer attempt took over) and take the original out of public
    storage; a retry reads it from the private one."""
    if not Video.objects.filter(pk=video.pk, attempts=video.attempts).update(
        status=Video.Status.FAILED, error=message, heartbeat_at=timezone.now()
    ):
        return
    try:
        hide_original(video)
    except Exception:  # noqa: BLE001 (the failure is recorded; an unreachable storage must not hide it)
        logger.exception(
            "could not move the original of failed video %s out of public storage", video.pk
        )
