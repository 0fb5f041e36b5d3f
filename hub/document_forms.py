"""The admin's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE): a file whose content is not the
kind its name claims (a renamed program, a web page called .docx) is refused at upload, in the
single and the multiple upload alike (hub.uploads.document_problem)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.forms import BaseDocumentForm

from .uploads import document_problem


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            suffix = Path(upload.name).suffix.lower()
            with tempfile.NamedTemporaryFile(suffix=suffix) as local:
                for chunk in upload.chunks():
                    local.write(chunk)
                local.flush()
                problem = document_problem(local.name, suffix)
            upload.seek(0)
            if problem:
                raise forms.ValidationError(problem)
        return upload
