from django.core.management.base import BaseCommand

from search.indexing import rebuild


class Command(BaseCommand):
    help = "Dựng lại chỉ mục tìm kiếm từ mọi trang đang xuất bản."

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(self.style.SUCCESS(f"Đã đưa {count} trang vào chỉ mục tìm kiếm."))
