"""Centres that need help ("Trung tâm cần hỗ trợ"): for the steering committee's staff, the
centres with nothing published for N weeks, with learners' shared lessons waiting for review, with
videos that failed to process, or with no address, phone or e-mail in the directory. Four queries
(one per depth of centre roots for the last publication), whatever the number of centres.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import CharField, Count, Exists, Max, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, WorkflowState, get_default_page_content_type

from hub.federation import aggregate_by_centre
from hub.models import Centre, Video

DEFAULT_WEEKS = 4


@dataclass
class Need:
    centre: Centre
    last_published: datetime.datetime | None
    quiet: bool  # nothing published for the chosen number of weeks
    waiting: int  # learners' shared lessons waiting for review
    failed: int  # videos that failed to process
    missing: list[str] = field(default_factory=list)  # contact details not filled in

    @property
    def problems(self) -> int:
        return int(self.quiet) + int(self.waiting > 0) + int(self.failed > 0) + len(self.missing)


def needs(centres: list[Centre], weeks: int = DEFAULT_WEEKS, now=None) -> list[Need]:
    """The centres with at least one problem, most problems first."""
    from lessons.models import LessonPage

    now = now or timezone.now()
    since = now - datetime.timedelta(weeks=weeks)
    # the root (home page) counts too: an edited home page is news for the visitor
    published = aggregate_by_centre(Page.objects.live(), centres, last=Max("last_published_at"))
    # a WorkflowState points at its page by (base content type, text id)
    waiting = aggregate_by_centre(
        LessonPage.objects.exclude(shared_by="")
        .filter(live=False)
        .filter(
            Exists(
                WorkflowState.objects.filter(
                    base_content_type=get_default_page_content_type(),
                    status=WorkflowState.STATUS_IN_PROGRESS,
                    object_id=Cast(OuterRef("pk"), output_field=CharField()),
                )
            )
        ),
        centres,
        n=Count("pk"),
    )
    failed = dict(
        Video.objects.filter(
            status=Video.Status.FAILED, collection__in=[c.collection_id for c in centres]
        )
        .values("collection_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("collection_id", "n")
    )
    result = []
    for centre in centres:
        last = published.get(centre.pk, {}).get("last")
        missing = [
            label
            for value, label in (
                (centre.address, _("địa chỉ")),
                (centre.phone, _("điện thoại")),
                (centre.email, _("thư điện tử")),
            )
            if not value.strip()
        ]
        need = Need(
            centre=centre,
            last_published=last,
            quiet=last is None or last < since,
            waiting=waiting.get(centre.pk, {}).get("n", 0),
            failed=failed.get(centre.collection_id, 0),
            missing=missing,
        )
        if need.problems:
            result.append(need)
    result.sort(key=lambda need: (-need.problems, need.centre.name))
    return result
