"""Video signals: a new or replaced file is queued for processing; a deleted video takes its files
(including the private copy of a failed original, see originals.py).

`register_signal_handlers()` is called once at start-up, from HubConfig.ready() through
hub/signal_handlers.py; nothing else imports this module.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save, pre_save

from .jobs import enqueue, requeue_replaced_file
from .models import Video
from .originals import discard_private_copy
from .pipeline import delete_files


def remember_original_file(sender, instance, **kwargs) -> None:
    instance._original_file_name = instance.file.name if instance.file else ""


def note_new_file(sender, instance, **kwargs) -> None:
    """A file not yet in storage is a new upload, even if it gets the name of the one it replaces
    (free again when that one was deleted, or hidden after failing: originals.py)."""
    instance._new_file = bool(instance.file) and not instance.file._committed


def queue_new_upload(sender, instance, created, **kwargs) -> None:
    """A new file (upload or replacement) goes through the pipeline once the transaction commits."""
    same_file = instance.file.name == instance._original_file_name and not getattr(
        instance, "_new_file", False
    )
    if not instance.file or (not created and same_file):
        return
    replaced, instance._original_file_name = instance._original_file_name, instance.file.name
    if created:
        enqueue(instance.pk)
    else:
        # The replaced file may have failed and been hidden: its private copy goes too.
        transaction.on_commit(lambda: discard_private_copy(instance.pk, replaced))
        requeue_replaced_file(instance)


def delete_video_files(sender, instance, **kwargs) -> None:
    names = [*instance.rendition_files, instance.file.name]
    pk, original = instance.pk, instance.file.name
    transaction.on_commit(lambda: delete_files([n for n in names if n]))
    transaction.on_commit(lambda: discard_private_copy(pk, original))


def register_signal_handlers() -> None:
    post_init.connect(remember_original_file, sender=Video, dispatch_uid="hub-video-init")
    pre_save.connect(note_new_file, sender=Video, dispatch_uid="hub-video-new-file")
    post_save.connect(queue_new_upload, sender=Video, dispatch_uid="hub-video-queue")
    post_delete.connect(delete_video_files, sender=Video, dispatch_uid="hub-video-delete")
