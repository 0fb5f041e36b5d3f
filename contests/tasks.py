"""Background jobs of contests (django-tasks): thin wrappers over plain functions."""

from django_tasks import task

from .engagement.sync import PLATFORMS, sync_engagement


@task()
def sync_engagement_task(platform: str | None = None) -> int:
    """Sync every contest's engagement counts; run hourly (a cron / systemd timer enqueueing it,
    or `manage.py sync_engagement`). Returns the number of snapshots taken."""
    summaries = sync_engagement(platforms=(platform,) if platform else PLATFORMS)
    return sum(summary.snapshots for summary in summaries)
