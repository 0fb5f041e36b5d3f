"""The hourly collection of daily statistics, as a task that queues its next run (the worker of
`make run` and production; `manage.py collect_statistics --schedule` starts the chain)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import default_task_backend, task

from .collect import collect_recent


@task()
def collect_statistics_task() -> int:
    rows = collect_recent()
    schedule_next()
    return rows


def schedule_next() -> bool:
    """Queue the next run (False where the backend runs tasks at once)."""
    if not default_task_backend.supports_defer:
        return False
    minutes = getattr(settings, "STATISTICS_COLLECT_MINUTES", 60)
    later = timezone.now() + datetime.timedelta(minutes=minutes)
    collect_statistics_task.using(run_after=later).enqueue()
    return True
