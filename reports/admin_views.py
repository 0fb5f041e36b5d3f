"""The Reports menu's "Hoạt động của mạng lưới" (hub staff: the network or one centre; centre
staff: their centres) and "Trung tâm cần hỗ trợ" (hub staff)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.admin.auth import permission_denied

from hub.models import Centre, NetworkSettings
from hub.pagekit import paginate
from learners.reports import scope_for

from . import activity, support

ROWS_PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def activity_report(request):
    scope = scope_for(request.user, request.GET.get("trung-tam"))
    if scope is None:
        return permission_denied(request)
    asked = request.GET.get("ky")
    period = activity.parse_period(asked) if asked else activity.current_month()
    if period is None:
        messages.error(
            request,
            _("Kỳ báo cáo “%(value)s” không hợp lệ; đang hiện tháng này.") % {"value": asked[:20]},
        )
        period = activity.current_month()
    report = activity.build(scope.centres, scope.network, period)
    if request.GET.get("xuat") == "xlsx":
        committee = NetworkSettings.load(request_or_site=request).committee_name
        response = HttpResponse(activity.xlsx(report, committee), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="hoat-dong-{period.key}.xlsx"'
        return response
    network_staff = Centre.objects.confining(request.user) is None
    return TemplateResponse(
        request,
        "reports/admin/activity.html",
        {
            "report": report,
            # the table by centre, 50 rows a page (3,300 centres); the XLSX has every row
            "rows_page": paginate(request, report.rows, per_page=ROWS_PER_PAGE),
            "period": period,
            "choices": activity.period_choices(),
            "chosen_centre": request.GET.get("trung-tam", ""),
            "network_staff": network_staff,
        },
    )


def centres_needing_help(request):
    if Centre.objects.confining(request.user) is not None:
        return permission_denied(request)
    weeks_text = request.GET.get("tuan", "")
    weeks = support.DEFAULT_WEEKS
    if weeks_text:
        if weeks_text.isdigit() and 1 <= int(weeks_text) <= 52:
            weeks = int(weeks_text)
        else:
            messages.error(
                request,
                _("Số tuần phải là số từ 1 đến 52; đang dùng %(weeks)s tuần.") % {"weeks": weeks},
            )
    centres = list(Centre.objects.with_site().order_by("name"))
    return TemplateResponse(
        request,
        "reports/admin/help.html",
        {"needs": support.needs(centres, weeks), "weeks": weeks, "total": len(centres)},
    )
