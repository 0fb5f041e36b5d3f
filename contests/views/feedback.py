"""Centre staff read the judges' comments on their entries once results are public (when the
organiser allows it)."""

from __future__ import annotations

from django.template.response import TemplateResponse

from ..feedback import feedback_for, released_entries


def feedback_view(request):
    items = feedback_for(released_entries(request.user).order_by("title"))
    return TemplateResponse(request, "contests/admin/feedback.html", {"items": items})
