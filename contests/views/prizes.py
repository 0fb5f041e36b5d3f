"""The organiser's "Trao giải" screen (the proposal from the final ranking, confirmed once), the
certificates as PDF, and the public check a certificate's QR code opens."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.admin.auth import permission_denied

from hub.pagekit import page_view

from .. import prizes
from ..models import Award
from ..permissions import is_organiser
from . import contest_with_judges


def prizes_view(request, contest_id: int):
    contest = contest_with_judges(contest_id)
    if not is_organiser(request.user):
        return permission_denied(request)
    if request.method == "POST":
        try:
            awards = prizes.confirm(contest, request.user)
        except prizes.AwardRefused as refused:
            messages.error(request, refused.message)
        else:
            won = sum(1 for award in awards if award.tier_id)
            messages.success(
                request,
                prizes_message(won, len(awards) - won),
            )
        return redirect("contests_prizes", contest.pk)
    awards = list(contest.awards.select_related("entry", "entry__centre", "tier"))
    return TemplateResponse(
        request,
        "contests/admin/prizes.html",
        {
            "contest": contest,
            "awards": awards,
            "proposal": [] if awards else prizes.propose(contest),
            "refusal": prizes.refusal(contest),
            "tiers": list(contest.prize_tiers.all()),
        },
    )


def prizes_message(won: int, participated: int) -> str:
    return _("Đã trao %(won)s giải và %(others)s giấy chứng nhận tham gia.") % {
        "won": won,
        "others": participated,
    }


def award_certificate(request, award_id: int):
    award = get_object_or_404(Award.objects.select_related("contest"), pk=award_id)
    if not is_organiser(request.user):
        return permission_denied(request)
    response = HttpResponse(prizes.award_pdf(award.contest, award), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="chung-nhan-{award.serial}.pdf"'
    return response


@page_view("contests:certificate_check")
def certificate_check(request, contest, token: str):
    award = Award.objects.filter(contest=contest, token=token).first()
    if award is None:
        raise Http404("certificate")
    rows = [
        (_("Số hiệu"), award.serial),
        (_("Cấp cho"), award.recipient),
        (_("Hội thi"), award.contest_title),
        (_("Giải"), award.prize_name or _("Chứng nhận tham gia")),
        (_("Đơn vị cấp"), award.centre_name),
        (_("Ngày cấp"), date_format(award.issued_on, "d/m/Y")),
    ]
    response = contest.render(
        request,
        template="contests/certificate_check.html",
        context_overrides={
            "award": award,
            "rows": rows,
            "issuer_note": _("Do ban tổ chức hội thi cấp qua hệ thống."),
        },
        entries=False,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
