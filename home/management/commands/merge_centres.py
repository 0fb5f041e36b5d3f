from django.core.management.base import BaseCommand, CommandError

from home.lifecycle import LifecycleError, merge_centres

from ._lifecycle import find_centre, report


class Command(BaseCommand):
    help = (
        "Sáp nhập các trung tâm vào một trung tâm: trang, tài liệu, video, người học, cán bộ "
        "chuyển sang; tên miền cũ chuyển hướng. Nên chạy --dry-run trước."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="+", help="Các trung tâm được sáp nhập")
        parser.add_argument("--into", required=True, help="Trung tâm nhận sáp nhập")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ xem trước, không đổi gì")

    def handle(self, *args, sources, into, dry_run, **options):
        try:
            outcome = merge_centres(
                [find_centre(s) for s in sources], find_centre(into), dry_run=dry_run
            )
        except LifecycleError as error:
            raise CommandError(error.message) from error
        report(self, outcome)
