from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from home.demo import ADMIN_PASSWORD, ADMIN_USERNAME, STAFF_PASSWORD, load_demo_network


class Command(BaseCommand):
    help = "Nạp mạng lưới mẫu Phủ Lý: trang Ban chỉ đạo, 8 trung tâm và tin bài (chạy lại không trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=None)

    def handle(self, *args, port=None, **options):
        result = load_demo_network(port=port, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(_("Đã nạp mạng lưới mẫu Phủ Lý.")))
        self.stdout.write("  " + _("Trang liên thông: %(url)s") % {"url": result["hub_url"]})
        self.stdout.write(
            "  "
            + _("Quản trị: %(url)s  tài khoản %(username)s / %(password)s")
            % {
                "url": f"{result['hub_url']}admin/",
                "username": ADMIN_USERNAME,
                "password": ADMIN_PASSWORD,
            }
        )
        if result["staff"]:
            self.stdout.write(
                "  "
                + _("Biên tập viên trung tâm (mật khẩu %(password)s): %(users)s")
                % {"password": STAFF_PASSWORD, "users": ", ".join(result["staff"])}
            )
