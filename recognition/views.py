"""The citizen's side, under /cong-dan-hoc-tap/ on every site of the network: a unit's page (what
its QR code opens), the self-assessment on the phone with evidence, checking before submitting,
the certificate and its public check.

A learner reaches only their own declarations (another's id is a 404). Refusals keep what was
typed and say in Vietnamese what to do.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hub.federation import network
from hub.qr import qr_svg
from learners.models import Learner
from learners.views import certificate_check, learner_required

from . import decisions, workflow
from . import evidence as evidence_registry
from .models import (
    GROUP_MODELS,
    Cycle,
    Declaration,
    Evidence,
    Organisation,
    RecognitionCertificate,
)
from .scoring import grade_label

Status = Declaration.Status


def site_base(request, unit: Organisation) -> str:
    """The unit's centre's site (the nearest branch linked to a centre), else the hub."""
    centre = centre_of(unit)
    return centre.url if centre else network(request).hub_url


def unit_url(request, unit: Organisation) -> str:
    """The unit's page on its own centre's site: the address its QR code holds."""
    return site_base(request, unit).rstrip("/") + reverse("citizen:unit", args=[unit.code])


def centre_of(unit: Organisation):
    ancestors = [unit.path[:i] for i in range(unit.steplen, len(unit.path) + 1, unit.steplen)]
    branch = (
        Organisation.objects.filter(path__in=ancestors, centre__isnull=False)
        .select_related("centre__site")
        .order_by("-depth")
        .first()
    )
    return branch.centre if branch else None


def ancestors_of(unit: Organisation) -> list[Organisation]:
    paths = [unit.path[:i] for i in range(unit.steplen, len(unit.path), unit.steplen)]
    return list(Organisation.objects.filter(path__in=paths).order_by("depth"))


class CodeForm(forms.Form):
    ma = forms.CharField(
        label=gettext_lazy("Mã đơn vị"),
        max_length=24,
        help_text=gettext_lazy("In dưới mã QR ở bảng tin tổ dân phố, cơ quan, trường học."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )

    def clean_ma(self):
        code = "".join(self.cleaned_data["ma"].split()).upper()
        unit = Organisation.objects.filter(code=code, active=True).first()
        if unit is None:
            raise forms.ValidationError(
                _("Không có đơn vị nào mang mã “%(code)s”. Hãy xem lại mã in dưới mã QR.")
                % {"code": code}
            )
        return unit


@never_cache
def index(request):
    form = CodeForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("citizen:unit", form.cleaned_data["ma"].code)
    learner = Learner.objects.of(request.user)
    declarations = []
    if learner:
        declarations = list(
            Declaration.objects.filter(learner=learner)
            .select_related("cycle", "unit", "certificate")
            .order_by("-cycle__year", "-updated_at")
        )
    return render(
        request,
        "recognition/index.html",
        {"form": form, "learner": learner, "declarations": declarations},
        status=400 if request.GET and not form.is_valid() else 200,
    )


@never_cache
def unit(request, code):
    unit = get_object_or_404(Organisation, code=code.upper())
    if not unit.active and unit.merged_into_id:  # an old QR code after two units merged
        return redirect("citizen:unit", unit.merged_into.code, permanent=True)
    if not unit.active:
        raise Http404
    if code != unit.code:  # a code typed in lower case: one address per unit
        return redirect("citizen:unit", unit.code, permanent=True)
    cycles = list(workflow.open_cycles_for(unit)) if unit.is_unit else []
    learner = Learner.objects.of(request.user)
    mine = {}
    if learner and cycles:
        mine = {
            d.cycle_id: d
            for d in Declaration.objects.filter(learner=learner, cycle__in=cycles).select_related(
                "unit"
            )
        }
    signup = ""
    if not request.user.is_authenticated:
        centre = centre_of(unit)
        query = {"next": request.path}
        if centre:
            query["trung-tam"] = centre.pk
        signup = reverse("account_signup") + "?" + urlencode(query)
    return render(
        request,
        "recognition/unit.html",
        {
            "unit": unit,
            "ancestors": ancestors_of(unit),
            "rows": [(cycle, mine.get(cycle.pk)) for cycle in cycles],
            "learner": learner,
            "signup_url": signup,
            "login_url": reverse("account_login") + "?" + urlencode({"next": request.path}),
            "is_staff": request.user.is_authenticated and learner is None,
        },
    )


@require_POST
@learner_required
def start(request, code):
    unit = get_object_or_404(Organisation, code=code.upper(), active=True)
    cycle = get_object_or_404(Cycle, pk=request.POST.get("cycle") or 0)
    try:
        declaration, created = workflow.start(request.learner, cycle, unit)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return redirect("citizen:unit", unit.code)
    if not created and declaration.unit_id != unit.pk:
        messages.info(
            request,
            _(
                "Bạn đã có hồ sơ đợt này ở “%(unit)s”. Mỗi người chỉ khai một hồ sơ mỗi đợt; "
                "muốn khai ở đơn vị này, hãy dùng nút “Chuyển hồ sơ về đây”."
            )
            % {"unit": declaration.unit},
        )
        return redirect("citizen:unit", unit.code)
    return redirect("citizen:declaration", declaration.pk)


@require_POST
@learner_required
def transfer(request, code):
    unit = get_object_or_404(Organisation, code=code.upper(), active=True)
    declaration = _own(request, request.POST.get("declaration"))
    try:
        workflow.transfer(declaration, unit, request.user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return redirect("citizen:unit", unit.code)
    messages.success(
        request,
        _("Đã chuyển hồ sơ về “%(unit)s”; mọi câu trả lời và minh chứng được giữ.")
        % {"unit": unit},
    )
    return redirect("citizen:declaration", declaration.pk)


def _own(request, pk) -> Declaration:
    if not str(pk or "").isdigit():
        raise Http404
    return get_object_or_404(
        Declaration.objects.select_related("cycle__criteria_set", "unit"),
        pk=pk,
        learner=request.learner,
    )


class DetailsForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Họ và tên"),
        max_length=200,
        error_messages={"required": gettext_lazy("Hãy nhập tên.")},
    )
    members = forms.CharField(
        label=gettext_lazy("Thành viên (mỗi dòng một người)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    sex = forms.ChoiceField(
        label=gettext_lazy("Giới tính (không bắt buộc)"),
        required=False,
        choices=[("", gettext_lazy("— Không nêu —"))] + list(Declaration.Sex.choices),
    )

    def __init__(self, *args, group=False, **kwargs):
        super().__init__(*args, **kwargs)
        if group:
            self.fields["name"].label = _("Tên gia đình / dòng họ / đơn vị")
            del self.fields["sex"]
        else:
            del self.fields["members"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Hãy nhập tên."))
        return name


def _posted_values(request, criteria) -> tuple[dict, dict, dict]:
    """The points and notes posted, and per-criterion errors (kept on the page)."""
    values, notes, errors = {}, {}, {}
    for criterion in criteria:
        key = f"c{criterion.pk}"
        if key in request.POST:
            raw = request.POST.get(key, "").strip()
            if raw == "":
                values[criterion.pk] = None
            elif raw.isdigit() and int(raw) <= criterion.points:
                values[criterion.pk] = int(raw)
            else:
                errors[criterion.pk] = _("Hãy chọn một số điểm từ 0 đến %(max)s.") % {
                    "max": criterion.points
                }
        note_key = f"n{criterion.pk}"
        if note_key in request.POST:
            notes[criterion.pk] = request.POST.get(note_key, "").strip()[:2000]
    return values, notes, errors


def _page(request, declaration, *, details=None, errors=None, evidence_error=None, status=200):
    criteria = workflow.criteria_of(declaration.cycle.criteria_set)
    answers = {
        a.criterion_id: a for a in declaration.answers.prefetch_related("evidence").order_by("pk")
    }
    result = workflow.result_of(declaration, criteria)
    errors = errors or {}
    groups = []
    for criterion in criteria:
        answer = answers.get(criterion.pk)
        if not groups or groups[-1]["group"].pk != criterion.group_id:
            groups.append({"group": criterion.group, "rows": []})
        groups[-1]["rows"].append(
            {
                "criterion": criterion,
                "answer": answer,
                "evidence": list(answer.evidence.all()) if answer else [],
                "error": errors.get(criterion.pk),
                "evidence_error": (evidence_error or {}).get(criterion.pk),
                "choices": (
                    [
                        (0, pgettext("criterion answer", "Chưa đạt")),
                        (criterion.points, pgettext("criterion answer", "Đạt")),
                    ]
                    if criterion.kind == criterion.Kind.CHECK
                    else [(n, str(n)) for n in range(criterion.points + 1)]
                ),
            }
        )
    group_model = declaration.cycle.model in GROUP_MODELS
    if details is None:
        details = DetailsForm(
            initial={
                "name": declaration.name,
                "members": declaration.members,
                "sex": declaration.sex,
            },
            group=group_model,
        )
    offered = evidence_registry.offered(declaration.learner) if declaration.editable else []
    return render(
        request,
        "recognition/declaration.html",
        {
            "declaration": declaration,
            "cycle": declaration.cycle,
            "groups": groups,
            "result": result,
            "grade": grade_label(result),
            "details": details,
            "offered": offered,
            "steps": list(declaration.steps.all()),
            "returned": [a for a in answers.values() if a.returned],
            "max_bytes_mb": round(workflow.max_evidence_bytes() / 1048576),
        },
        status=status,
    )


@never_cache
@learner_required
def declaration(request, pk):
    declaration = _own(request, pk)
    if request.method != "POST":
        return _page(request, declaration)
    if not declaration.editable:
        messages.error(request, _("Hồ sơ đã nộp, không sửa được nữa."))
        return redirect("citizen:declaration", declaration.pk)
    criteria = workflow.criteria_of(declaration.cycle.criteria_set)
    values, notes, errors = _posted_values(request, criteria)
    details = DetailsForm(request.POST, group=declaration.cycle.model in GROUP_MODELS)
    details_ok = details.is_valid()
    autosave = request.headers.get("X-Autosave") == "1"
    try:
        result = workflow.save_answers(
            declaration,
            values,
            notes,
            dict(details.cleaned_data) if details_ok else None,
        )
    except workflow.WorkflowError as error:
        if autosave:
            return JsonResponse({"ok": False, "message": str(error)}, status=409)
        messages.error(request, str(error))
        return redirect("citizen:declaration", declaration.pk)
    if autosave:
        return JsonResponse(
            {
                "ok": not errors and details_ok,
                "score": result.score,
                "max": result.max_points,
                "answered": result.answered,
                "total": result.total,
                "percent": result.percent_done,
                "grade": grade_label(result),
                "message": _("Đã lưu nháp lúc %(time)s")
                % {"time": date_format(declaration.updated_at, "H:i")},
            },
            status=200 if not errors and details_ok else 400,
        )
    if errors or not details_ok:
        declaration.refresh_from_db()
        return _page(request, declaration, details=details, errors=errors, status=400)
    messages.success(request, _("Đã lưu nháp. Bạn có thể quay lại khai tiếp bất cứ lúc nào."))
    if "check" in request.POST:
        return redirect("citizen:submit", declaration.pk)
    return redirect("citizen:declaration", declaration.pk)


@require_POST
@learner_required
def add_evidence(request, pk):
    declaration = _own(request, pk)
    criterion = request.POST.get("criterion", "")
    criterion_id = int(criterion) if criterion.isdigit() else 0
    kind = request.POST.get("kind", "")
    label = request.POST.get("label", "").strip()
    try:
        if kind == Evidence.Kind.FILE:
            upload = request.FILES.get("file")
            if upload is None:
                raise workflow.WorkflowError(_("Hãy chọn hoặc chụp một ảnh, hoặc chọn tệp PDF."))
            workflow.add_file(declaration, criterion_id, upload, label)
        elif kind == Evidence.Kind.LINK:
            workflow.add_link(declaration, criterion_id, request.POST.get("link", ""), label)
        elif kind == Evidence.Kind.PLATFORM:
            added = workflow.add_platform(declaration, criterion_id, request.POST.getlist("source"))
            if not added:
                raise workflow.WorkflowError(
                    _("Hãy đánh dấu ít nhất một kết quả học chưa có trong minh chứng.")
                )
        else:
            raise workflow.WorkflowError(_("Hãy chọn loại minh chứng."))
    except workflow.WorkflowError as error:
        declaration.refresh_from_db()
        response = _page(
            request, declaration, evidence_error={criterion_id: str(error)}, status=400
        )
        return response
    messages.success(request, _("Đã thêm minh chứng."))
    return redirect(reverse("citizen:declaration", args=[declaration.pk]) + f"#c{criterion_id}")


@require_POST
@learner_required
def remove_evidence(request, pk, evidence_id):
    declaration = _own(request, pk)
    try:
        workflow.remove_evidence(declaration, evidence_id)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Đã xoá minh chứng."))
    return redirect("citizen:declaration", declaration.pk)


@never_cache
@learner_required
def evidence_file(request, pk, evidence_id):
    """The learner's own evidence file (private storage, never a public address)."""
    declaration = _own(request, pk)
    item = get_object_or_404(
        Evidence, pk=evidence_id, answer__declaration=declaration, kind=Evidence.Kind.FILE
    )
    return file_response(item)


