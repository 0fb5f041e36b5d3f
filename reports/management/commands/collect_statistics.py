import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.collect import collect, collect_recent


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("Ngày “%(value)s” không hợp lệ; viết theo dạng năm-tháng-ngày, ví dụ 2026-10-01.")
            % {"value": value}
        ) from None


class Command(BaseCommand):
    help = (
        "Tổng hợp số liệu hằng ngày cho báo cáo (mặc định hôm qua và hôm nay); chạy lại bao nhiêu "
        "lần cũng cho cùng kết quả."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="Từ ngày (năm-tháng-ngày), đến hôm nay")
        parser.add_argument("--until", help="Đến ngày (năm-tháng-ngày); mặc định hôm nay")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Bật tổng hợp tự động mỗi giờ (cần hàng đợi nền db_worker)",
        )

    def handle(self, *args, since=None, until=None, schedule=False, **options):
        if schedule:
            from django_tasks_db.models import DBTaskResult

            from reports.tasks import collect_statistics_task, schedule_next

            waiting = DBTaskResult.objects.filter(
                status="READY", task_path=collect_statistics_task.module_path
            )
            if waiting.exists():
                self.stdout.write(_("Tổng hợp số liệu tự động đã được bật."))
            elif schedule_next():
                self.stdout.write(_("Đã bật tổng hợp số liệu tự động."))
            else:
                self.stdout.write(_("Hàng đợi nền chạy việc ngay, không hẹn giờ được."))
            return
        today = timezone.localdate()
        if since is None and until is None:
            rows = collect_recent(today)
            start, end = today - datetime.timedelta(days=1), today
        else:
            start = _date(since) if since else today
            end = _date(until) if until else today
            if end < start:
                raise CommandError(_("Ngày kết thúc phải sau ngày bắt đầu."))
            if (end - start).days > 3660:
                raise CommandError(_("Mỗi lần tổng hợp tối đa 10 năm."))
            rows = collect(start, end)
        self.stdout.write(
            _("Đã tổng hợp số liệu từ %(start)s đến %(end)s: %(rows)s dòng.")
            % {"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y"), "rows": rows}
        )
