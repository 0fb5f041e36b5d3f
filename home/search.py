from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from search.registry import Document, register


def news_document(news) -> Document:
    body = " ".join(
        strip_tags(str(block.render())) for block in news.body if block.block_type == "paragraph"
    )
    return Document(
        kind="tin-tuc",
        title=news.title,
        summary=news.summary,
        body=body,
        year=news.date.year if news.date else None,
    )


def register_search() -> None:
    from .models import NewsPage

    register(NewsPage, kind="tin-tuc", label=_("Tin tức"), to_document=news_document)
