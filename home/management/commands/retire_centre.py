from django.core.management.base import BaseCommand, CommandError

from home.lifecycle import LifecycleError, reopen_centre, retire_centre

from ._lifecycle import find_centre, report


class Command(BaseCommand):
    help = (
        "Cho một trung tâm ngừng hoạt động (trang lưu trữ chỉ đọc, cán bộ không sửa được), "
        "hoặc mở lại (--reopen)."
    )

    def add_arguments(self, parser):
        parser.add_argument("centre", help="Tên phường/xã hoặc tên miền")
        parser.add_argument("--reopen", action="store_true", help="Cho hoạt động trở lại")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ xem trước, không đổi gì")

    def handle(self, *args, centre, reopen, dry_run, **options):
        change = reopen_centre if reopen else retire_centre
        try:
            outcome = change(find_centre(centre), dry_run=dry_run)
        except LifecycleError as error:
            raise CommandError(error.message) from error
        report(self, outcome)
