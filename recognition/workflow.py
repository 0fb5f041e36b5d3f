"""A declaration's life: start, answer, attach evidence, submit, transfer, review, approve.

Each step is one function that checks the state it starts from inside a transaction holding the
declaration's row (`select_for_update`), so a double tap on "Nộp" or two reviewers at once change
it once; refusals raise `WorkflowError` with a Vietnamese message and change nothing.
"""

from __future__ import annotations

import io
import os
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from hub.uploads import document_problem

from . import evidence as evidence_registry
from .models import (
    Answer,
    CriteriaSet,
    Criterion,
    Cycle,
    Declaration,
    Evidence,
    Organisation,
    ReviewStep,
)
from .scoring import Result, clamp, score

Status = Declaration.Status
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
EVIDENCE_SUFFIXES = IMAGE_SUFFIXES | {".pdf"}
PHOTO_LONGEST_SIDE = 2000  # pixels kept of a camera photo (enough to read a paper certificate)
MAX_EVIDENCE_PER_ANSWER = 10


class WorkflowError(Exception):
    """A step that may not happen; the message is for the person who tried."""


def max_evidence_bytes() -> int:
    return getattr(settings, "RECOGNITION_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)


# ---- reading -----------------------------------------------------------------------------------


def criteria_of(criteria_set: CriteriaSet) -> list[Criterion]:
    return list(criteria_set.criteria.select_related("group").order_by("group__order", "order"))


def result_of(declaration: Declaration, criteria=None) -> Result:
    criteria = criteria if criteria is not None else criteria_of(declaration.cycle.criteria_set)
    answers = {}
    counts = {}
    for answer in declaration.answers.annotate(n=Count("evidence")):
        answers[answer.criterion_id] = answer.points
        counts[answer.criterion_id] = answer.n
    return score(criteria, answers, counts, list(declaration.cycle.criteria_set.grades.all()))


def _rescore(declaration: Declaration) -> Result:
    result = result_of(declaration)
    declaration.score = result.score
    declaration.grade = result.grade
    declaration.updated_at = timezone.now()
    declaration.save(update_fields=["score", "grade", "updated_at"])
    return result


def _locked(declaration: Declaration) -> Declaration:
    return (
        Declaration.objects.select_for_update()
        .select_related("cycle__criteria_set")
        .get(pk=declaration.pk)
    )


def open_cycles_for(unit: Organisation, today=None):
    """Open cycles whose organisation's subtree holds the unit."""
    today = today or timezone.localdate()
    ancestors = [unit.path[:i] for i in range(unit.steplen, len(unit.path) + 1, unit.steplen)]
    return Cycle.objects.filter(
        organisation__path__in=ancestors, opens_on__lte=today, closes_on__gte=today
    ).select_related("criteria_set", "organisation")


def in_cycle(cycle: Cycle, unit: Organisation) -> bool:
    return unit.path.startswith(cycle.organisation.path)


# ---- the learner's steps -----------------------------------------------------------------------


def start(learner, cycle: Cycle, unit: Organisation) -> tuple[Declaration, bool]:
    """The learner's declaration in this cycle: their existing one (wherever it is), or a new one
    at `unit`. Returns (declaration, created)."""
    existing = Declaration.objects.filter(cycle=cycle, learner=learner).first()
    if existing:
        return existing, False
    if not unit.is_unit or not unit.active:
        raise WorkflowError(_("“%(name)s” không nhận đăng ký tự đánh giá.") % {"name": unit})
    if not in_cycle(cycle, unit):
        raise WorkflowError(_("Đơn vị này không thuộc đợt đánh giá đã chọn."))
    if not cycle.is_open():
        raise WorkflowError(_("Đợt đánh giá này không mở nhận hồ sơ hôm nay."))
    try:
        with transaction.atomic():
            declaration = Declaration.objects.create(
                cycle=cycle,
                unit=unit,
                learner=learner,
                name=learner.name,
                birth_year=learner.birth_year,
            )
            Answer.objects.bulk_create(
                Answer(declaration=declaration, criterion=criterion)
                for criterion in cycle.criteria_set.criteria.all()
            )
    except IntegrityError:  # the same learner, two taps at once
        return Declaration.objects.get(cycle=cycle, learner=learner), False
    return declaration, True


def save_answers(declaration: Declaration, values: dict, notes: dict, details: dict | None = None):
    """`values`: {criterion id: points or None}; `notes`: {criterion id: text}; `details`: the
    declaration's own fields (name, members, sex, birth_year) as cleaned by the form."""
    with transaction.atomic():
        declaration = _locked(declaration)
        if not declaration.editable:
            raise WorkflowError(_("Hồ sơ đã nộp, không sửa được nữa."))
        criteria = {c.pk: c for c in declaration.cycle.criteria_set.criteria.all()}
        for answer in declaration.answers.all():
            criterion = criteria[answer.criterion_id]
            changed = []
            if answer.criterion_id in values:
                points = clamp(criterion, values[answer.criterion_id])
                if points != answer.points:
                    answer.points = points
                    changed.append("points")
            if answer.criterion_id in notes and notes[answer.criterion_id] != answer.note:
                answer.note = notes[answer.criterion_id]
                changed.append("note")
            if changed:
                answer.save(update_fields=changed)
        for name, value in (details or {}).items():
            setattr(declaration, name, value)
        if details:
            declaration.save(update_fields=list(details))
        return _rescore(declaration)


def _check_file(upload) -> tuple[bytes, str]:
    """The bytes to keep and the stored name, or WorkflowError. Photos are re-encoded (EXIF with
    the place it was taken is dropped, the size shrinks); PDFs must be PDFs."""
    name = os.path.basename(upload.name or "")[:120] or "minh-chung"
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in EVIDENCE_SUFFIXES:
        raise WorkflowError(
            _("Chỉ nhận ảnh (JPG, PNG, WEBP) hoặc tệp PDF; tệp “%(name)s” không phải loại đó.")
            % {"name": name}
        )
    limit = max_evidence_bytes()
    if upload.size > limit:
        raise WorkflowError(
            _("Tệp “%(name)s” lớn %(size)s MB, quá mức %(limit)s MB. Hãy chụp lại ở cỡ nhỏ hơn.")
            % {
                "name": name,
                "size": round(upload.size / 1048576, 1),
                "limit": round(limit / 1048576),
            }
        )
    data = upload.read()
    if suffix == ".pdf":
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(data)
            handle.flush()
            problem = document_problem(handle.name, ".pdf")
        if problem:
            raise WorkflowError(problem)
        return data, name
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = image.convert("RGB")
            image.thumbnail((PHOTO_LONGEST_SIDE, PHOTO_LONGEST_SIDE))
            out = io.BytesIO()
            image.save(out, "JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise WorkflowError(
            _("Tệp “%(name)s” không phải là ảnh đọc được. Hãy chụp lại hoặc chọn ảnh khác.")
            % {"name": name}
        ) from None
    return out.getvalue(), os.path.splitext(name)[0] + ".jpg"


def _answer_for_edit(declaration: Declaration, criterion_id: int) -> Answer:
    locked = _locked(declaration)
    if not locked.editable:
        raise WorkflowError(_("Hồ sơ đã nộp, không sửa được nữa."))
    answer = locked.answers.filter(criterion_id=criterion_id).first()
    if answer is None:
        raise WorkflowError(_("Tiêu chí này không có trong hồ sơ."))
    if answer.evidence.count() >= MAX_EVIDENCE_PER_ANSWER:
        raise WorkflowError(
            _("Mỗi tiêu chí nhận tối đa %(n)s minh chứng.") % {"n": MAX_EVIDENCE_PER_ANSWER}
        )
    return answer


def add_file(declaration: Declaration, criterion_id: int, upload, label: str = "") -> Evidence:
    data, name = _check_file(upload)
    with transaction.atomic():
        answer = _answer_for_edit(declaration, criterion_id)
        item = Evidence(answer=answer, kind=Evidence.Kind.FILE, file_name=name, label=label[:255])
        item.file.save(name, ContentFile(data), save=False)
        item.save()
        _rescore(answer.declaration)
    return item


def add_link(declaration: Declaration, criterion_id: int, url: str, label: str = "") -> Evidence:
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 500:
        raise WorkflowError(
            _("Đường liên kết phải bắt đầu bằng http:// hoặc https://, ví dụ https://zalo.me/…")
        )
    with transaction.atomic():
        answer = _answer_for_edit(declaration, criterion_id)
        item = Evidence.objects.create(
            answer=answer, kind=Evidence.Kind.LINK, link=url, label=label[:255]
        )
        _rescore(answer.declaration)
    return item


def add_platform(declaration: Declaration, criterion_id: int, sources: list[str]) -> int:
    """Attach the ticked items of the learner's own record; anything not offered to this learner
    is ignored (a forged source cannot attach someone else's record). Returns how many."""
    offered = {item["source"]: item for item in evidence_registry.offered(declaration.learner)}
    with transaction.atomic():
        answer = _answer_for_edit(declaration, criterion_id)
        present = set(answer.evidence.values_list("source", flat=True))
        room = MAX_EVIDENCE_PER_ANSWER - answer.evidence.count()
        added = 0
        for source in sources:
            if source in offered and source not in present and added < room:
                item = offered[source]
                Evidence.objects.create(
                    answer=answer,
                    kind=Evidence.Kind.PLATFORM,
                    source=source,
                    label=f"{item['label']} ({item['date']:%d/%m/%Y})",
                )
                present.add(source)
                added += 1
        _rescore(answer.declaration)
    return added


def remove_evidence(declaration: Declaration, evidence_id: int) -> None:
    with transaction.atomic():
        locked = _locked(declaration)
        if not locked.editable:
            raise WorkflowError(_("Hồ sơ đã nộp, không sửa được nữa."))
        item = Evidence.objects.filter(pk=evidence_id, answer__declaration=locked).first()
        if item is None:
            raise WorkflowError(_("Không tìm thấy minh chứng này trong hồ sơ của bạn."))
        if item.file:
            item.file.delete(save=False)
        item.delete()
        _rescore(locked)


def submit(declaration: Declaration, user) -> Result:
    with transaction.atomic():
        locked = _locked(declaration)
        if locked.status not in (Status.DRAFT, Status.RETURNED):
            raise WorkflowError(_("Hồ sơ này đã được nộp rồi."))
        if not locked.cycle.is_open() and locked.status == Status.DRAFT:
            raise WorkflowError(_("Đợt đánh giá đã hết hạn nộp hồ sơ."))
        result = result_of(locked)
        if result.answered < result.total:
            raise WorkflowError(
                _("Còn %(n)s tiêu chí chưa trả lời; hãy trả lời hết rồi nộp.")
                % {"n": result.total - result.answered}
            )
        if result.missing_evidence:
            raise WorkflowError(
                _("Tiêu chí %(codes)s cần minh chứng (ảnh, tệp hoặc đường liên kết).")
                % {"codes": ", ".join(result.missing_evidence)}
            )
        locked.status = Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.score, locked.grade = result.score, result.grade
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "submitted_at", "score", "grade", "updated_at"])
        locked.answers.filter(returned=True).update(returned=False)
        ReviewStep.objects.create(declaration=locked, action=ReviewStep.Action.SUBMIT, actor=user)
    return result