def file_response(item: Evidence) -> HttpResponse:
    with item.file.open("rb") as handle:
        data = handle.read()
    content_type = "application/pdf" if item.file_name.lower().endswith(".pdf") else "image/jpeg"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="minh-chung-{item.pk}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@learner_required
def submit(request, pk):
    """Check before submitting: the score, the grade, what is missing; then submit (once)."""
    declaration = _own(request, pk)
    criteria = workflow.criteria_of(declaration.cycle.criteria_set)
    result = workflow.result_of(declaration, criteria)
    if request.method == "POST":
        try:
            workflow.submit(declaration, request.user)
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
            return redirect("citizen:submit", declaration.pk)
        messages.success(
            request,
            _("Đã nộp hồ sơ. Đơn vị sẽ xem và báo kết quả tại trang này."),
        )
        return redirect("citizen:declaration", declaration.pk)
    if not declaration.editable:
        return redirect("citizen:declaration", declaration.pk)
    answers = {a.criterion_id: a for a in declaration.answers.all()}
    unanswered = [c for c in criteria if answers.get(c.pk) is None or answers[c.pk].points is None]
    return render(
        request,
        "recognition/submit.html",
        {
            "declaration": declaration,
            "result": result,
            "grade": grade_label(result),
            "unanswered": unanswered,
            "missing": [c for c in criteria if c.code in result.missing_evidence],
        },
    )


