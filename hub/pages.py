"""Page behaviour shared by every content app."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


class OnePerParentMixin:
    """Allow at most one page of this type under each parent (one library per centre, etc.)."""

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and not parent.get_children().type(cls).exists()


def paginate(request, queryset, per_page: int = 12):
    """Paginate, falling back to the first or last page on bad or out-of-range ?page= values."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
