from django.db.models import F

from hub.counters import should_count

from .models import LessonStats


def count_view(request, page) -> bool:
    """Count a view once per visitor per day (bots excluded, per-IP limit), atomically."""
    if not should_count(request, f"lesson:{page.pk}:view"):
        return False
    LessonStats.objects.get_or_create(page_id=page.pk)
    LessonStats.objects.filter(page_id=page.pk).update(views=F("views") + 1)
    return True
