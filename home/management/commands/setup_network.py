from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from home.provisioning import setup_network
from hub.provisioning import HUB_STAFF_GROUP, ProvisioningError


class Command(BaseCommand):
    help = (
        "Chuẩn bị trang liên thông cho một bản cài thật: tên miền, các mục, nhóm Ban chỉ đạo, "
        "quy trình duyệt bài dự thi, nhóm giám khảo (chạy lại không trùng)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hostname", help="Tên miền của trang liên thông, ví dụ phuly.edu.vn")
        parser.add_argument("--port", type=int, help="Cổng (mặc định giữ nguyên)")

    def handle(self, *args, hostname=None, port=None, **options):
        try:
            result = setup_network(hostname=hostname, port=port)
        except ProvisioningError as error:
            raise CommandError("\n".join(error.errors.values())) from error
        site = result["site"]
        self.stdout.write(
            self.style.SUCCESS(_("Trang liên thông: %(url)s") % {"url": f"{site.root_url}/"})
        )
        added = ", ".join(result["added"]) or _("không có (đã đủ)")
        self.stdout.write("  " + _("Mục mới: %(sections)s") % {"sections": added})
        self.stdout.write(
            "  "
            + _(
                "Nhóm “%(group)s”: thêm tài khoản cán bộ Ban chỉ đạo vào nhóm này "
                "(Quản trị → Tài khoản) để họ duyệt bài dự thi và quản lý mọi trung tâm."
            )
            % {"group": HUB_STAFF_GROUP}
        )
        self.stdout.write(
            "  "
            + _("Tiếp theo: %(command)s")
            % {"command": 'python manage.py add_centre "Phường …" --hostname …'}
        )
