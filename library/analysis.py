"""Analysing an uploaded PDF: text for search, page count and a first-page cover image. Whatever
goes wrong is written on the document's DocumentAnalysis row as a message staff can read."""

from __future__ import annotations

import logging
import shutil
import tempfile

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from .models import DocumentAnalysis
from .pdf import PdfInfo, PdfRejected, analyse_pdf

logger = logging.getLogger(__name__)

# the file could not be read or the cover not stored, or this process ran out of memory
SERVER_ERRORS = (BotoCoreError, ClientError, OSError, MemoryError)


def analyse_document(document_id: int) -> str:
    """Analyse one document: "ready", "skipped" (not a PDF) or "failed", the reason then written on
    its DocumentAnalysis row (a refusal from library.pdf, or a server error), never raised."""
    Document = get_document_model()
    document = Document.objects.filter(pk=document_id).first()
    if document is None or document.file_extension.lower() != "pdf":
        return "skipped"
    try:
        info = _analyse_file(document)
        _record(document, info)
    except PdfRejected as rejected:
        _record_failure(document, rejected.message)
        return "failed"
    except SERVER_ERRORS as error:
        logger.exception("Analysing document %s failed", document.pk)
        _record_failure(
            document,
            _(
                "Máy chủ gặp lỗi (%(error)s) nên chưa phân tích được tệp PDF; hãy tải tệp lên "
                "lại sau ít phút, nếu vẫn lỗi hãy báo quản trị viên."
            )
            % {"error": type(error).__name__},
        )
        return "failed"
    return "ready"


def _analyse_file(document) -> PdfInfo:
    """The PDF copied to a local file (the worker reads a path; storage may be remote)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as local:
        with document.file.open("rb") as source:
            shutil.copyfileobj(source, local, 4 * 1024 * 1024)
        local.flush()
        return analyse_pdf(local.name)


def _record(document, info: PdfInfo) -> None:
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


def _record_failure(document, message: str) -> None:
    DocumentAnalysis.objects.update_or_create(
        document=document,
        defaults={
            "file_name": document.file.name,
            "error": message,
            "text": "",
            "page_count": 0,
            "thumbnail": None,
        },
    )


def _named(data: bytes, name: str):
    from io import BytesIO

    handle = BytesIO(data)
    handle.name = name
    return handle
