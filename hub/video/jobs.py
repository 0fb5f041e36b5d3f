"""Putting videos on the task queue: a new or replaced upload, a retry, a sweep of stalled jobs.

The only module that imports hub/video/tasks.py, so the dependencies run one way:
jobs -> tasks -> pipeline -> models. Used by the signal handlers, the admin status screen and the
`retry_videos` command; content apps do not queue videos themselves (saving a Video queues it).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Video
from .tasks import process_video_task


def enqueue(video_id: int) -> None:
    """Process the video once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: process_video_task.enqueue(video_id))


def requeue_replaced_file(video: Video) -> None:
    """A saved Video got a new file: reset its status and process the new file."""
    Video.objects.filter(pk=video.pk).update(status=Video.Status.QUEUED, progress=0, error="")
    enqueue(video.pk)


def retry(video: Video) -> bool:
    """Queue a failed or abandoned video again; False if it is fine or still being worked on."""
    stale = timezone.now() - timedelta(seconds=settings.VIDEO_STALE_AFTER_SECONDS)
    retryable = Video.objects.filter(pk=video.pk).filter(
        Q(status=Video.Status.FAILED)
        | Q(status=Video.Status.PROCESSING, heartbeat_at__lt=stale)
        | Q(status=Video.Status.PROCESSING, heartbeat_at__isnull=True)
    )
    if not retryable.update(status=Video.Status.QUEUED, progress=0, error=""):
        return False
    enqueue(video.pk)
    return True


def retry_stalled(*, include_failed: bool = False) -> list[Video]:
    """Queue again every abandoned job (and every failed one if asked); returns those queued."""
    statuses = [Video.Status.PROCESSING] + ([Video.Status.FAILED] if include_failed else [])
    return [video for video in Video.objects.filter(status__in=statuses) if retry(video)]
