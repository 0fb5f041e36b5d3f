"""Admin: import a catalogue file into a library, with a preview and nothing saved on any error."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.auth import permission_denied

from .importer import ImportFileError, existing_keys, import_items, read_table, validate
from .models import LibraryIndexPage

MAX_BYTES = 10 * 1024 * 1024
SALT = "library-import"


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


def _check(index, data: bytes, name: str):
    header, rows = read_table(data, name)
    return validate(header, rows, existing_keys=existing_keys(index))


def import_view(request):
    libraries = libraries_for(request.user)
    if not libraries:
        return permission_denied(request)
    by_pk = {index.pk: index for index in libraries}
    context = {"libraries": libraries}
    if request.method == "POST" and request.POST.get("token"):
        return _confirm(request, by_pk)
    form = ImportForm(request.POST or None, request.FILES or None, libraries=libraries)
    if request.method == "POST" and form.is_valid():
        index = by_pk[form.cleaned_data["library"]]
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            result = _check(index, data, upload.name)
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            context.update(
                result=result,
                index=index,
                preview=result.items[:20],
                errors=result.errors[:200],
                more_errors=max(0, len(result.errors) - 200),
            )
            if result.ok:
                suffix = PurePosixPath(upload.name.lower()).suffix
                stored = default_storage.save(
                    f"imports/{uuid.uuid4().hex}{suffix}", ContentFile(data)
                )
                context["token"] = signing.dumps(
                    {"path": stored, "index": index.pk, "name": upload.name}, salt=SALT
                )
    context["form"] = form
    return TemplateResponse(request, "library/admin/import.html", context)


def _confirm(request, by_pk):
    try:
        payload = signing.loads(request.POST["token"], salt=SALT, max_age=3600)
    except signing.BadSignature:
        messages.error(
            request, _("Phiên xem trước đã hết hạn hoặc không hợp lệ; hãy tải tệp lên lại.")
        )
        return redirect("library_import")
    index = by_pk.get(payload["index"])
    if index is None or not default_storage.exists(payload["path"]):
        messages.error(request, _("Không tìm thấy tệp đã xem trước; hãy tải tệp lên lại."))
        return redirect("library_import")
    with default_storage.open(payload["path"], "rb") as handle:
        data = handle.read()
    try:
        result = _check(index, data, payload["name"])
    except ImportFileError as error:
        messages.error(request, error.message)
        return redirect("library_import")
    if not result.ok:  # the library changed since the preview (e.g. the same file imported twice)
        messages.error(
            request,
            _("Tệp không còn hợp lệ (%(error)s); chưa nhập dòng nào.")
            % {"error": result.errors[0]},
        )
        return redirect("library_import")
    publish = index.permissions_for_user(request.user).can_publish_subpage()
    created = import_items(index, result.items, publish=publish, user=request.user)
    default_storage.delete(payload["path"])
    values = {"count": len(created), "library": index.title}
    if publish:
        message = ngettext(
            "Đã nhập %(count)s tài liệu và xuất bản vào %(library)s.",
            "Đã nhập %(count)s tài liệu và xuất bản vào %(library)s.",
            len(created),
        )
    else:
        message = ngettext(
            "Đã nhập %(count)s tài liệu dưới dạng bản nháp chờ duyệt vào %(library)s.",
            "Đã nhập %(count)s tài liệu dưới dạng bản nháp chờ duyệt vào %(library)s.",
            len(created),
        )
    messages.success(request, message % values)
    return redirect(reverse("wagtailadmin_explore", args=[index.pk]))
