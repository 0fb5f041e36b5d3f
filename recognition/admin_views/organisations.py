"""The association's tree in the admin: browse one level at a time (a national tree has tens of
thousands of nodes), search by name or code, add, edit, move, merge (after a dry run), and print
a unit's QR sheet (A4 or A5 PDF).

Staff work inside their subtree; creating, moving and merging need `permissions.can_manage`.
"""

from __future__ import annotations

import base64

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.centre_widgets import is_long_list
from hub.certificate_pdf import html_pdf
from hub.choosers import CentreChooserWidget
from hub.models import Centre
from hub.qr import qr_svg

from .. import permissions, tree
from ..models import Organisation
from ..views import ancestors_of, unit_url
from ..workflow import WorkflowError

SEARCH_LIMIT = 50


def _in_scope(user, node: Organisation) -> bool:
    paths = permissions.scope_paths(user)
    return paths is None or any(node.path.startswith(p) for p in paths)


def _node_or_403(request, pk) -> Organisation:
    node = get_object_or_404(Organisation, pk=pk)
    if not _in_scope(request.user, node):
        raise PermissionDenied(_("Tổ chức này nằm ngoài phạm vi của bạn."))
    return node


def _require_manage(user):
    if not permissions.can_manage(user):
        raise PermissionDenied(_("Bạn không có quyền thay đổi cây tổ chức."))


def index(request):
    paths = permissions.scope_paths(request.user)
    if paths == []:
        raise PermissionDenied
    node = None
    if str(request.GET.get("node", "")).isdigit():
        node = _node_or_403(request, int(request.GET["node"]))
    query = " ".join(request.GET.get("q", "").split())[:100]
    if query:
        rows = Organisation.objects.filter(permissions.path_q(paths)).filter(
            Q(name__icontains=query) | Q(code__iexact=query)
        )
    elif node is not None:
        rows = node.get_children()
    elif paths is None:
        rows = Organisation.get_root_nodes()
    else:
        rows = Organisation.objects.filter(path__in=paths)
    rows = list(
        rows.select_related("centre")
        .annotate(declaration_count=Count("declarations"))
        .order_by("path")[: SEARCH_LIMIT if query else None]
    )
    return TemplateResponse(
        request,
        "recognition/admin/organisations.html",
        {
            "node": node,
            "ancestors": ancestors_of(node) if node else [],
            "rows": rows,
            "q": query,
            "can_manage": permissions.can_manage(request.user),
        },
    )


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "code", "is_unit", "centre", "active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = Centre.objects.order_by("name")
        self.fields["centre"].required = False
        if user is not None and Centre.objects.confining(user) is None and is_long_list():
            # hub staff of a large network choose the centre by searching (hub/choosers.py);
            # the chooser shows the staff member's own centres only, so others keep the list
            self.fields["centre"].widget = CentreChooserWidget()

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).upper()
        clash = Organisation.objects.filter(code=code).exclude(pk=self.instance.pk).first()
        if clash:
            raise forms.ValidationError(
                _("Mã “%(code)s” đã dùng cho “%(name)s”; hãy chọn mã khác.")
                % {"code": code, "name": clash}
            )
        return code

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_unit") and self.instance.pk and self.instance.get_children_count():
            self.add_error(
                "is_unit",
                _("Tổ chức có tổ chức con không thể là đơn vị đăng ký."),
            )
        return cleaned


def add(request, parent_pk=None):
    _require_manage(request.user)
    parent = _node_or_403(request, parent_pk) if parent_pk else None
    if parent is None and not permissions.is_network_staff(request.user):
        raise PermissionDenied
    if parent is not None and parent.is_unit:
        messages.error(request, _("Đơn vị đăng ký không chứa tổ chức con."))
        return redirect(reverse("recognition:organisations") + f"?node={parent.pk}")
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {f: form.cleaned_data[f] for f in form.Meta.fields}
        if parent is None:
            node = Organisation.add_root(**fields)
        else:
            node = Organisation.objects.get(pk=parent.pk).add_child(**fields)
        messages.success(request, _("Đã thêm “%(name)s”.") % {"name": node})
        back = f"?node={parent.pk}" if parent else ""
        return redirect(reverse("recognition:organisations") + back)
    return TemplateResponse(
        request,
        "recognition/admin/organisation_form.html",
        {"form": form, "parent": parent, "node": None},
        status=400 if request.method == "POST" else 200,
    )


