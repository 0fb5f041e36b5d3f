"""Analysing an uploaded PDF: text for search, page count and a first-page cover image."""

from __future__ import annotations

import logging
import shutil
import tempfile

from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from .models import DocumentAnalysis
from .pdf import PdfRejected, analyse_pdf

logger = logging.getLogger(__name__)


def analyse_document(document_id: int) -> str:
    Document = get_document_model()
    document = Document.objects.filter(pk=document_id).first()
    if document is None or document.file_extension.lower() != "pdf":
        return "skipped"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as local:
        with document.file.open("rb") as source:
            shutil.copyfileobj(source, local, 4 * 1024 * 1024)
        local.flush()
        try:
            info = analyse_pdf(local.name)
        except PdfRejected as rejected:
            DocumentAnalysis.objects.update_or_create(
                document=document,
                defaults={
                    "file_name": document.file.name,
                    "error": rejected.message,
                    "text": "",
                    "page_count": 0,
                    "thumbnail": None,
                },
            )
            return "failed"
    with transaction.atomic():
        thumbnail = get_image_model().objects.create(
            title=f"Bìa: {document.title}"[:255],
            collection=document.collection,
            file=ImageFile(_named(info.cover_jpeg, f"bia-{document.pk}.jpg")),
        )
        previous = DocumentAnalysis.objects.filter(document=document).first()
        DocumentAnalysis.objects.update_or_create(
            document=document,
            defaults={
                "file_name": document.file.name,
                "error": "",
                "text": info.text,
                "page_count": info.page_count,
                "thumbnail": thumbnail,
            },
        )
        if previous and previous.thumbnail_id:
            old = previous.thumbnail
            transaction.on_commit(old.delete)
    return "ready"


def _named(data: bytes, name: str):
    from io import BytesIO

    handle = BytesIO(data)
    handle.name = name
    return handle
