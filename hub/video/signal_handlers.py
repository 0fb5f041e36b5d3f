"""Video signals: a new or replaced file is queued for processing; a deleted video takes its files.

`register_signal_handlers()` is called once at start-up, from HubConfig.ready() through
hub/signal_handlers.py; nothing else imports this module.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save

from .jobs import enqueue, requeue_replaced_file
from .models import Video
from .pipeline import delete_files


def remember_original_file(sender, instance, **kwargs) -> None:
    instance._original_file_name = instance.file.name if instance.file else ""


def queue_new_upload(sender, instance, created, **kwargs) -> None:
    """A new file (upload or replacement) goes through the pipeline once the transaction commits."""
    if not instance.file or (not created and instance.file.name == instance._original_file_name):
        return
    instance._original_file_name = instance.file.name
    if created:
        enqueue(instance.pk)
    else:
        requeue_replaced_file(instance)


def delete_video_files(sender, instance, **kwargs) -> None:
    names = [*instance.rendition_files, instance.file.name]
    transaction.on_commit(lambda: delete_files([n for n in names if n]))


def register_signal_handlers() -> None:
    post_init.connect(remember_original_file, sender=Video, dispatch_uid="hub-video-init")
    post_save.connect(queue_new_upload, sender=Video, dispatch_uid="hub-video-queue")
    post_delete.connect(delete_video_files, sender=Video, dispatch_uid="hub-video-delete")
