from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from home.provisioning import add_centre
from hub.models import Centre
from hub.provisioning import ProvisioningError


class Command(BaseCommand):
    help = "Tạo một trung tâm học tập cộng đồng mới: trang con, thư mục tài liệu, nhóm quyền, quy trình duyệt."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Tên phường/xã, ví dụ “Phường Lam Hạ”")
        parser.add_argument("--hostname", required=True, help="Tên miền, ví dụ lam-ha.localhost")
        parser.add_argument("--port", type=int, default=None, help="Cổng (mặc định HUB_SITE_PORT)")
        parser.add_argument("--kind", choices=Centre.Kind.values, default=None)
        parser.add_argument("--address", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--editor-email",
            default="",
            help="Mời biên tập viên đầu tiên qua e-mail (đặt mật khẩu)",
        )
        parser.add_argument("--editor-name", default="")

    def handle(self, *args, **options):
        if options["editor_email"]:
            from django.core.exceptions import ValidationError
            from django.core.validators import validate_email

            try:
                validate_email(options["editor_email"])
            except ValidationError as error:
                raise CommandError(
                    _("E-mail biên tập viên không hợp lệ: %(email)s; chưa tạo gì.")
                    % {"email": options["editor_email"]}
                ) from error
        try:
            centre = add_centre(
                options["name"],
                options["hostname"],
                port=options["port"],
                kind=options["kind"],
                address=options["address"],
                phone=options["phone"],
                email=options["email"],
            )
        except ProvisioningError as error:
            raise CommandError(
                _("Không tạo được trung tâm:") + "\n- " + "\n- ".join(error.errors.values())
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã tạo %(centre)s tại %(url)s") % {"centre": centre.title, "url": centre.url}
            )
        )
        self.stdout.write(
            "  " + _("Nhóm biên tập: %(group)s") % {"group": centre.editors_group.name}
        )
        self.stdout.write(
            "  " + _("Nhóm cộng tác: %(group)s") % {"group": centre.contributors_group.name}
        )
        if options["editor_email"]:
            from home.invitations import invite_editor

            invite_editor(centre, options["editor_email"], options["editor_name"])
            self.stdout.write(
                "  "
                + _("Đã gửi thư mời biên tập viên tới %(email)s.")
                % {"email": options["editor_email"]}
            )
