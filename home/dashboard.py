"""The centre's work on the admin dashboard: what an editor has to do today and how the week went.

One panel (a Wagtail dashboard component, added by `construct_homepage_panels` in
home/wagtail_hooks.py) for the centres a staff member works for, or for the whole network for hub
staff: drafts not yet published, pages waiting for approval (learners' shared lessons among them),
videos that failed or are still being processed, and the views, reads and downloads of the last
seven days against the seven before. A fixed number of queries whatever the number of pages.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Sum
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState, get_default_page_content_type

from hub.federation import staff_centres
from hub.models import PageDayCount, Video

LIST_LIMIT = 5
# events that mean someone read the content (likes and shares are the contests' business)
READING_EVENTS = ("views", "reads", "downloads")


def centre_scope(centres) -> Q:
    """Pages of these centres: their subtrees and their contest entries (None: every page)."""
    if centres is None:
        return Q()
    condition = Q(entrypage__centre__in=[c.pk for c in centres])
    for centre in centres:
        condition |= Q(path__startswith=centre.root_path)
    return condition


def _prefixed(scope: Q, prefix: str) -> Q:
    """The same page condition seen from a model that points at the page through `prefix`."""
    if not scope.children:
        return Q()
    result = Q()
    result.connector, result.negated = scope.connector, scope.negated
    for child in scope.children:
        if isinstance(child, Q):
            result.children.append(_prefixed(child, prefix))
        else:
            key, value = child
            result.children.append((f"{prefix}__{key}", value))
    return result


def centre_work(centres, today: datetime.date | None = None) -> dict:
    """What the panel shows for these centres (None: the whole network)."""
    scope = centre_scope(centres)
    today = today or timezone.localdate()
    # pages in a workflow: a WorkflowState points at its page by (base content type, text id)
    waiting_states = list(
        WorkflowState.objects.filter(
            Exists(Page.objects.filter(scope, pk=Cast(OuterRef("object_id"), IntegerField()))),
            base_content_type=get_default_page_content_type(),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
        .select_related("requested_by", "current_task_state__task")
        .order_by("-created_at")
    )
    waiting_pages = Page.objects.in_bulk([int(s.object_id) for s in waiting_states[:LIST_LIMIT]])
    waiting = [
        {"state": s, "page": waiting_pages[int(s.object_id)]}
        for s in waiting_states[:LIST_LIMIT]
        if int(s.object_id) in waiting_pages
    ]
    in_moderation = {int(s.object_id) for s in waiting_states}

    drafts_query = (
        Page.objects.filter(scope, has_unpublished_changes=True)
        .exclude(pk__in=in_moderation)
        .select_related("content_type")
        .order_by("-latest_revision_created_at", "-pk")
    )
    drafts = list(drafts_query[:LIST_LIMIT])

    videos_query = Video.objects.exclude(status=Video.Status.READY)
    if centres is not None:
        videos_query = videos_query.filter(collection__in=[c.collection_id for c in centres])
    videos = list(videos_query.order_by("-created_at")[:LIST_LIMIT])
    video_totals = videos_query.aggregate(
        total=Count("pk"), failed=Count("pk", filter=Q(status=Video.Status.FAILED))
    )

    week_start = today - datetime.timedelta(days=6)
    before_start = week_start - datetime.timedelta(days=7)
    counts = PageDayCount.objects.filter(
        _prefixed(scope, "page"), day__gte=before_start, day__lte=today, event__in=READING_EVENTS
    )
    totals = counts.aggregate(
        week=Sum("count", filter=Q(day__gte=week_start)),
        before=Sum("count", filter=Q(day__lt=week_start)),
    )
    top = list(
        counts.filter(day__gte=week_start)
        .values("page_id", "page__title")
        .annotate(total=Sum("count"))
        .order_by("-total", "page__title")[:3]
    )
    week, before = totals["week"] or 0, totals["before"] or 0
    return {
        "drafts": [(page, page.content_type.model_class()) for page in drafts],
        "drafts_total": drafts_query.count(),
        "waiting": waiting,
        "waiting_total": len(waiting_states),
        "videos": videos,
        "videos_total": video_totals["total"],
        "failed_total": video_totals["failed"],
        "week": week,
        "week_before": before,
        "week_change": week - before,
        "week_drop": before - week,
        "week_start": week_start,
        "top": top,
    }


class CentreWorkPanel(Component):
    """Drafts, approvals, videos and the week's views of a staff member's centre(s)."""

    name = "centre_work"
    template_name = "home/admin/centre_work_panel.html"
    order = 100  # above Wagtail's own panels: this is the editor's to-do list

    def __init__(self, centres):
        self.centres = centres

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        if self.centres is None:
            heading = _("Toàn mạng lưới: việc cần làm và lượt xem")
        else:
            heading = _("%(centres)s: việc cần làm và lượt xem") % {
                "centres": ", ".join(c.name for c in self.centres)
            }
        context.update(centre_work(self.centres), heading=heading)
        return context


def centre_work_panel(user) -> CentreWorkPanel | None:
    """The panel for this user: their centres, the network for hub staff, none for others
    (e.g. a judge who works for no centre)."""
    centres = staff_centres(user)
    if centres == []:
        return None
    return CentreWorkPanel(centres)
