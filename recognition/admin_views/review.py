"""Reviewers' screens: the queue of declarations in the reviewer's subtree, one declaration with
its evidence (return with a comment per criterion, accept, approve, not passed), the branch's
recognition decisions with their certificates.

A declaration outside the reviewer's subtree is refused (403) and nothing about it is shown.
Lists run a fixed number of queries however many declarations there are.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import decisions, notify, permissions, workflow
from ..models import Cycle, Decision, Declaration, Evidence, Organisation, RecognitionCertificate
from ..views import file_response, site_base, verification_url

Status = Declaration.Status
PER_PAGE = 50

WAITING = {
    "cho": (Status.SUBMITTED, Status.ACCEPTED),
}


def _scoped_cycles(user):
    paths = permissions.scope_paths(user)
    if paths == []:
        raise PermissionDenied
    cycles = Cycle.objects.select_related("organisation").order_by("-year", "title")
    if paths is None:
        return list(cycles)
    # a cycle opened above the reviewer's subtree still has declarations in it
    return [
        c
        for c in cycles
        if any(
            p.startswith(c.organisation.path) or c.organisation.path.startswith(p) for p in paths
        )
    ]


def queue(request):
    cycles = _scoped_cycles(request.user)
    declarations = permissions.declarations_for(request.user).select_related("unit", "cycle")
    chosen_cycle = request.GET.get("dot", "")
    if chosen_cycle.isdigit():
        declarations = declarations.filter(cycle_id=int(chosen_cycle))
    status = request.GET.get("trang_thai", "cho")
    if status == "cho":
        declarations = declarations.filter(status__in=WAITING["cho"])
    elif status in Status.values:
        declarations = declarations.filter(status=status)
    query = " ".join(request.GET.get("q", "").split())[:100]
    if query:
        declarations = declarations.filter(
            Q(name__icontains=query) | Q(unit__name__icontains=query) | Q(unit__code__iexact=query)
        )
    declarations = declarations.annotate(
        evidence_count=Count("answers__evidence"),
        returned_count=Count("answers", filter=Q(answers__returned=True)),
    ).order_by("submitted_at", "pk")
    page = Paginator(declarations, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "recognition/admin/queue.html",
        {
            "page": page,
            "cycles": cycles,
            "chosen_cycle": chosen_cycle,
            "status": status,
            "statuses": [("cho", _("Chờ duyệt / phê duyệt"))]
            + list(Status.choices)
            + [("", _("Tất cả"))],
            "q": query,
        },
    )


def _reviewable(request, pk) -> Declaration:
    declaration = get_object_or_404(
        Declaration.objects.select_related("unit", "cycle__criteria_set", "learner", "decision"),
        pk=pk,
    )
    if not permissions.can_review(request.user, declaration):
        raise PermissionDenied(_("Hồ sơ này thuộc đơn vị ngoài phạm vi bạn được duyệt."))
    return declaration


def detail(request, pk):
    declaration = _reviewable(request, pk)
    if request.method == "POST":
        return _act(request, declaration)
    return _detail_page(request, declaration)


def _detail_page(request, declaration, *, comments=None, general="", error=None, status=200):
    criteria = workflow.criteria_of(declaration.cycle.criteria_set)
    answers = {a.criterion_id: a for a in declaration.answers.prefetch_related("evidence")}
    rows = []
    for criterion in criteria:
        answer = answers.get(criterion.pk)
        rows.append(
            {
                "criterion": criterion,
                "answer": answer,
                "evidence": list(answer.evidence.all()) if answer else [],
                "comment": (comments or {}).get(
                    criterion.pk, answer.review_comment if answer else ""
                ),
            }
        )
    result = workflow.result_of(declaration, criteria)
    can_approve = permissions.can_approve(request.user, declaration)
    return TemplateResponse(
        request,
        "recognition/admin/declaration.html",
        {
            "declaration": declaration,
            "rows": rows,
            "result": result,
            "steps": list(declaration.steps.select_related("actor")),
            "can_review": declaration.status in (Status.SUBMITTED, Status.ACCEPTED),
            "can_accept": declaration.status == Status.SUBMITTED,
            "can_approve": declaration.status == Status.ACCEPTED and can_approve,
            "needs_approver": declaration.status == Status.ACCEPTED and not can_approve,
            "general": general,
            "error": error,
            "certificate": getattr(declaration, "certificate", None),
        },
        status=status,
    )


def _act(request, declaration):
    action = request.POST.get("action", "")
    general = request.POST.get("general", "").strip()
    comments = {}
    for criterion in declaration.cycle.criteria_set.criteria.all():
        text = request.POST.get(f"comment-{criterion.pk}", "").strip()
        if text:
            comments[criterion.pk] = text[:2000]
    try:
        if action == "return":
            workflow.return_for_changes(declaration, request.user, comments, general)
            done = _("Đã trả lại hồ sơ của %(name)s để bổ sung.")
        elif action == "accept":
            workflow.accept(declaration, request.user, general)
            done = _("Đã duyệt hồ sơ của %(name)s.")
        elif action == "approve":
            if not permissions.can_approve(request.user, declaration):
                raise PermissionDenied(_("Bạn không có quyền phê duyệt ở cấp này."))
            workflow.approve(declaration, request.user, general)
            done = _("Đã phê duyệt hồ sơ của %(name)s.")
        elif action == "reject":
            workflow.reject(declaration, request.user, general)
            done = _("Đã ghi nhận hồ sơ của %(name)s không đạt.")
        else:
            raise workflow.WorkflowError(_("Hãy chọn một việc: trả lại, duyệt hoặc không đạt."))
    except workflow.WorkflowError as error:
        declaration.refresh_from_db()
        return _detail_page(
            request, declaration, comments=comments, general=general, error=str(error), status=400
        )
    declaration.refresh_from_db()
    notify.status_changed(declaration, site_base(request, declaration.unit))
    messages.success(request, done % {"name": declaration.name})
    return redirect(reverse("recognition:queue") + f"?dot={declaration.cycle_id}")


def evidence_file(request, pk, evidence_id):
    declaration = _reviewable(request, pk)
    item = get_object_or_404(
        Evidence, pk=evidence_id, answer__declaration=declaration, kind=Evidence.Kind.FILE
    )
    return file_response(item)


def certificate(request, pk):
    declaration = _reviewable(request, pk)
    item = get_object_or_404(RecognitionCertificate, declaration=declaration)
    pdf = decisions.render(item, verification_url(request, item))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="cong-nhan-{item.serial}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# ---- decisions ---------------------------------------------------------------------------------


def _approver_organisations(user):
    paths = permissions.approver_paths(user)
    organisations = Organisation.objects.filter(is_unit=False, active=True).order_by("path")
    if paths is None:
        return organisations
    return organisations.filter(permissions.path_q(paths))


def decision_list(request):
    paths = permissions.scope_paths(request.user)
    if paths == []:
        raise PermissionDenied
    items = (
        Decision.objects.filter(permissions.path_q(paths, "organisation__path"))
        .select_related("organisation", "cycle")
        .annotate(n=Count("declarations"))
    )
    return TemplateResponse(
        request,
        "recognition/admin/decisions.html",
        {"decisions": items, "can_issue": _approver_organisations(request.user).exists()},
    )


class DecisionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Cấp ra quyết định"), queryset=Organisation.objects.none()
    )
    cycle = forms.ModelChoiceField(label=gettext_lazy("Đợt"), queryset=Cycle.objects.none())
    number = forms.CharField(label=gettext_lazy("Số quyết định"), max_length=60)
    signed_on = forms.DateField(
        label=gettext_lazy("Ngày ký"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    signer = forms.CharField(label=gettext_lazy("Người ký"), max_length=160)
    signer_title = forms.CharField(
        label=gettext_lazy("Chức vụ người ký"), max_length=160, required=False
    )

    def __init__(self, *args, organisations, cycles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["cycle"].queryset = cycles

    def clean_signed_on(self):
        value = self.cleaned_data["signed_on"]
        if value > timezone.localdate() + datetime.timedelta(days=1):
            raise forms.ValidationError(_("Ngày ký không thể ở tương lai."))
        return value


def decision_new(request):
    organisations = _approver_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    issuing = request.method == "POST" and "issue" in request.POST
    initial = {"signed_on": timezone.localdate()}
    if request.method == "POST" and not issuing:  # "show the declarations": keep what was typed
        initial.update({k: v for k, v in request.POST.items() if k in DecisionForm.base_fields})
    form = DecisionForm(
        request.POST if issuing else None,
        initial=initial,
        organisations=organisations,
        cycles=Cycle.objects.order_by("-year"),
    )
    candidates = []
    chosen_org = request.POST.get("organisation") or request.GET.get("organisation")
    chosen_cycle = request.POST.get("cycle") or request.GET.get("cycle")
    organisation = (
        organisations.filter(pk=chosen_org).first() if str(chosen_org).isdigit() else None
    )
    cycle = Cycle.objects.filter(pk=chosen_cycle).first() if str(chosen_cycle).isdigit() else None
    if organisation and cycle:
        candidates = list(
            decisions.recognisable(organisation, cycle).order_by("unit__path", "name")
        )
        form.initial.update({"organisation": organisation, "cycle": cycle})
    picked = {int(v) for v in request.POST.getlist("declaration") if v.isdigit()}
    error = None
    if issuing and form.is_valid():
        try:
            decision = decisions.issue(
                organisation=form.cleaned_data["organisation"],
                cycle=form.cleaned_data["cycle"],
                number=form.cleaned_data["number"],
                signed_on=form.cleaned_data["signed_on"],
                signer=form.cleaned_data["signer"],
                signer_title=form.cleaned_data["signer_title"],
                declaration_ids=sorted(picked),
                user=request.user,
            )
        except workflow.WorkflowError as failure:
            error = str(failure)
        else:
            bases = {}
            for recognised in decision.declarations.select_related("unit", "learner", "cycle"):
                if recognised.unit_id not in bases:
                    bases[recognised.unit_id] = site_base(request, recognised.unit)
                notify.status_changed(recognised, bases[recognised.unit_id])
            messages.success(
                request,
                _(
                    "Đã ra Quyết định số %(n)s công nhận %(count)s hồ sơ; giấy công nhận đã sẵn sàng."
                )
                % {"n": decision.number, "count": decision.declarations.count()},
            )
            return redirect("recognition:decision", decision.pk)
    return TemplateResponse(
        request,
        "recognition/admin/decision_new.html",
        {
            "form": form,
            "candidates": candidates,
            "picked": picked if issuing else {d.pk for d in candidates},
            "organisation": organisation,
            "cycle": cycle,
            "error": error,
        },
        status=400 if error or issuing else 200,
    )


def decision_detail(request, pk):
    decision = get_object_or_404(Decision.objects.select_related("organisation", "cycle"), pk=pk)
    paths = permissions.scope_paths(request.user)
    if paths is not None and not any(decision.organisation.path.startswith(p) for p in paths):
        raise PermissionDenied
    listed = decision.declarations.select_related("unit", "certificate").order_by(
        "unit__path", "name"
    )
    return TemplateResponse(
        request,
        "recognition/admin/decision.html",
        {"decision": decision, "declarations": listed},
    )


urlpatterns = [
    path("ho-so/", queue, name="queue"),
    path("ho-so/<int:pk>/", detail, name="declaration"),
    path("ho-so/<int:pk>/minh-chung/<int:evidence_id>/", evidence_file, name="evidence"),
    path("ho-so/<int:pk>/giay-cong-nhan.pdf", certificate, name="certificate"),
    path("quyet-dinh/", decision_list, name="decisions"),
    path("quyet-dinh/moi/", decision_new, name="decision_new"),
    path("quyet-dinh/<int:pk>/", decision_detail, name="decision"),
]

MENU = [
    (gettext_lazy("Hồ sơ cần duyệt"), "queue", "tasks", 10),
    (gettext_lazy("Quyết định công nhận"), "decisions", "doc-full", 20),
]
