"""Admin report of the learning models rolled up the association's tree ("Báo cáo"): one cycle,
the children of a node with everything under them, the previous cycle beside it, an XLSX copy.
The figures are built by recognition.reports; this module picks the cycle and the node the user
may see."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .. import reports
from ..models import Organisation
from ..permissions import scope_paths

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _chosen(items, value):
    """The item whose pk is `value` (a query parameter), or None."""
    if value and value.isdigit():
        for item in items:
            if item.pk == int(value):
                return item
    return None


def report(request):
    paths = scope_paths(request.user)
    if paths == []:
        # 403 in the admin's frame (Wagtail's permission_denied would redirect to the dashboard)
        context = {"cycles": [], "forbidden": True}
        return render(request, "recognition/admin/reports/report.html", context, status=403)
    cycles = reports.cycles_in_scope(paths)
    context = {"cycles": cycles, "labels": reports.LABELS}
    if not cycles:
        return render(request, "recognition/admin/reports/report.html", context)
    # by default the newest cycle people have declared in (a cycle just opened is empty)
    cycle = _chosen(cycles, request.GET.get("dot")) or next(
        (c for c in cycles if c.has_declarations), cycles[0]
    )
    node_id = request.GET.get("don-vi")
    if node_id:
        node = Organisation.objects.filter(pk=node_id).first() if node_id.isdigit() else None
        if node is None or not reports.may_view(cycle, paths, node):
            raise Http404
    else:
        node = reports.default_node(cycle, paths)
    report = reports.build(cycle, paths, node)
    if request.GET.get("xuat") == "xlsx":
        response = HttpResponse(reports.xlsx(report), content_type=XLSX)
        name = slugify(f"bao-cao-{report.organisation_name}-{cycle.year}")[:80]
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    context.update(
        cycle=cycle,
        report=report,
        charts=report.charts(),
        several_roots=len(reports.scope_roots(cycle, paths)) > 1,
    )
    return render(request, "recognition/admin/reports/report.html", context)


urlpatterns = [path("bao-cao/", report, name="report")]
MENU = [(_("Báo cáo"), "report", "table", 50)]  # (label, url name, icon, order)
