from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from home.lifecycle import LifecycleError, move_hub

from ._lifecycle import report


class Command(BaseCommand):
    help = (
        "Chuyển trang liên thông: tên mới, ban chỉ đạo mới, tên miền mới; --centre-domain "
        "CŨ MỚI chuyển tên miền mọi trung tâm. Địa chỉ cũ chuyển hướng vĩnh viễn."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hub-name", default="")
        parser.add_argument("--committee-name", default="")
        parser.add_argument("--hostname", default="", help="Tên miền mới của trang liên thông")
        parser.add_argument("--centre-domain", nargs=2, metavar=("CU", "MOI"), default=None)
        parser.add_argument("--dry-run", action="store_true", help="Chỉ xem trước, không đổi gì")

    def handle(self, *args, **options):
        if not any(options[k] for k in ("hub_name", "committee_name", "hostname", "centre_domain")):
            raise CommandError(_("Hãy cho ít nhất một thay đổi."))
        try:
            outcome = move_hub(
                hub_name=options["hub_name"],
                committee_name=options["committee_name"],
                hostname=options["hostname"],
                centre_domain=tuple(options["centre_domain"]) if options["centre_domain"] else None,
                dry_run=options["dry_run"],
            )
        except LifecycleError as error:
            raise CommandError(error.message) from error
        report(self, outcome)
