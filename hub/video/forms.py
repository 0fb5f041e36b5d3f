"""The admin's video form (WAGTAILMEDIA["MEDIA_FORM_BASE"]): a file that is not a video is refused
at upload, beside the file field, in Vietnamese, and nothing is saved."""

from __future__ import annotations

import tempfile

from django import forms
from wagtailmedia.forms import BaseMediaForm

from .probe import VideoRejected, check_upload


class VideoForm(BaseMediaForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or not hasattr(upload, "chunks"):
            return upload  # no new file (an edit that keeps the old one)
        try:
            if hasattr(upload, "temporary_file_path"):  # large uploads are already on disk
                check_upload(upload.temporary_file_path())
            else:
                with tempfile.NamedTemporaryFile(suffix=".upload") as copy:
                    for chunk in upload.chunks():
                        copy.write(chunk)
                    copy.flush()
                    check_upload(copy.name)
        except VideoRejected as rejected:
            raise forms.ValidationError(
                "%(name)s: %(reason)s", params={"name": upload.name, "reason": rejected.message}
            ) from rejected
        finally:
            upload.seek(0)
        return upload
