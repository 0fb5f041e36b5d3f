"""The branch's recognition decision and the certificates it issues (PDF through the same
machinery as course certificates, `hub.certificate_pdf`, with a QR code to the public check)."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.certificate_pdf import certificate_pdf

from .models import (
    Cycle,
    Decision,
    Declaration,
    LearningModel,
    Organisation,
    RecognitionCertificate,
    ReviewStep,
)
from .workflow import WorkflowError

SERIAL_PREFIX = {
    LearningModel.CITIZEN: "CDHT",
    LearningModel.FAMILY: "GDHT",
    LearningModel.CLAN: "DHHT",
    LearningModel.COMMUNITY: "CĐHT",
    LearningModel.UNIT: "DVHT",
}


def recognisable(organisation: Organisation, cycle: Cycle):
    """Approved declarations of the cycle under the organisation that no decision lists yet."""
    return Declaration.objects.filter(
        cycle=cycle,
        unit__path__startswith=organisation.path,
        status=Declaration.Status.APPROVED,
        decision__isnull=True,
    ).select_related("unit")


def issue(
    *,
    organisation: Organisation,
    cycle: Cycle,
    number: str,
    signed_on: datetime.date,
    signer: str,
    signer_title: str,
    declaration_ids: list[int],
    user,
) -> Decision:
    number, signer = (number or "").strip(), (signer or "").strip()
    if not number or not signer:
        raise WorkflowError(_("Quyết định cần số và người ký."))
    if not declaration_ids:
        raise WorkflowError(_("Hãy chọn ít nhất một hồ sơ đã phê duyệt để công nhận."))
    with transaction.atomic():
        chosen = list(
            recognisable(organisation, cycle)
            .filter(pk__in=declaration_ids)
            .select_for_update(of=("self",))
        )
        if len(chosen) != len(set(declaration_ids)):
            raise WorkflowError(
                _(
                    "Có hồ sơ không còn chờ công nhận (đã được công nhận, chưa phê duyệt hoặc "
                    "ngoài phạm vi); hãy tải lại trang và chọn lại."
                )
            )
        try:
            with transaction.atomic():
                decision = Decision.objects.create(
                    organisation=organisation,
                    cycle=cycle,
                    number=number,
                    signed_on=signed_on,
                    signer=signer,
                    signer_title=(signer_title or "").strip(),
                    created_by=user,
                )
        except IntegrityError:
            raise WorkflowError(
                _("Số quyết định “%(number)s” đã dùng cho một quyết định khác của %(org)s.")
                % {"number": number, "org": organisation}
            ) from None
        title = cycle.get_model_display()
        prefix = SERIAL_PREFIX.get(cycle.model, "HT")
        now = timezone.now()
        certificates = []
        for declaration in chosen:
            declaration.status = Declaration.Status.RECOGNISED
            declaration.decision = decision
            declaration.updated_at = now
            certificates.append(
                RecognitionCertificate(
                    declaration=declaration,
                    serial=f"{prefix}-{cycle.year}-{declaration.pk:06d}",
                    name=declaration.name,
                    title=f"{title} năm {cycle.year}",
                    issuer=str(organisation),
                    decision_number=number,
                    issued_on=signed_on,
                )
            )
        Declaration.objects.bulk_update(chosen, ["status", "decision", "updated_at"])
        RecognitionCertificate.objects.bulk_create(certificates)
        ReviewStep.objects.bulk_create(
            ReviewStep(
                declaration=d,
                action=ReviewStep.Action.RECOGNISE,
                actor=user,
                comment=_("Quyết định số %(n)s") % {"n": number},
            )
            for d in chosen
        )
    return decision


def render(certificate: RecognitionCertificate, verify_url: str) -> bytes:
    return certificate_pdf(
        name=certificate.name,
        course=certificate.title,
        centre=certificate.issuer,
        issued_on=certificate.issued_on,
        serial=certificate.serial,
        verify_url=verify_url,
        heading=_("Giấy công nhận"),
        achievement=_("được công nhận danh hiệu"),
        issuer_line=_("theo Quyết định số %(number)s của %(issuer)s")
        % {"number": certificate.decision_number, "issuer": certificate.issuer},
    )
