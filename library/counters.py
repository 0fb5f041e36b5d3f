from hub.counters import count_once

from .models import LibraryItemStats


def count_event(request, page, field: str) -> bool:
    """Count a read or a download once per visitor per day (atomic, bots excluded)."""
    return count_once(
        request, f"library:{page.pk}:{field}", LibraryItemStats, "page_id", page.pk, field
    )
