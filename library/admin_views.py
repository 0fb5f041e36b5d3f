"""Admin: import a catalogue file into a library, with a preview and nothing saved on any error.

One screen, /admin/library/import/ (library_import): the upload form and the user's recent
imports; `?job=<id>` is one import's status page. An upload becomes an ImportJob whose file is
checked by a background task (library.tasks) after the request; the status page refreshes itself
while the task works, then shows the preview and the row errors, the confirm button (the job's
owner only), and finally the result. A job is seen by its owner and by whoever may publish in its
library; anyone else gets a 404, as for a job that does not exist.
"""

from __future__ import annotations

import uuid
from functools import partial
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.auth import permission_denied

from .models import ImportJob, LibraryIndexPage
from .tasks import check_import_task, run_import_task

MAX_BYTES = 10 * 1024 * 1024
RECENT_JOBS = 10
REFRESH_SECONDS = 2


def libraries_for(user):
    """Library indexes where the user may add items (their own centre's, or all for hub staff)."""
    return [
        index
        for index in LibraryIndexPage.objects.all().select_related("locale").order_by("path")
        if index.permissions_for_user(user).can_add_subpage()
    ]


class ImportForm(forms.Form):
    library = forms.TypedChoiceField(label=gettext_lazy("Thư viện"), coerce=int)
    file = forms.FileField(label=gettext_lazy("Tệp danh mục (.csv UTF-8 hoặc .xlsx)"))

    def __init__(self, *args, libraries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].choices = [
            (index.pk, f"{index.get_parent().title} – {index.title}") for index in libraries
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Tệp lớn quá 10 MB; hãy chia thành nhiều tệp nhỏ hơn."))
        if PurePosixPath(upload.name.lower()).suffix not in (".csv", ".xlsx", ".txt"):
            raise forms.ValidationError(_("Chỉ nhận tệp .csv (UTF-8) hoặc .xlsx."))
        return upload


def import_view(request):
    libraries = libraries_for(request.user)
    if not libraries:
        return permission_denied(request)
    if request.method == "POST" and request.POST.get("job"):
        return _act_on_job(request, libraries)
    if request.GET.get("job"):
        return _job_status(request, libraries)
    form = ImportForm(request.POST or None, request.FILES or None, libraries=libraries)
    if request.method == "POST" and form.is_valid():
        index = next(i for i in libraries if i.pk == form.cleaned_data["library"])
        upload = form.cleaned_data["file"]
        ImportJob.objects.expired().delete()  # abandoned uploads go when new ones come
        job = ImportJob.objects.create(
            user=request.user,
            library=index,
            file_name=upload.name,
            data=upload.read(),
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        transaction.on_commit(partial(check_import_task.enqueue, str(job.pk)))
        return redirect(_job_url(job))
    labels = dict(form.fields["library"].choices)
    jobs = list(
        ImportJob.objects.for_user(request.user, libraries).defer("data", "preview", "errors")[
            :RECENT_JOBS
        ]
    )
    for job in jobs:
        job.library_label = labels.get(job.library_id, "")
    return TemplateResponse(request, "library/admin/import.html", {"form": form, "jobs": jobs})


def _job_url(job) -> str:
    return f"{reverse('library_import')}?job={job.pk}"


def _visible_job(request, libraries, job_id) -> ImportJob:
    try:
        job_id = uuid.UUID(str(job_id))
    except ValueError as error:
        raise Http404 from error
    job = (
        ImportJob.objects.for_user(request.user, libraries)
        .defer("data")
        .select_related("library")
        .filter(pk=job_id)
        .first()
    )
    if job is None:
        raise Http404
    return job


def _job_status(request, libraries):
    job = _visible_job(request, libraries, request.GET["job"])
    context = {
        "job": job,
        "index": job.library,
        "is_owner": job.user_id == request.user.pk,
        "refresh_seconds": REFRESH_SECONDS if job.running else None,
        "more_preview": max(0, job.rows_total - len(job.preview)),
        "more_errors": max(0, job.error_count - len(job.errors)),
        "explorer_url": reverse("wagtailadmin_explore", args=[job.library_id]),
    }
    return TemplateResponse(request, "library/admin/import_job.html", context)


def _act_on_job(request, libraries):
    """POST job=<id> action=confirm|cancel, by the job's owner."""
    job = _visible_job(request, libraries, request.POST["job"])
    if job.user_id != request.user.pk:
        return permission_denied(request)
    Status = ImportJob.Status
    if request.POST.get("action") == "cancel":
        cancellable = (Status.QUEUED, Status.CHECKING, Status.READY, Status.FAILED)
        if ImportJob.objects.filter(pk=job.pk, status__in=cancellable).delete()[0]:
            messages.success(
                request, _("Đã huỷ lần nhập “%(file)s”; tệp đã được xoá.") % {"file": job.file_name}
            )
            return redirect("library_import")
        messages.error(request, _("Việc nhập đã bắt đầu nên không huỷ được nữa."))
        return redirect(_job_url(job))
    if ImportJob.objects.filter(pk=job.pk, status=Status.READY).update(
        status=Status.CONFIRMED, rows_done=0
    ):
        transaction.on_commit(partial(run_import_task.enqueue, str(job.pk)))
    else:  # a second click, or a job that failed or was already imported
        messages.error(
            request,
            _("Lần nhập này không còn chờ xác nhận; xem trạng thái của nó bên dưới."),
        )
    return redirect(_job_url(job))
