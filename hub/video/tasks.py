"""The background job (django-tasks) that processes one video.

A thin wrapper over `pipeline.process_video`. Imported only by hub/video/jobs.py, which decides when
to queue; the pipeline never imports this module.
"""

from django_tasks import task

from .pipeline import process_video


@task()
def process_video_task(video_id: int) -> str:
    """Background job (django-tasks): thin wrapper over the plain pipeline function."""
    return process_video(video_id)
