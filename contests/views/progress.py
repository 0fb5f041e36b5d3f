"""The organiser's judging progress (judge × entry: done / started / missing / conflict), the
one-click reminder to late judges, and the explicit steps "Khoá điểm" and "Công bố kết quả",
each behind a confirmation that says what is still missing."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.auth import permission_denied

from ..permissions import is_organiser
from ..progress import judging_progress
from ..ranking import forget_ranking
from . import contest_with_judges


def progress(request, contest_id: int):
    contest = contest_with_judges(contest_id)
    if not is_organiser(request.user):
        return permission_denied(request)
    rnd = contest.get_round(request.GET.get("vong")) or contest.current_round()
    report = judging_progress(contest, rnd)
    if request.method == "POST" and request.POST.get("action") == "remind":
        sent, without = remind(request, contest, report)
        if sent:
            messages.success(
                request,
                _("Đã gửi thư nhắc tới %(n)s giám khảo còn thiếu điểm.") % {"n": sent},
            )
        if without:
            messages.warning(
                request,
                _("Chưa có địa chỉ thư, hãy liên hệ trực tiếp: %(names)s.")
                % {"names": ", ".join(without)},
            )
        if not sent and not without:
            messages.info(request, _("Mọi giám khảo đã chấm xong; không cần nhắc."))
        return redirect(f"{reverse('contests_progress', args=[contest.pk])}?vong={rnd.number}")
    return TemplateResponse(
        request,
        "contests/admin/progress.html",
        {
            "contest": contest,
            "report": report,
            "now": timezone.now(),
            "round": rnd,
            "rounds": contest.round_list(),
        },
    )


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def remind(request, contest, report) -> tuple[int, list[str]]:
    """E-mail every late judge who has an address (Django's mail backend); returns how many were
    sent and the names of the late judges without an address."""
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "contests_judging_entries", args=[contest.pk]
    )
    sent, without = 0, []
    for row in report.late_judges:
        user = row.judge.user
        if not user.email:
            without.append(_name(user))
            continue
        body = _(
            "Kính gửi %(name)s,\n\nHội thi “%(contest)s” còn %(missing)s bài bạn chưa chấm xong "
            "(đã xong %(done)s/%(expected)s). Thời gian chấm kết thúc lúc %(end)s.\n\n"
            "Chấm tiếp tại: %(link)s\n\nBan tổ chức"
        ) % {
            "name": _name(user),
            "contest": contest.title,
            "missing": row.expected - row.done,
            "done": row.done,
            "expected": row.expected,
            "end": f"{timezone.localtime(report.round.judging_end):%H:%M %d/%m/%Y}",
            "link": link,
        }
        send_mail(
            _("Nhắc chấm bài: %(contest)s") % {"contest": contest.title},
            body,
            None,
            [user.email],
        )
        sent += 1
    return sent, without


def _publish(request, contest, rnd=None, **changes) -> bool:
    """Save and publish the contest with these field changes; with a later round, that round's
    judging ends now (the row is part of the page, so the change is a revision too)."""
    for name, value in changes.items():
        setattr(contest, name, value)
    if rnd is not None and rnd.number > 1:
        rows = sorted(contest.rounds.all(), key=lambda r: (r.sort_order or 0, r.pk))
        row = rows[rnd.number - 2]
        row.judging_end = min(row.judging_end, timezone.now())
        contest.rounds = rows
        contest.__dict__.pop("_round_list", None)
    try:
        revision = contest.save_revision(user=request.user, log_action=True, clean=True)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    revision.publish(user=request.user)
    forget_ranking(contest.pk)
    return True


def opening_problems(contest) -> list[str]:
    """What is missing before a contest takes entries (shown before the organiser opens it)."""
    problems = []
    if not contest.criteria(1):
        problems.append(_("Chưa có phần thi và tiêu chí chấm cho vòng đầu."))
    if not contest.judges.exists():
        problems.append(_("Chưa có giám khảo."))
    if not contest.rules:
        problems.append(_("Chưa có thể lệ."))
    if contest.rounds_problem():
        problems.append(contest.rounds_problem())
    return problems


def open_submissions(request, contest):
    """ "mo-nhan-bai": the contest takes entries from now on (its opening date becomes now), after
    a confirmation that lists what is still missing (no criteria, no judges, no rules)."""
    now = timezone.now()
    refusal = None
    if contest.submissions_open <= now:
        refusal = _("Hội thi đã mở nhận bài từ %(date)s.") % {
            "date": f"{timezone.localtime(contest.submissions_open):%H:%M %d/%m/%Y}"
        }
    elif contest.submissions_close <= now:
        refusal = _("Hạn nộp bài đã qua; hãy sửa thời gian của hội thi trước.")
    problems = opening_problems(contest)
    if request.method == "POST" and refusal is None:
        if problems and request.POST.get("anyway") != "1":
            messages.error(
                request,
                _("Còn thiếu: hãy đánh dấu “Vẫn mở dù còn thiếu” để mở nhận bài."),
            )
        elif _publish(request, contest, submissions_open=now):
            messages.success(request, _("Hội thi đã mở nhận bài."))
            return redirect("contests_progress", contest.pk)
    return TemplateResponse(
        request,
        "contests/admin/open_submissions.html",
        {"contest": contest, "problems": problems, "refusal": refusal},
    )


def finalise(request, contest_id: int, step: str):
    """ "khoa-diem": judging ends now (scores locked); "cong-bo": results published now (scores
    locked too). GET shows what is missing; POST does it, and when scores are missing only
    with the organiser's explicit "publish anyway"."""
    contest = contest_with_judges(contest_id)
    if not is_organiser(request.user):
        return permission_denied(request)
    if step == "mo-nhan-bai":
        return open_submissions(request, contest)
    if step not in ("khoa-diem", "cong-bo"):
        return redirect("contests_progress", contest.pk)
    now = timezone.now()
    rnd = contest.current_round(now)
    report = judging_progress(contest, rnd)
    refusal = None
    if now < contest.judging_start:
        refusal = _("Chưa đến thời gian chấm; chưa thể khoá điểm hay công bố kết quả.")
    elif step == "cong-bo" and contest.results_public(now):
        refusal = _("Kết quả đã được công bố.")
    elif step == "cong-bo" and not rnd.last:
        refusal = _(
            "Đang ở vòng “%(name)s”; chỉ công bố kết quả sau vòng cuối. Hãy khoá điểm vòng này "
            "rồi chuyển bài sang vòng sau."
        ) % {"name": rnd.name}
    elif step == "khoa-diem" and now >= rnd.judging_end:
        refusal = _("Điểm đã được khoá (thời gian chấm đã kết thúc).")
    if request.method == "POST" and refusal is None:
        if not report.complete and request.POST.get("anyway") != "1":
            messages.error(
                request,
                _("Còn thiếu điểm: hãy đánh dấu “Vẫn tiếp tục dù còn thiếu điểm” để làm tiếp."),
            )
        else:
            changes = {"judging_end": min(contest.judging_end, now)} if rnd.number == 1 else {}
            if step == "cong-bo":
                changes["results_published"] = now
            if _publish(request, contest, rnd, **changes):
                messages.success(
                    request,
                    _("Đã công bố kết quả.") if step == "cong-bo" else _("Đã khoá điểm."),
                )
                return redirect("contests_progress", contest.pk)
    return TemplateResponse(
        request,
        "contests/admin/finalise.html",
        {"contest": contest, "report": report, "step": step, "refusal": refusal, "round": rnd},
    )
