"""Cycles: the organiser opens a year's round of a learning model for their subtree, with a
criteria set and dates; the list shows how far each has got."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import permissions
from ..models import CriteriaSet, Cycle, Declaration, Organisation

Status = Declaration.Status
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _date_field(label):
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Hãy nhập ngày dạng ngày/tháng/năm, ví dụ 01/03/2026.")},
    )


class CycleForm(forms.ModelForm):
    opens_on = _date_field(gettext_lazy("Mở tự đánh giá từ"))
    closes_on = _date_field(gettext_lazy("Hạn nộp"))

    class Meta:
        model = Cycle
        fields = ["title", "year", "organisation", "criteria_set", "opens_on", "closes_on"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["criteria_set"].queryset = CriteriaSet.objects.order_by("model", "-valid_from")
        if self.instance.pk and self.instance.declarations.exists():
            # answers point at the set's criteria: the set and scope stay once people declared
            for name in ("organisation", "criteria_set"):
                self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("Hạn nộp phải sau ngày mở."))
        criteria_set, year = cleaned.get("criteria_set"), cleaned.get("year")
        if criteria_set and opens:
            if opens < criteria_set.valid_from or (
                criteria_set.valid_to and opens > criteria_set.valid_to
            ):
                self.add_error(
                    "criteria_set",
                    _("Bộ tiêu chí này không có hiệu lực vào ngày mở đợt."),
                )
        if year and opens and abs(opens.year - year) > 1:
            self.add_error("year", _("Năm của đợt không khớp với ngày mở."))
        return cleaned

    def save(self, commit=True):
        self.instance.model = self.cleaned_data["criteria_set"].model
        return super().save(commit)


def _organisations(user):
    return (
        Organisation.objects.filter(is_unit=False, active=True)
        .filter(permissions.path_q(permissions.scope_paths(user)))
        .order_by("path")
    )


def index(request):
    paths = permissions.scope_paths(request.user)
    if paths == []:
        raise PermissionDenied
    cycles = (
        Cycle.objects.select_related("organisation", "criteria_set")
        .annotate(
            total=Count("declarations"),
            waiting=Count(
                "declarations",
                filter=Q(declarations__status__in=[Status.SUBMITTED, Status.ACCEPTED]),
            ),
            recognised=Count("declarations", filter=Q(declarations__status=Status.RECOGNISED)),
        )
        .order_by("-year", "title")
    )
    return TemplateResponse(
        request,
        "recognition/admin/cycles.html",
        {"cycles": cycles, "can_manage": permissions.can_manage(request.user)},
    )


def edit(request, pk=None):
    if not permissions.can_manage(request.user):
        raise PermissionDenied
    cycle = get_object_or_404(Cycle, pk=pk) if pk else None
    form = CycleForm(
        request.POST or None, instance=cycle, organisations=_organisations(request.user)
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Đã lưu đợt “%(title)s”.") % {"title": saved.title})
        return redirect("recognition:cycles")
    return TemplateResponse(
        request,
        "recognition/admin/cycle_form.html",
        {"form": form, "cycle": cycle},
        status=400 if request.method == "POST" else 200,
    )


urlpatterns = [
    path("dot/", index, name="cycles"),
    path("dot/moi/", edit, name="cycle_add"),
    path("dot/<int:pk>/", edit, name="cycle_edit"),
]

MENU = [(gettext_lazy("Đợt đánh giá"), "cycles", "date", 35)]
