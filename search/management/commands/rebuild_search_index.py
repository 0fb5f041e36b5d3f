from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from search.indexing import rebuild


class Command(BaseCommand):
    help = "Dựng lại chỉ mục tìm kiếm từ mọi trang đang xuất bản."

    def handle(self, *args, **options):
        count = rebuild()
        message = ngettext(
            "Đã đưa %(count)s trang vào chỉ mục tìm kiếm.",
            "Đã đưa %(count)s trang vào chỉ mục tìm kiếm.",
            count,
        )
        self.stdout.write(self.style.SUCCESS(message % {"count": count}))
