from hub.counters import count_once

from .models import LessonStats


def count_view(request, page) -> bool:
    """Count a view once per visitor per day (bots excluded, per-IP limit), atomically."""
    return count_once(request, f"lesson:{page.pk}:view", LessonStats, "page_id", page.pk, "views")
