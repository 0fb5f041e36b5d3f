from hub.counters import bump, should_count

from .models import LessonStats


def count_view(request, page) -> bool:
    """Count a view once per visitor per day (bots excluded, per-IP limit), atomically."""
    if not should_count(request, f"lesson:{page.pk}:view"):
        return False
    bump(LessonStats, "page_id", page.pk, "views")
    return True
