from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from home.lifecycle import LifecycleError, rename_centre

from ._lifecycle import find_centre, report


class Command(BaseCommand):
    help = "Đổi tên và/hoặc tên miền của một trung tâm; địa chỉ cũ chuyển hướng vĩnh viễn."

    def add_arguments(self, parser):
        parser.add_argument("centre", help="Tên phường/xã hoặc tên miền hiện tại")
        parser.add_argument("--name", default="", help="Tên phường/xã mới")
        parser.add_argument("--hostname", default="", help="Tên miền mới")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ xem trước, không đổi gì")

    def handle(self, *args, centre, name, hostname, dry_run, **options):
        if not name and not hostname:
            raise CommandError(_("Hãy cho tên mới (--name) hoặc tên miền mới (--hostname)."))
        try:
            outcome = rename_centre(
                find_centre(centre), name=name, hostname=hostname, dry_run=dry_run
            )
        except LifecycleError as error:
            raise CommandError(error.message) from error
        report(self, outcome)
