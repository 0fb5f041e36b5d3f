from django_tasks import task
from wagtail.models import Page

from .indexing import index_page, reindex_subtree, remove_page


@task()
def index_page_task(page_id: int) -> None:
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        remove_page(page_id)
    else:
        index_page(page)


@task()
def reindex_subtree_task(page_id: int) -> None:
    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        reindex_subtree(page)
