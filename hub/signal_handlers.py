from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .federation import forget_hub_url
from .models import Video
from .pages import forget_restricted_paths
from .templatetags.hub_tags import forget_site_sections


def remember_original_file(sender, instance, **kwargs) -> None:
    instance._original_file_name = instance.file.name if instance.file else ""


def queue_new_upload(sender, instance, created, **kwargs) -> None:
    """A new file (upload or replacement) goes through the pipeline once the transaction commits."""
    from .video.tasks import process_video_task

    if not instance.file or (not created and instance.file.name == instance._original_file_name):
        return
    instance._original_file_name = instance.file.name
    if not created:
        Video.objects.filter(pk=instance.pk).update(
            status=Video.Status.QUEUED, progress=0, error=""
        )
    transaction.on_commit(lambda: process_video_task.enqueue(instance.pk))


def delete_video_files(sender, instance, **kwargs) -> None:
    from .video.pipeline import delete_files

    names = [*instance.rendition_files, instance.file.name]
    transaction.on_commit(lambda: delete_files([n for n in names if n]))


def register_signal_handlers() -> None:
    post_save.connect(forget_hub_url, sender=Site, dispatch_uid="hub-forget-hub-url-save")
    post_delete.connect(forget_hub_url, sender=Site, dispatch_uid="hub-forget-hub-url-delete")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget_site_sections, dispatch_uid=f"hub-nav-{id(signal)}")
    post_delete.connect(forget_site_sections, sender=Page, dispatch_uid="hub-nav-delete")
    post_save.connect(forget_site_sections, sender=Site, dispatch_uid="hub-nav-site")
    post_init.connect(remember_original_file, sender=Video, dispatch_uid="hub-video-init")
    post_save.connect(queue_new_upload, sender=Video, dispatch_uid="hub-video-queue")
    post_delete.connect(delete_video_files, sender=Video, dispatch_uid="hub-video-delete")
    post_save.connect(
        forget_restricted_paths, sender=PageViewRestriction, dispatch_uid="hub-pvr-save"
    )
    post_delete.connect(
        forget_restricted_paths, sender=PageViewRestriction, dispatch_uid="hub-pvr-del"
    )
