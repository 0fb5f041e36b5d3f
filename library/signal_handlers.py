from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model


def remember_file(sender, instance, **kwargs) -> None:
    instance._library_file_name = instance.file.name if instance.file else ""


def analyse_new_pdf(sender, instance, created, **kwargs) -> None:
    from .tasks import analyse_document_task

    if not instance.file or instance.file_extension.lower() != "pdf":
        return
    if not created and instance.file.name == instance._library_file_name:
        return
    instance._library_file_name = instance.file.name
    transaction.on_commit(lambda: analyse_document_task.enqueue(instance.pk))


def register_signal_handlers() -> None:
    Document = get_document_model()
    post_init.connect(remember_file, sender=Document, dispatch_uid="library-doc-init")
    post_save.connect(analyse_new_pdf, sender=Document, dispatch_uid="library-doc-analyse")
    # a card cover kept in the cache must not outlive its rendition (library/cards.py)
    from .cards import forget_rendition

    Rendition = get_image_model().get_rendition_model()
    post_delete.connect(forget_rendition, sender=Rendition, dispatch_uid="library-card-cover")
