"""Admin screens of criteria sets: the list, one set, XLSX import and export, the blank template,
a new version, deleting a set no cycle uses.

A set is never edited in place: a set in use stays as its cycles used it, and a change is a new
version (a copy here, or a workbook imported with the previous version chosen). Anyone who reviews
somewhere (`scope_paths(user) != []`) may look; `can_manage(user)` may import, copy and delete.
"""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, ProtectedError, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.text import vietnamese_slug

from .. import criteria, criteria_io
from ..models import CriteriaSet, Cycle, LearningModel
from ..permissions import can_manage, scope_paths

TEMPLATES = "recognition/admin/criteria/"


def _forbidden(request) -> TemplateResponse:
    """403 in the admin's frame (Wagtail turns PermissionDenied into a redirect to the
    dashboard, which would hide the refusal from the user and from tests)."""
    return TemplateResponse(request, TEMPLATES + "forbidden.html", status=403)


def _for_viewers(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if scope_paths(request.user) == []:
            return _forbidden(request)
        return view(request, *args, **kwargs)

    return wrapped


def _for_managers(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_manage(request.user):
            return _forbidden(request)
        return view(request, *args, **kwargs)

    return wrapped


def _sets():
    return CriteriaSet.objects.annotate(
        criteria_count=Count("criteria"),
        points_total=Sum("criteria__points"),
        used=Exists(Cycle.objects.filter(criteria_set=OuterRef("pk"))),
    )


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=criteria_io.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@_for_viewers
def index(request):
    sets = list(_sets().select_related("previous"))
    by_model = [
        (label, [s for s in sets if s.model == value]) for value, label in LearningModel.choices
    ]
    return TemplateResponse(
        request,
        TEMPLATES + "index.html",
        {
            "by_model": [(label, rows) for label, rows in by_model if rows],
            "can_manage": can_manage(request.user),
            "samples": [
                (data["model"], LearningModel(data["model"]).label) for data in criteria.SAMPLES
            ],
        },
    )


@_for_viewers
def detail(request, pk):
    criteria_set = get_object_or_404(_sets().select_related("previous"), pk=pk)
    return TemplateResponse(
        request,
        TEMPLATES + "detail.html",
        {
            "criteria_set": criteria_set,
            "groups": criteria_set.groups.prefetch_related("criteria"),
            "grades": criteria_set.grades.all(),
            "cycles": criteria_set.cycles.select_related("organisation"),
            "newer": CriteriaSet.objects.filter(previous=criteria_set),
            "can_manage": can_manage(request.user),
        },
    )


@_for_viewers
def export(request, pk):
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    content = criteria_io.export_workbook(criteria.as_data(criteria_set))
    name = vietnamese_slug(f"bo-tieu-chi-{criteria_set.model}-{criteria_set.version}")
    return _xlsx_response(content, f"{name}.xlsx")


@_for_viewers
def template(request):
    """The blank workbook the association fills in: a sample set, labelled as a sample."""
    model = request.GET.get("mo-hinh") or LearningModel.CITIZEN
    data = next((d for d in criteria.SAMPLES if d["model"] == model), None)
    if data is None:
        data = criteria.SAMPLES[0]
    content = criteria_io.export_workbook(data)
    return _xlsx_response(content, f"mau-bo-tieu-chi-{vietnamese_slug(data['model'])}.xlsx")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp bộ tiêu chí (.xlsx)"),
        help_text=gettext_lazy("Theo tệp mẫu; tối đa 2 MB."),
    )
    previous = forms.ModelChoiceField(
        label=gettext_lazy("Phiên bản mới của"),
        queryset=CriteriaSet.objects.all(),
        required=False,
        empty_label=gettext_lazy("(bộ tiêu chí mới, không thay bộ nào)"),
        help_text=gettext_lazy(
            "Chọn nếu tệp là phiên bản mới của một bộ đã có: bộ cũ giữ nguyên cho các đợt đã dùng."
        ),
    )


@_for_managers
def import_view(request):
    initial = {"previous": request.GET.get("truoc")} if request.GET.get("truoc") else None
    bound = request.method == "POST"
    form = ImportForm(
        request.POST if bound else None, request.FILES if bound else None, initial=initial
    )
    problems: list[criteria_io.Problem] = []
    if bound:
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > criteria_io.MAX_BYTES:
                    raise criteria_io.CriteriaFileError([criteria_io.too_large_problem()])
                criteria_set = criteria_io.import_workbook(
                    upload.read(), previous=form.cleaned_data["previous"]
                )
            except criteria_io.CriteriaFileError as error:
                problems = error.problems
            else:
                messages.success(
                    request,
                    _("Đã nhập bộ tiêu chí “%(title)s”, phiên bản %(version)s: %(count)s tiêu chí.")
                    % {
                        "title": criteria_set.title,
                        "version": criteria_set.version,
                        "count": criteria_set.criteria.count(),
                    },
                )
                return redirect("recognition:criteria_detail", criteria_set.pk)
        messages.error(request, _("Chưa nhập được: không có gì được lưu. Hãy sửa tệp rồi tải lại."))
    response = TemplateResponse(
        request,
        TEMPLATES + "import.html",
        {"form": form, "problems": problems},
    )
    if bound:
        response.status_code = 400
    return response


class NewVersionForm(forms.Form):
    version = forms.CharField(
        label=gettext_lazy("Phiên bản mới"),
        max_length=criteria_io.LENGTHS["version"],
        help_text=gettext_lazy("Ví dụ: 2026. Mỗi mô hình không có hai bộ cùng phiên bản."),
    )
    valid_from = forms.DateField(
        label=gettext_lazy("Hiệu lực từ"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=gettext_lazy("Ngày/tháng/năm; để trống thì giữ ngày của phiên bản hiện tại."),
    )

    def __init__(self, *args, criteria_set: CriteriaSet, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria_set = criteria_set

    def clean_version(self):
        version = self.cleaned_data["version"].strip()
        taken = criteria_io.versions_of(self.criteria_set.model)
        if version in taken:
            raise forms.ValidationError(
                _(
                    "Mô hình này đã có phiên bản “%(version)s”. Hãy ghi phiên bản khác, ví dụ "
                    "“%(suggestion)s”."
                )
                % {"version": version, "suggestion": criteria_io.suggest_version(version, taken)}
            )
        return version


@_for_managers
def new_version(request, pk):
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    form = NewVersionForm(
        request.POST if request.method == "POST" else None, criteria_set=criteria_set
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                with transaction.atomic():
                    copy = criteria.new_version(
                        criteria_set,
                        form.cleaned_data["version"],
                        valid_from=form.cleaned_data["valid_from"],
                    )
            except IntegrityError:  # the same version made meanwhile
                form.add_error(
                    "version",
                    _("Mô hình này đã có phiên bản “%(version)s”. Hãy ghi phiên bản khác.")
                    % {"version": form.cleaned_data["version"]},
                )
            else:
                messages.success(
                    request,
                    _("Đã tạo phiên bản %(version)s từ phiên bản %(previous)s.")
                    % {"version": copy.version, "previous": criteria_set.version},
                )
                return redirect("recognition:criteria_detail", copy.pk)
        messages.error(request, _("Chưa tạo phiên bản mới: hãy sửa lỗi bên dưới."))
    response = TemplateResponse(
        request, TEMPLATES + "new_version.html", {"criteria_set": criteria_set, "form": form}
    )
    if request.method == "POST":
        response.status_code = 400
    return response


@_for_managers
def delete(request, pk):
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    detail_url = reverse("recognition:criteria_detail", args=[pk])
    refusal = _("Bộ tiêu chí đã được đợt đánh giá dùng nên không xoá được; nó được giữ nguyên.")
    if criteria_set.in_use:
        messages.error(request, refusal)
        return redirect(detail_url)
    if request.method == "POST":
        title, version = criteria_set.title, criteria_set.version
        try:
            criteria_set.delete()
        except ProtectedError:  # a cycle chose it meanwhile
            messages.error(request, refusal)
            return redirect(detail_url)
        messages.success(
            request,
            _("Đã xoá bộ tiêu chí “%(title)s”, phiên bản %(version)s.")
            % {"title": title, "version": version},
        )
        return redirect("recognition:criteria_index")
    return TemplateResponse(
        request,
        TEMPLATES + "delete.html",
        {"criteria_set": criteria_set, "criteria_count": criteria_set.criteria.count()},
    )


urlpatterns = [
    path("bo-tieu-chi/", index, name="criteria_index"),
    path("bo-tieu-chi/nhap/", import_view, name="criteria_import"),
    path("bo-tieu-chi/tep-mau/", template, name="criteria_template"),
    path("bo-tieu-chi/<int:pk>/", detail, name="criteria_detail"),
    path("bo-tieu-chi/<int:pk>/tai-xlsx/", export, name="criteria_export"),
    path("bo-tieu-chi/<int:pk>/phien-ban-moi/", new_version, name="criteria_new_version"),
    path("bo-tieu-chi/<int:pk>/xoa/", delete, name="criteria_delete"),
]

MENU = [(gettext_lazy("Bộ tiêu chí"), "criteria_index", "list-ul", 40)]
