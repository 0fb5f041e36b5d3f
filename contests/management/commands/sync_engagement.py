from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contests.engagement.sync import PLATFORMS, SyncSummary, sync_engagement
from contests.models import ContestPage


class Command(BaseCommand):
    help = (
        "Lấy lượt xem, thích, chia sẻ, bình luận của bài dự thi từ trang web, YouTube và Facebook."
    )

    def add_arguments(self, parser):
        parser.add_argument("--contest", help="Đường dẫn (slug) của hội thi; mặc định mọi hội thi")
        parser.add_argument("--platform", choices=PLATFORMS, help="Chỉ một nền tảng")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Bật đồng bộ tự động mỗi ENGAGEMENT_SYNC_MINUTES phút (cần hàng đợi nền db_worker)",
        )

    def handle(self, *args, contest=None, platform=None, schedule=False, **options):
        if schedule:
            from django_tasks_db.models import DBTaskResult

            from contests.tasks import schedule_next, scheduled_sync_task

            waiting = DBTaskResult.objects.filter(
                status="READY", task_path=scheduled_sync_task.module_path
            )
            if waiting.exists():  # already on (one chain of runs, not one more per start)
                self.stdout.write(_("Đồng bộ tự động đã được bật."))
            elif schedule_next():
                self.stdout.write(_("Đã bật đồng bộ tự động."))
            else:
                self.stdout.write(_("Hàng đợi nền chạy việc ngay, không hẹn giờ được."))
            return
        target = None
        if contest:
            target = ContestPage.objects.filter(slug=contest).first()
            if target is None:
                slugs = ", ".join(ContestPage.objects.values_list("slug", flat=True))
                raise CommandError(
                    _("Không có hội thi “%(contest)s”. Các hội thi: %(slugs)s")
                    % {"contest": contest, "slugs": slugs}
                )
        sync_engagement(
            target,
            (platform,) if platform else PLATFORMS,
            starting=self._starting,
            finished=self._finished,
        )

    def _starting(self, platform: str, total: int):
        self.stdout.write(
            ngettext("%(platform)s: %(total)s liên kết", "%(platform)s: %(total)s liên kết", total)
            % {"platform": platform, "total": total}
        )
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
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(summary.statuses.items())) or _(
            "không có"
        )
        figures = ", ".join(
            [
                ngettext(
                    "%(count)s bản ghi số liệu", "%(count)s bản ghi số liệu", summary.snapshots
                )
                % {"count": summary.snapshots},
                ngettext("%(count)s lần gọi API", "%(count)s lần gọi API", summary.calls)
                % {"count": summary.calls},
                ngettext("%(count)s đơn vị hạn mức", "%(count)s đơn vị hạn mức", summary.units)
                % {"count": summary.units},
            ]
        )
        self.stdout.write(
            self.style.SUCCESS(
                "  "
                + _("%(figures)s; trạng thái liên kết – %(statuses)s")
                % {"figures": figures, "statuses": statuses}
            )
        )
        if summary.stopped:
            self.stdout.write(
                self.style.WARNING("  " + _("Dừng sớm: %(reason)s") % {"reason": summary.stopped})
            )
