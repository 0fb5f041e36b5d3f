from django.utils.translation import gettext_lazy as _

from search.registry import Document, register


def entry_document(entry) -> Document:
    return Document(
        kind="du-thi",
        title=entry.title,
        summary=entry.summary,
        body=" ".join([entry.participants, entry.centre.title, entry.get_parent().title]),
    )


def register_search() -> None:
    from .models import EntryPage

    register(EntryPage, kind="du-thi", label=_("Bài dự thi"), to_document=entry_document)
