"""Background jobs of contests (django-tasks): thin wrappers over plain functions."""

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import default_task_backend, task

from .engagement.sync import PLATFORMS, sync_engagement


@task()
def sync_engagement_task(platform: str | None = None) -> int:
    """Sync every contest's engagement counts; run hourly (a cron / systemd timer enqueueing it,
    or `manage.py sync_engagement`). Returns the number of snapshots taken."""
    summaries = sync_engagement(platforms=(platform,) if platform else PLATFORMS)
    return sum(summary.snapshots for summary in summaries)


@task()
def sync_contest_task(contest_id: int) -> int:
    """One contest's engagement, now (the organisers' "Đồng bộ ngay" button)."""
    from .models import ContestPage

    contest = ContestPage.objects.filter(pk=contest_id).first()
    if contest is None:
        return 0
    return sum(summary.snapshots for summary in sync_engagement(contest))


@task()
def scheduled_sync_task() -> int:
    """Every contest whose public vote is still open (or closed within a day, for the last
    counts), then the next run ENGAGEMENT_SYNC_MINUTES later, on a backend that can defer
    (the worker of `make run` and production); `manage.py sync_engagement --schedule` starts it."""
    from .models import ContestPage

    now = timezone.now()
    snapshots = 0
    for contest in ContestPage.objects.live().filter(
        engagement_cutoff__gt=now - datetime.timedelta(days=1)
    ):
        snapshots += sum(summary.snapshots for summary in sync_engagement(contest))
    schedule_next()
    return snapshots


def schedule_next() -> bool:
    """Queue the next scheduled sync (False where the backend runs tasks at once)."""
    if not default_task_backend.supports_defer:
        return False
    later = timezone.now() + datetime.timedelta(minutes=settings.ENGAGEMENT_SYNC_MINUTES)
    scheduled_sync_task.using(run_after=later).enqueue()
    return True
