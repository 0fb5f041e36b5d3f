from hub.counters import bump, should_count

from .models import LibraryItemStats


def count_event(request, page, field: str) -> bool:
    """Count a read or a download once per visitor per day (atomic, bots excluded)."""
    if not should_count(request, f"library:{page.pk}:{field}"):
        return False
    bump(LibraryItemStats, "page_id", page.pk, field)
    return True
