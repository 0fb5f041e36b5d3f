from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move


def on_publish_change(sender, instance, **kwargs) -> None:
    from .tasks import index_page_task

    transaction.on_commit(lambda: index_page_task.enqueue(instance.pk))


def on_move(sender, instance, **kwargs) -> None:
    from .tasks import reindex_subtree_task

    transaction.on_commit(lambda: reindex_subtree_task.enqueue(instance.pk))


def on_delete(sender, instance, **kwargs) -> None:
    """Remove the page from the database index and from the engine (a cascade alone would leave
    the Elasticsearch document behind)."""
    from .indexing import remove_page

    remove_page(instance.pk)


def register_signal_handlers() -> None:
    page_published.connect(on_publish_change, dispatch_uid="search-published")
    page_unpublished.connect(on_publish_change, dispatch_uid="search-unpublished")
    post_page_move.connect(on_move, dispatch_uid="search-moved")
    post_delete.connect(on_delete, sender=Page, dispatch_uid="search-deleted")