def transfer(declaration: Declaration, unit: Organisation, user) -> Declaration:
    """Move the draft to another unit (a teacher declares at the school, not at home): the same
    declaration moves, nothing is copied."""
    with transaction.atomic():
        locked = _locked(declaration)
        if not locked.editable:
            raise WorkflowError(
                _("Hồ sơ đã nộp; muốn chuyển đơn vị, hãy đề nghị đơn vị đang duyệt trả lại.")
            )
        if not unit.is_unit or not unit.active:
            raise WorkflowError(_("“%(name)s” không nhận đăng ký tự đánh giá.") % {"name": unit})
        if not in_cycle(locked.cycle, unit):
            raise WorkflowError(_("Đơn vị này không thuộc đợt đánh giá của hồ sơ."))
        if unit.pk == locked.unit_id:
            return locked
        old = locked.unit
        locked.unit = unit
        locked.updated_at = timezone.now()
        locked.save(update_fields=["unit", "updated_at"])
        ReviewStep.objects.create(
            declaration=locked,
            action=ReviewStep.Action.TRANSFER,
            actor=user,
            comment=f"{old} → {unit}",
        )
    return locked


# ---- the reviewers' steps ----------------------------------------------------------------------


def return_for_changes(declaration: Declaration, user, comments: dict, general: str = ""):
    """`comments`: {criterion id: what to fix}; at least one comment or a general one."""
    comments = {k: v.strip() for k, v in comments.items() if v and v.strip()}
    general = (general or "").strip()
    if not comments and not general:
        raise WorkflowError(_("Hãy ghi rõ cần bổ sung gì ở ít nhất một tiêu chí."))
    with transaction.atomic():
        locked = _locked(declaration)
        if locked.status not in (Status.SUBMITTED, Status.ACCEPTED):
            raise WorkflowError(_("Chỉ trả lại được hồ sơ đang chờ duyệt."))
        for answer in locked.answers.filter(criterion_id__in=comments):
            answer.review_comment = comments[answer.criterion_id]
            answer.returned = True
            answer.save(update_fields=["review_comment", "returned"])
        locked.status = Status.RETURNED
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "updated_at"])
        ReviewStep.objects.create(
            declaration=locked, action=ReviewStep.Action.RETURN, actor=user, comment=general
        )
    return locked


