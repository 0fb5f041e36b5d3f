from django.core.management.base import BaseCommand, CommandError

from contests.engagement.sync import PLATFORMS, SyncSummary, sync_engagement
from contests.models import ContestPage


class Command(BaseCommand):
    help = (
        "Lấy lượt xem, thích, chia sẻ, bình luận của bài dự thi từ trang web, YouTube và Facebook."
    )

    def add_arguments(self, parser):
        parser.add_argument("--contest", help="Đường dẫn (slug) của hội thi; mặc định mọi hội thi")
        parser.add_argument("--platform", choices=PLATFORMS, help="Chỉ một nền tảng")

    def handle(self, *args, contest=None, platform=None, **options):
        target = None
        if contest:
            target = ContestPage.objects.filter(slug=contest).first()
            if target is None:
                slugs = ", ".join(ContestPage.objects.values_list("slug", flat=True))
                raise CommandError(f"Không có hội thi “{contest}”. Các hội thi: {slugs}")
        sync_engagement(
            target,
            (platform,) if platform else PLATFORMS,
            starting=self._starting,
            finished=self._finished,
        )

    def _starting(self, platform: str, total: int):
        self.stdout.write(f"{platform}: {total} liên kết")
        if platform == "site":
            return None

        def report(done: int) -> None:
            width = 30
            filled = int(width * done / max(total, 1))
            self.stdout.write(
                f"\r  [{'█' * filled}{'·' * (width - filled)}] {done}/{total}", ending=""
            )
            self.stdout.flush()

        return report

    def _finished(self, summary: SyncSummary) -> None:
        self.stdout.write("")
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(summary.statuses.items())) or "không có"
        self.stdout.write(
            self.style.SUCCESS(
                f"  {summary.snapshots} bản ghi số liệu, {summary.calls} lần gọi API, "
                f"{summary.units} đơn vị hạn mức; trạng thái liên kết – {statuses}"
            )
        )
        if summary.stopped:
            self.stdout.write(self.style.WARNING(f"  Dừng sớm: {summary.stopped}"))
