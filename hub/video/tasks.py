from django_tasks import task

from .pipeline import process_video


@task()
def process_video_task(video_id: int) -> str:
    """Background job (django-tasks): thin wrapper over the plain pipeline function."""
    return process_video(video_id)
