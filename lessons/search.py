from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from search.registry import Document, register


def lesson_document(lesson) -> Document:
    body = " ".join(
        strip_tags(str(block.render()))
        for block in lesson.body
        if block.block_type in ("paragraph", "heading")
    )
    return Document(
        kind="bai-giang",
        title=lesson.title,
        summary=lesson.summary,
        body=" ".join([lesson.teacher, lesson.field.name, body]),
        field_id=lesson.field_id,
        tags=[t.name for t in lesson.tags.all()],
    )


def register_search() -> None:
    from .models import LessonPage

    register(LessonPage, kind="bai-giang", label=_("Bài giảng"), to_document=lesson_document)
