"""Attendance as evidence for the learning-models self-assessment: registered with the
recognition app's registry (events may depend on recognition's leaf registry)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import Attendance


def attended(learner) -> list[dict]:
    """One item per event attended (the latest meeting), one query."""
    items: dict[int, dict] = {}
    for row in Attendance.objects.filter(learner=learner).select_related("event").order_by("-day"):
        if row.event_id not in items:
            items[row.event_id] = {
                "source": f"event:{row.event_id}",
                "label": _("Tham dự “%(title)s”") % {"title": row.event.title},
                "date": row.day,
            }
    return list(items.values())


def register() -> None:
    from recognition.evidence import register as register_provider

    register_provider(attended)
