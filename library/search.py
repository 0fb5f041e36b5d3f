from django.utils.translation import gettext_lazy as _

from search.registry import Document, register


def item_document(item) -> Document:
    analysis = item.analysis
    return Document(
        kind="thu-vien",
        title=item.title,
        summary=item.summary,
        body=" ".join([item.authors, item.publisher, item.field.name]),
        extra=analysis.text if analysis else "",
        field_id=item.field_id,
        tags=[t.name for t in item.tags.all()],
        year=item.year,
    )


def register_search() -> None:
    from .models import LibraryItemPage

    register(LibraryItemPage, kind="thu-vien", label=_("Thư viện số"), to_document=item_document)
