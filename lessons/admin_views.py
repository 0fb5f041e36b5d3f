"""Staff screens of the lessons: opening a learner's file that waits for moderation."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from wagtail.admin.auth import permission_denied

from .models import LearnerUpload


def learner_upload(request, upload_id: int):
    """The learner's file, for the staff who may edit its lesson (the centre's editors and the
    hub's staff); everyone else is refused. Sent with its own type, never sniffed, sandboxed."""
    upload = get_object_or_404(LearnerUpload.objects.select_related("lesson"), pk=upload_id)
    if not upload.file or not upload.lesson.permissions_for_user(request.user).can_edit():
        return permission_denied(request)
    content_type = mimetypes.guess_type(upload.original_name)[0] or "application/octet-stream"
    response = FileResponse(
        upload.file.open("rb"),
        as_attachment=upload.kind == LearnerUpload.Kind.DOCUMENT,
        filename=upload.original_name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    patch_cache_control(response, private=True, no_store=True)
    return response
