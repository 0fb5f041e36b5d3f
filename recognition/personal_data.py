"""The learner's self-assessments in their data download, and evidence files removed with them.

Deleting the account deletes its declarations (CASCADE from the learner), their answers and
evidence rows; the files those rows point at are removed from the private storage here."""

from __future__ import annotations

from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from .models import Declaration, Evidence


def export_rows(learner) -> list[dict]:
    rows = []
    declarations = (
        Declaration.objects.filter(learner=learner)
        .select_related("cycle", "unit", "certificate")
        .prefetch_related("answers__criterion", "answers__evidence")
        .order_by("cycle__year", "pk")
    )
    for declaration in declarations:
        certificate = getattr(declaration, "certificate", None)
        answers = "; ".join(
            f"{a.criterion.code}: {'—' if a.points is None else a.points}"
            + (f" ({a.note})" if a.note else "")
            + "".join(f" [{e}]" for e in a.evidence.all())
            for a in sorted(declaration.answers.all(), key=lambda a: a.criterion.order)
        )
        rows.append(
            {
                "dot": declaration.cycle.title,
                "don_vi": declaration.unit.name,
                "ten": declaration.name,
                "thanh_vien": ", ".join(declaration.member_list),
                "gioi_tinh": declaration.get_sex_display() if declaration.sex else "",
                "nam_sinh": declaration.birth_year,
                "trang_thai": declaration.get_status_display(),
                "diem": declaration.score,
                "xep_loai": declaration.grade,
                "nop_luc": declaration.submitted_at.isoformat()
                if declaration.submitted_at
                else None,
                "tra_loi": answers,
                "giay_cong_nhan": certificate.serial if certificate else None,
            }
        )
    return rows


def _delete_file(sender, instance: Evidence, **kwargs):
    if instance.file:
        instance.file.delete(save=False)


def connect() -> None:
    from learners.record import register_export

    register_export("ho_so_tu_danh_gia", _("Hồ sơ tự đánh giá (Công dân học tập…)"), export_rows)
    post_delete.connect(_delete_file, sender=Evidence, dispatch_uid="recognition_evidence_file")
