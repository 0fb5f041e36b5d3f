from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from home.demo import load_demo_network


class Command(BaseCommand):
    help = "Nạp mạng lưới mẫu Phủ Lý: trang Ban chỉ đạo, 8 trung tâm và tin bài (chạy lại không trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=None)
        parser.add_argument(
            "--video-centres",
            type=int,
            default=None,
            help="Chỉ N trung tâm đầu có video mẫu (mỗi video mất khoảng 1,5 giây); mặc định: tất cả.",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Nạp cả khi DEBUG tắt (máy chủ thật): tạo tài khoản với mật khẩu ai cũng biết.",
        )

    def handle(self, *args, port=None, allow_production=False, video_centres=None, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                _(
                    "Không nạp dữ liệu mẫu trên máy chủ thật (DEBUG tắt): nó tạo tài khoản quản trị, "
                    "biên tập viên và giám khảo với mật khẩu công khai. Dùng setup_network và "
                    "add_centre; nếu thật sự muốn, thêm --allow-production."
                )
            )
        result = load_demo_network(port=port, log=self.stdout.write, video_centres=video_centres)
        self.stdout.write(self.style.SUCCESS(_("Đã nạp mạng lưới mẫu Phủ Lý.")))
        self.stdout.write("  " + _("Trang liên thông: %(url)s") % {"url": result["hub_url"]})
        self.stdout.write("  " + _("Quản trị: %(url)s") % {"url": f"{result['hub_url']}admin/"})
        self.stdout.write("  " + _("Tài khoản mẫu (vai trò: tên đăng nhập / mật khẩu):"))
        for role, usernames, password in result["accounts"]:
            self.stdout.write(f"    {role}: {usernames} / {password}")
