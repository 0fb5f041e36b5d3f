"""Queue again the videos whose worker died (and, with --failed, those that failed)."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from hub.video.jobs import retry_stalled


class Command(BaseCommand):
    help = "Đưa lại vào hàng đợi các video bị lỗi hoặc bị bỏ dở (tiến trình xử lý đã chết)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--failed", action="store_true", help="Cả video lỗi (mặc định: chỉ video bị bỏ dở)"
        )

    def handle(self, *args, failed=False, **options):
        queued = retry_stalled(include_failed=failed)
        self.stdout.write(
            ngettext(
                "Đã đưa lại %(count)d video vào hàng đợi.",
                "Đã đưa lại %(count)d video vào hàng đợi.",
                len(queued),
            )
            % {"count": len(queued)}
        )
        for video in queued:
            self.stdout.write(f"  - {video.title}")
