"""Per-centre isolation in the admin: staff see only their own centre's pages and media."""

from django.db.models import Q
from wagtail import hooks

from .federation import staff_centres


def _subtree_filter(centres) -> Q:
    condition = Q(pk__in=[])
    for centre in centres:
        condition |= Q(path__startswith=centre.root_path)
    return condition


@hooks.register("construct_explorer_page_queryset")
def explorer_only_own_centre(parent_page, pages, request):
    centres = staff_centres(request.user)
    if centres is None:
        return pages
    return pages.filter(_subtree_filter(centres))


@hooks.register("construct_page_chooser_queryset")
def page_chooser_only_own_centre(pages, request):
    centres = staff_centres(request.user)
    if centres is None:
        return pages
    return pages.filter(_subtree_filter(centres))


@hooks.register("construct_image_chooser_queryset")
def image_chooser_only_own_centre(images, request):
    centres = staff_centres(request.user)
    if centres is None:
        return images
    return images.filter(collection__in=[c.collection_id for c in centres])


@hooks.register("construct_document_chooser_queryset")
def document_chooser_only_own_centre(documents, request):
    centres = staff_centres(request.user)
    if centres is None:
        return documents
    return documents.filter(collection__in=[c.collection_id for c in centres])
