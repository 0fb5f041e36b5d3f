"""Turning a learner's submission into a draft lesson waiting in the centre's moderation workflow,
and making the learner's file public when an editor publishes the lesson.

The file is checked at once (a video by ffprobe, a PDF by opening it, an office file by its
content, whatever its name says) and then kept in private storage (hub.uploads) until then:
nothing a learner sends has a public address before an editor has looked at it, and the video
pipeline only transcodes what was approved."""

from __future__ import annotations

import datetime
import html
import tempfile
import uuid
from pathlib import Path

from django.core import signing
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from hub.federation import centre_for_path, centres_by_root_path
from hub.models import Video
from hub.pdf import PdfRejected, open_pdf
from hub.text import vietnamese_slug
from hub.uploads import document_problem
from hub.video.probe import VideoRejected, probe_video

from .models import LearnerUpload, LessonPage


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
        else:
            if problem := document_problem(local.name, suffix):
                raise UploadRejected(problem)
            if suffix == ".pdf":
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
    upload = data.get("file")  # kept privately (_hold), public with the lesson
    if upload is None and data.get("youtube"):
        body.append(("youtube", {"url": data["link"], "caption": ""}))
    elif upload is None:
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
    held = _hold(lesson, upload) if upload is not None else None
    try:
        lesson.save_revision()
        workflow = lesson.get_workflow()
        if workflow is not None:
            workflow.start(lesson, None)
    except BaseException:
        if held is not None:  # the rows roll back; the stored file must go with them
            held.file.storage.delete(held.file.name)
        raise
    return lesson


def _hold(lesson: LessonPage, upload) -> LearnerUpload:
    """The learner's file in private storage, under a name of ours (the learner's file name
    never becomes part of an address)."""
    held = LearnerUpload(
        lesson=lesson, kind=upload.kind, original_name=upload.name[:255], size=upload.size
    )
    held.file.save(f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}", upload, save=False)
    try:
        held.save()
    except BaseException:
        held.file.storage.delete(held.file.name)
        raise
    return held


def release_learner_upload(lesson: LessonPage) -> LearnerUpload | None:
    """When `lesson` is published: its learner's file becomes a video or document of the
    centre's collection (named after the lesson, the video pipeline starts) and the private copy
    is deleted. Idempotent; does nothing for lessons without a file waiting."""
    with transaction.atomic():
        held = (
            LearnerUpload.objects.select_for_update()
            .filter(lesson=lesson, released_at__isnull=True)
            .first()
        )
        if held is None or not held.file:
            return None
        centre = centre_for_path(lesson.path, centres_by_root_path())
        name = f"{vietnamese_slug(lesson.title)[:60] or 'bai-giang'}{held.suffix}"
        with held.file.open("rb") as handle:
            content = File(handle, name=name)
            if held.kind == LearnerUpload.Kind.VIDEO:
                held.video = Video.objects.create(
                    title=lesson.title[:255],
                    type="video",
                    file=content,
                    collection=centre.collection,
                )
            else:
                held.document = get_document_model().objects.create(
                    title=lesson.title[:255], file=content, collection=centre.collection
                )
        private_name = held.file.name
        held.released_at = timezone.now()
        held.file = ""
        held.save()
        storage = held.file.storage
        transaction.on_commit(lambda: storage.delete(private_name))
    return held


# A learner's valid file, kept privately between tries of the form (another field had an error),
# so nobody has to pick a large video again on a weak connection. The page carries a signed token
# bound to the browser; files older than HELD_MAX_AGE are deleted when the next one is kept.
HELD_SALT = "lessons.sharing.held-file"
HELD_MAX_AGE = 3600
HELD_FOLDER = "lessons/retry"


class HeldFile(File):
    """A kept file, shaped like the upload it was (name, size, kind)."""

    def __init__(self, handle, name: str, size: int, kind: str):
        super().__init__(handle, name=name)
        self.kind = kind
        self._held_size = size

    @property
    def size(self):
        return self._held_size


def keep_for_retry(upload, browser: str | None) -> str:
    """Store `upload` privately for HELD_MAX_AGE; the token the form carries to use it again."""
    from hub.counters import browser_key
    from hub.uploads import private_storage

    storage = private_storage()
    _purge_held(storage)
    upload.seek(0)
    stored = storage.save(
        f"{HELD_FOLDER}/{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}", upload
    )
    upload.seek(0)
    return signing.dumps(
        {
            "path": stored,
            "name": upload.name[:255],
            "size": upload.size,
            "kind": upload.kind,
            "b": browser_key(browser) if browser else "",
        },
        salt=HELD_SALT,
    )


def held_file(token: str, browser: str | None) -> HeldFile | None:
    """The kept file of `token` if it is this browser's and still there, else None."""
    from hub.counters import browser_key
    from hub.uploads import private_storage

    try:
        held = signing.loads(token, salt=HELD_SALT, max_age=HELD_MAX_AGE)
    except signing.BadSignature:
        return None
    if held.get("b") != (browser_key(browser) if browser else ""):
        return None
    storage = private_storage()
    if not str(held.get("path", "")).startswith(f"{HELD_FOLDER}/") or not storage.exists(
        held["path"]
    ):
        return None
    found = HeldFile(storage.open(held["path"], "rb"), held["name"], held["size"], held["kind"])
    found.held_path = held["path"]
    return found


def forget_held(found: HeldFile | None) -> None:
    """Delete a kept file (it was sent, or the learner removed it)."""
    from hub.uploads import private_storage

    if found is not None:
        found.close()
        private_storage().delete(found.held_path)


def _purge_held(storage) -> None:
    cutoff = timezone.now() - datetime.timedelta(seconds=HELD_MAX_AGE)
    try:
        _folders, names = storage.listdir(HELD_FOLDER)
    except (FileNotFoundError, OSError):
        return
    for name in names:
        path = f"{HELD_FOLDER}/{name}"
        try:
            if storage.get_modified_time(path) < cutoff:
                storage.delete(path)
        except (FileNotFoundError, OSError):
            continue
