from django.core.management.base import BaseCommand

from search.models import SearchEntry
from search.registry import registrations


class Command(BaseCommand):
    help = "So sánh số trang trong chỉ mục tìm kiếm với số trang đang xuất bản, theo loại."

    def handle(self, *args, **options):
        from django.conf import settings

        from search.database import variant

        self.stdout.write(
            f"Máy tìm kiếm: {'Elasticsearch ' + settings.SEARCH_URL if settings.SEARCH_URL else 'cơ sở dữ liệu'}"
            f" (dự phòng: {variant()})"
        )
        ok = True
        for registration in registrations():
            live = registration.model.objects.live().public().count()
            indexed = SearchEntry.objects.filter(kind=registration.kind).count()
            mark = "✓" if live == indexed else "✗"
            ok &= live == indexed
            self.stdout.write(
                f"{mark} {registration.label}: {indexed} trong chỉ mục / {live} đang xuất bản"
            )
        self.stdout.write(
            self.style.SUCCESS("Chỉ mục khớp dữ liệu.")
            if ok
            else self.style.WARNING("Chỉ mục lệch; chạy: python manage.py rebuild_search_index")
        )
