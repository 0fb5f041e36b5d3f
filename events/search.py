"""Events and classes in the federated search ("su-kien"): a learner typing "tin hoc nguoi cao
tuoi" finds the opening of the class as well as the lessons."""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from search.registry import Document, register


def event_document(event) -> Document:
    return Document(
        kind="su-kien",
        title=event.title,
        summary=event.summary,
        body=" ".join(
            [
                str(event.get_kind_display()),
                event.place,
                event.audience,
                event.field.name if event.field_id else "",
                strip_tags(event.body or ""),
            ]
        ),
        field_id=event.field_id,
        year=event.starts_at.year,
    )


def register_search() -> None:
    from .models import EventPage

    register(EventPage, kind="su-kien", label=_("Hoạt động, lớp học"), to_document=event_document)
