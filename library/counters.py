from django.db.models import F

from hub.counters import should_count

from .models import LibraryItemStats


def count_event(request, page, field: str) -> bool:
    """Count a read or a download once per visitor per day (atomic, bots excluded)."""
    if not should_count(request, f"library:{page.pk}:{field}"):
        return False
    LibraryItemStats.objects.get_or_create(page_id=page.pk)
    LibraryItemStats.objects.filter(page_id=page.pk).update(**{field: F(field) + 1})
    return True
