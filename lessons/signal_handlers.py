"""Lesson signals: a learner's file goes public when its lesson is published; a deleted lesson
takes its private file with it."""

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.signals import page_published


def release_on_publish(sender, instance, **kwargs):
    from .sharing import release_learner_upload

    release_learner_upload(instance)


def delete_private_file(sender, instance, **kwargs):
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))


def register_signal_handlers():
    from .models import LearnerUpload, LessonPage

    page_published.connect(release_on_publish, sender=LessonPage)
    post_delete.connect(delete_private_file, sender=LearnerUpload)
