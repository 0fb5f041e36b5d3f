"""Lesson signals: a learner's file goes public when its lesson is published; a deleted lesson
takes its private file with it."""

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.signals import page_published, task_rejected


def release_on_publish(sender, instance, **kwargs):
    from .sharing import release_learner_upload

    release_learner_upload(instance)


def delete_private_file(sender, instance, **kwargs):
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))


def register_signal_handlers():
    from .follow_up import on_published, on_task_rejected
    from .models import LearnerUpload, LessonPage

    page_published.connect(release_on_publish, sender=LessonPage)
    page_published.connect(on_published, sender=LessonPage)
    task_rejected.connect(on_task_rejected)
    post_delete.connect(delete_private_file, sender=LearnerUpload)
