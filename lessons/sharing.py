"""Turning a learner's submission into a draft lesson waiting in the centre's moderation workflow."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from hub.federation import centre_for_path, centres_by_root_path
from hub.models import Video
from hub.pdf import PdfRejected, open_pdf
from hub.text import vietnamese_slug
from hub.video.probe import VideoRejected, probe_video

from .models import LessonPage


class UploadRejected(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def precheck(upload) -> None:
    """The pipeline's own checks, run now so the learner hears at once (nothing is saved yet)."""
    from django.conf import settings

    suffix = Path(upload.name).suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as local:
        for chunk in upload.chunks():
            local.write(chunk)
        local.flush()
        if upload.kind == "video":
            try:
                probe_video(
                    local.name,
                    max_bytes=settings.LESSON_SHARE_MAX_BYTES,
                    max_seconds=settings.VIDEO_MAX_SECONDS,
                )
            except VideoRejected as rejected:
                raise UploadRejected(rejected.message) from rejected
        elif suffix == ".pdf":
            raise_if_bad_pdf(local.name)
    upload.seek(0)


def learner_pdf_message(rejected: PdfRejected) -> str:
    """The PDF check's message worded for a learner, who sends (gửi) rather than uploads."""
    if rejected.reason == "password":
        return _("Tệp PDF có mật khẩu nên không đọc được; hãy gỡ mật khẩu rồi gửi lại.")
    if rejected.reason == "broken":
        return _("Tệp PDF bị hỏng hoặc tải lên dở dang; hãy kiểm tra rồi gửi lại.")
    return rejected.message


def raise_if_bad_pdf(path: str) -> None:
    try:
        open_pdf(path).close()
    except PdfRejected as rejected:
        raise UploadRejected(learner_pdf_message(rejected)) from rejected


@transaction.atomic
def create_shared_lesson(index, data: dict) -> LessonPage:
    """A draft lesson under `index` with the learner's file or link, submitted for moderation."""
    centre = centre_for_path(index.path, centres_by_root_path())
    body = [
        (
            "paragraph",
            "".join(
                f"<p>{html.escape(line)}</p>"
                for line in data["description"].splitlines()
                if line.strip()
            ),
        )
    ]
    upload = data.get("file")
    if upload is not None and upload.kind == "video":
        video = Video.objects.create(
            title=data["title"][:255], type="video", file=upload, collection=centre.collection
        )
        body.append(("video", {"video": video, "caption": ""}))
    elif upload is not None:
        document = get_document_model().objects.create(
            title=data["title"][:255], file=upload, collection=centre.collection
        )
        body.append(("document", {"document": document, "title": ""}))
    elif data.get("youtube"):
        body.append(("youtube", {"url": data["link"], "caption": ""}))
    else:
        link = html.escape(data["link"])
        body.append(("paragraph", f'<p><a href="{link}">{link}</a></p>'))
    base = vietnamese_slug(data["title"])[:60] or "bai-giang"
    slug, n = base, 2
    existing = set(index.get_children().values_list("slug", flat=True))
    while slug in existing:
        slug, n = f"{base}-{n}", n + 1
    lesson = LessonPage(
        title=data["title"],
        slug=slug,
        field=data["field"],
        summary=data["description"][:600],
        body=body,
        shared_by=data["name"],
        shared_contact=data["contact"],
        live=False,
    )
    index.add_child(instance=lesson)
    lesson.save_revision()
    workflow = lesson.get_workflow()
    if workflow is not None:
        workflow.start(lesson, None)
    return lesson
