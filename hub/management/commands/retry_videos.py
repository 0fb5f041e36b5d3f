from django.core.management.base import BaseCommand

from hub.models import Video
from hub.video.pipeline import retry


class Command(BaseCommand):
    help = "Đưa lại vào hàng đợi các video bị lỗi hoặc bị bỏ dở (tiến trình xử lý đã chết)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--failed", action="store_true", help="Cả video lỗi (mặc định: chỉ video bị bỏ dở)"
        )

    def handle(self, *args, failed=False, **options):
        statuses = [Video.Status.PROCESSING] + ([Video.Status.FAILED] if failed else [])
        queued = [v.title for v in Video.objects.filter(status__in=statuses) if retry(v)]
        self.stdout.write(f"Đã đưa lại {len(queued)} video vào hàng đợi.")
        for title in queued:
            self.stdout.write(f"  - {title}")