@never_cache
@learner_required
def certificate_pdf(request, pk):
    declaration = _own(request, pk)
    certificate = get_object_or_404(RecognitionCertificate, declaration=declaration)
    pdf = decisions.render(certificate, verification_url(request, certificate))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="cong-nhan-{certificate.serial}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def verification_url(request, certificate) -> str:
    return network(request).hub_url.rstrip("/") + reverse(
        "citizen:verify", args=[certificate.token]
    )


def verify(request, token):
    """Public: is this recognition genuine? Only what the paper shows."""
    certificate = RecognitionCertificate.objects.filter(token=token).first()
    rows = []
    if certificate:
        rows = [
            (_("Số hiệu"), certificate.serial),
            (_("Cấp cho"), certificate.name),
            (_("Danh hiệu"), certificate.title),
            (_("Đơn vị công nhận"), certificate.issuer),
            (_("Quyết định số"), certificate.decision_number),
            (_("Ngày cấp"), date_format(certificate.issued_on, "d/m/Y")),
        ]
    return certificate_check(
        request,
        certificate,
        rows,
        _("Danh hiệu do hội khuyến học công nhận, ghi trong hệ thống."),
    )


def unit_qr(request, code):
    """The unit's QR code as SVG (staff print it; anyone may fetch it, it holds a public URL)."""
    unit = get_object_or_404(Organisation, code=code.upper(), is_unit=True)
    response = HttpResponse(qr_svg(unit_url(request, unit)), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=3600"
    return response
