from django.core.management.base import BaseCommand, CommandError

from contests.models import ContestPage
from contests.sync import (
    default_facebook_client,
    default_youtube_client,
    links_for,
    sync_facebook,
    sync_site,
    sync_youtube,
)

PLATFORMS = ("site", "youtube", "facebook")


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
        for name in [platform] if platform else PLATFORMS:
            links = links_for(target, name)
            self.stdout.write(f"{name}: {len(links)} liên kết")
            if name == "site":
                summary = sync_site(links)
            elif name == "youtube":
                summary = sync_youtube(
                    links, default_youtube_client(), progress=self._progress(len(links))
                )
            else:
                summary = sync_facebook(
                    links, default_facebook_client(), progress=self._progress(len(links))
                )
            self.stdout.write("")
            statuses = (
                ", ".join(f"{k}: {v}" for k, v in sorted(summary.statuses.items())) or "không có"
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"  {summary.snapshots} bản ghi số liệu, {summary.calls} lần gọi API, {summary.units} đơn vị hạn mức; "
                    f"trạng thái liên kết – {statuses}"
                )
            )
            if summary.stopped:
                self.stdout.write(self.style.WARNING(f"  Dừng sớm: {summary.stopped}"))

    def _progress(self, total: int):
        def report(done: int) -> None:
            width = 30
            filled = int(width * done / max(total, 1))
            self.stdout.write(
                f"\r  [{'█' * filled}{'·' * (width - filled)}] {done}/{total}", ending=""
            )
            self.stdout.flush()

        return report