def accept(declaration: Declaration, user, comment: str = ""):
    """The unit's reviewer accepts: approved at once when the set needs no higher level."""
    with transaction.atomic():
        locked = _locked(declaration)
        if locked.status != Status.SUBMITTED:
            raise WorkflowError(_("Chỉ duyệt được hồ sơ đã nộp và đang chờ duyệt."))
        if not locked.grade:
            raise WorkflowError(
                _("Hồ sơ chưa đạt ngưỡng của bộ tiêu chí; hãy trả lại hoặc ghi nhận “không đạt”.")
            )
        final = locked.cycle.criteria_set.approval == CriteriaSet.Approval.UNIT
        locked.status = Status.APPROVED if final else Status.ACCEPTED
        locked.decided_at = timezone.now() if final else None
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "decided_at", "updated_at"])
        ReviewStep.objects.create(
            declaration=locked,
            action=ReviewStep.Action.APPROVE if final else ReviewStep.Action.ACCEPT,
            actor=user,
            comment=comment,
        )
    return locked


def approve(declaration: Declaration, user, comment: str = ""):
    with transaction.atomic():
        locked = _locked(declaration)
        if locked.status != Status.ACCEPTED:
            raise WorkflowError(_("Chỉ phê duyệt được hồ sơ đơn vị đã duyệt."))
        locked.status = Status.APPROVED
        locked.decided_at = timezone.now()
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "decided_at", "updated_at"])
        ReviewStep.objects.create(
            declaration=locked, action=ReviewStep.Action.APPROVE, actor=user, comment=comment
        )
    return locked


def reject(declaration: Declaration, user, comment: str):
    comment = (comment or "").strip()
    if len(comment) < 5:
        raise WorkflowError(_("Hãy ghi lý do hồ sơ không đạt (ít nhất 5 ký tự)."))
    with transaction.atomic():
        locked = _locked(declaration)
        if locked.status not in (Status.SUBMITTED, Status.ACCEPTED):
            raise WorkflowError(_("Chỉ xét được hồ sơ đang chờ duyệt."))
        locked.status = Status.NOT_PASSED
        locked.decided_at = timezone.now()
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "decided_at", "updated_at"])
        ReviewStep.objects.create(
            declaration=locked, action=ReviewStep.Action.REJECT, actor=user, comment=comment
        )
    return locked