def edit(request, pk):
    node = _node_or_403(request, pk)
    _require_manage(request.user)
    form = OrganisationForm(request.POST or None, instance=node, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu “%(name)s”.") % {"name": node})
        parent = node.get_parent()
        return redirect(
            reverse("recognition:organisations") + (f"?node={parent.pk}" if parent else "")
        )
    return TemplateResponse(
        request,
        "recognition/admin/organisation_form.html",
        {"form": form, "node": node, "parent": node.get_parent()},
        status=400 if request.method == "POST" else 200,
    )


def _target(request, field="target"):
    code = "".join(request.POST.get(field, request.GET.get(field, "")).split()).upper()
    if not code:
        return None, ""
    target = Organisation.objects.filter(code=code).first()
    if target is None:
        return None, _("Không có tổ chức nào mang mã “%(code)s”.") % {"code": code}
    if not _in_scope(request.user, target):
        return None, _("“%(name)s” nằm ngoài phạm vi của bạn.") % {"name": target}
    return target, ""


def move_view(request, pk):
    node = _node_or_403(request, pk)
    _require_manage(request.user)
    error = ""
    if request.method == "POST":
        target, error = _target(request)
        to_root = request.POST.get("target", "").strip() == "" and permissions.is_network_staff(
            request.user
        )
        if not error and (target or to_root):
            try:
                moved = tree.move(node, target)
            except WorkflowError as failure:
                error = str(failure)
            else:
                messages.success(
                    request,
                    _("Đã chuyển “%(name)s” vào “%(parent)s”.")
                    % {"name": moved, "parent": target or _("gốc cây")},
                )
                return redirect(
                    reverse("recognition:organisations") + (f"?node={target.pk}" if target else "")
                )
        elif not error:
            error = _("Hãy nhập mã của tổ chức sẽ chứa “%(name)s”.") % {"name": node}
    return TemplateResponse(
        request,
        "recognition/admin/organisation_move.html",
        {"node": node, "error": error, "target": request.POST.get("target", "")},
        status=400 if error else 200,
    )


def merge_view(request, pk):
    node = _node_or_403(request, pk)
    _require_manage(request.user)
    target, error = _target(request)
    plan = tree.merge_plan(node, target) if target else None
    if request.method == "POST" and "confirm" in request.POST and plan is not None:
        try:
            done = tree.merge(node, target)
        except WorkflowError as failure:
            error = str(failure)
        else:
            messages.success(
                request,
                _(
                    "Đã nhập “%(source)s” vào “%(target)s”: %(children)s tổ chức con, "
                    "%(declarations)s hồ sơ, %(cycles)s đợt, %(decisions)s quyết định."
                )
                % {
                    "source": done.source,
                    "target": done.target,
                    "children": done.children,
                    "declarations": done.declarations,
                    "cycles": done.cycles,
                    "decisions": done.decisions,
                },
            )
            return redirect(reverse("recognition:organisations") + f"?node={target.pk}")
    return TemplateResponse(
        request,
        "recognition/admin/organisation_merge.html",
        {
            "node": node,
            "plan": plan,
            "error": error,
            "target": request.POST.get("target", request.GET.get("target", "")),
        },
        status=400 if error else 200,
    )


def qr_sheet(request, pk):
    node = _node_or_403(request, pk)
    if not node.is_unit:
        raise PermissionDenied(_("Chỉ đơn vị đăng ký mới có mã QR."))
    size = "A5" if request.GET.get("kho") == "a5" else "A4"
    url = unit_url(request, node)
    qr = base64.b64encode(qr_svg(url)).decode("ascii")
    pdf = html_pdf(
        "recognition/qr_sheet.html",
        {
            "unit": node,
            "ancestors": ancestors_of(node),
            "url": url,
            "size": size,
            "qr_data_uri": f"data:image/svg+xml;base64,{qr}",
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="ma-qr-{node.code.lower()}-{size.lower()}.pdf"'
    )
    return response


urlpatterns = [
    path("to-chuc/", index, name="organisations"),
    path("to-chuc/them/", add, name="organisation_add_root"),
    path("to-chuc/<int:parent_pk>/them/", add, name="organisation_add"),
    path("to-chuc/<int:pk>/sua/", edit, name="organisation_edit"),
    path("to-chuc/<int:pk>/chuyen/", move_view, name="organisation_move"),
    path("to-chuc/<int:pk>/nhap/", merge_view, name="organisation_merge"),
    path("to-chuc/<int:pk>/ma-qr.pdf", qr_sheet, name="organisation_qr"),
]

MENU = [(gettext_lazy("Tổ chức và đơn vị"), "organisations", "site", 30)]
