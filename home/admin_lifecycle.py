"""The admin screens of a centre's lifecycle (hub staff): rename, retire/reopen, merge, move the
hub. Each is one form that first shows what will change (a dry run of home/lifecycle.py) and
then asks to confirm; a refused change keeps what was typed and says why in Vietnamese."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.centre_widgets import is_long_list
from hub.models import Centre, NetworkSettings

from . import lifecycle


def _hub_staff(request) -> None:
    user = request.user
    if Centre.objects.confining(user) is not None or not user.has_perm("hub.change_centre"):
        raise PermissionDenied


class RenameForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Tên phường/xã"),
        max_length=120,
        help_text=gettext_lazy("Ví dụ: Phường Lam Hạ. Tên trang, thư mục, nhóm quyền đổi theo."),
    )
    hostname = forms.CharField(
        label=gettext_lazy("Tên miền"),
        max_length=255,
        help_text=gettext_lazy("Tên miền cũ sẽ tự chuyển hướng sang tên miền mới."),
    )


class MergeForm(forms.Form):
    sources = forms.CharField(
        label=gettext_lazy("Các trung tâm được sáp nhập vào trung tâm này"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Mỗi dòng một tên phường/xã hoặc tên miền, ví dụ “Xã Phù Vân”."),
    )

    def __init__(self, *args, target: Centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target

    def clean_sources(self):
        found, unknown = [], []
        for line in self.cleaned_data["sources"].splitlines():
            text = line.strip()
            if not text:
                continue
            centre = (
                Centre.objects.with_site()
                .filter(status=Centre.Status.ACTIVE)
                .filter(models_q(text))
                .first()
            )
            if centre is None:
                unknown.append(text)
            elif centre.pk != self.target.pk and centre not in found:
                found.append(centre)
        if unknown:
            raise forms.ValidationError(
                _("Không tìm thấy trung tâm đang hoạt động: %(names)s.")
                % {"names": ", ".join(unknown)}
            )
        if not found:
            raise forms.ValidationError(_("Hãy nhập ít nhất một trung tâm khác trung tâm này."))
        return found


def models_q(text: str):
    from django.db.models import Q

    return Q(name__iexact=text) | Q(site__hostname__iexact=text.lower())


class MoveHubForm(forms.Form):
    hub_name = forms.CharField(label=gettext_lazy("Tên trang liên thông"), max_length=100)
    committee_name = forms.CharField(label=gettext_lazy("Tên ban chỉ đạo"), max_length=255)
    hostname = forms.CharField(label=gettext_lazy("Tên miền trang liên thông"), max_length=255)
    old_domain = forms.CharField(
        label=gettext_lazy("Đuôi tên miền cũ của các trung tâm"),
        required=False,
        help_text=gettext_lazy("Ví dụ: phuly.edu.vn. Để trống nếu tên miền trung tâm không đổi."),
    )
    new_domain = forms.CharField(
        label=gettext_lazy("Đuôi tên miền mới của các trung tâm"),
        required=False,
        help_text=gettext_lazy("Ví dụ: ninhbinh.edu.vn"),
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("old_domain")) != bool(data.get("new_domain")):
            raise forms.ValidationError(
                _("Hãy nhập cả đuôi tên miền cũ và mới, hoặc để trống cả hai.")
            )
        return data


def _step(request, form, run, context: dict, done_url: str):
    """Preview (dry run) or carry out the change; errors go back to the form with the input."""
    outcome = None
    if request.method == "POST" and form.is_valid():
        confirm = request.POST.get("xac-nhan") == "1"
        try:
            outcome = run(form.cleaned_data, dry_run=not confirm)
        except lifecycle.LifecycleError as error:
            field = error.field_name if error.field_name in form.fields else None
            form.add_error(field, error.message)
        else:
            if confirm:
                if outcome.changed:
                    messages.success(request, " ".join(outcome.lines))
                else:
                    messages.info(request, _("Không có gì thay đổi."))
                return redirect(done_url)
    return TemplateResponse(
        request,
        "home/admin/lifecycle.html",
        {**context, "form": form, "outcome": outcome},
    )


def rename(request, pk: int):
    _hub_staff(request)
    centre = get_object_or_404(Centre.objects.with_site(), pk=pk)
    initial = {"name": centre.name, "hostname": centre.site.hostname}
    form = RenameForm(request.POST if request.method == "POST" else None, initial=initial)
    return _step(
        request,
        form,
        lambda data, dry_run: lifecycle.rename_centre(
            centre, name=data["name"], hostname=data["hostname"], user=request.user, dry_run=dry_run
        ),
        {"title": _("Đổi tên %(title)s") % {"title": centre.title}, "centre": centre},
        reverse("centres:edit", args=[centre.pk]),
    )


def retire(request, pk: int):
    _hub_staff(request)
    centre = get_object_or_404(Centre.objects.with_site(), pk=pk)
    reopening = centre.status == Centre.Status.ARCHIVED
    change = lifecycle.reopen_centre if reopening else lifecycle.retire_centre
    title = _("Cho %(title)s hoạt động trở lại") if reopening else _("Ngừng hoạt động %(title)s")
    return _step(
        request,
        forms.Form(request.POST if request.method == "POST" else None),
        lambda data, dry_run: change(centre, user=request.user, dry_run=dry_run),
        {"title": title % {"title": centre.title}, "centre": centre, "no_fields": True},
        reverse("centres:edit", args=[centre.pk]),
    )


def merge(request, pk: int):
    _hub_staff(request)
    target = get_object_or_404(Centre.objects.with_site(), pk=pk)
    form = MergeForm(request.POST if request.method == "POST" else None, target=target)
    return _step(
        request,
        form,
        lambda data, dry_run: lifecycle.merge_centres(
            data["sources"], target, user=request.user, dry_run=dry_run
        ),
        {
            "title": _("Sáp nhập vào %(title)s") % {"title": target.title},
            "centre": target,
            # every active centre's name in a small network; a large one (3,300 names) points
            # to the centres' listing, searchable without diacritics (hub/choosers.py)
            "centre_names": None
            if is_long_list(request)
            else Centre.objects.filter(status=Centre.Status.ACTIVE)
            .exclude(pk=target.pk)
            .values_list("name", flat=True),
            "centres_url": reverse("centres:index"),
        },
        reverse("centres:edit", args=[target.pk]),
    )


def move_hub(request):
    _hub_staff(request)
    from wagtail.models import Site

    settings_row = NetworkSettings.load()
    hub = Site.objects.get(is_default_site=True)
    initial = {
        "hub_name": settings_row.hub_name,
        "committee_name": settings_row.committee_name,
        "hostname": hub.hostname,
    }
    form = MoveHubForm(request.POST if request.method == "POST" else None, initial=initial)

    def run(data, dry_run):
        domains = None
        if data.get("old_domain"):
            domains = (data["old_domain"], data["new_domain"])
        return lifecycle.move_hub(
            hub_name=data["hub_name"],
            committee_name=data["committee_name"],
            hostname=data["hostname"],
            centre_domain=domains,
            user=request.user,
            dry_run=dry_run,
        )

    return _step(
        request,
        form,
        run,
        {"title": _("Chuyển trang liên thông")},
        reverse("centres:index"),
    )


urlpatterns = [
    path("trung-tam/<int:pk>/doi-ten/", rename, name="centre_rename"),
    path("trung-tam/<int:pk>/ngung-hoat-dong/", retire, name="centre_retire"),
    path("trung-tam/<int:pk>/sap-nhap/", merge, name="centre_merge"),
    path("mang-luoi/chuyen/", move_hub, name="network_move"),
]
