from django.core.management import call_command
from django_tasks import task


@task()
def sync_engagement_task(platform: str | None = None) -> None:
    """For the worker: run hourly (cron / systemd timer enqueueing it, or `manage.py sync_engagement`)."""
    call_command("sync_engagement", **({"platform": platform} if platform else {}))
