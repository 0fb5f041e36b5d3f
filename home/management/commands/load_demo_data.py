from django.core.management.base import BaseCommand

from home.demo import ADMIN_PASSWORD, ADMIN_USERNAME, STAFF_PASSWORD, load_demo_network


class Command(BaseCommand):
    help = "Nạp mạng lưới mẫu Phủ Lý: trang Ban chỉ đạo, 8 trung tâm và tin bài (chạy lại không trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=None)

    def handle(self, *args, port=None, **options):
        result = load_demo_network(port=port, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Đã nạp mạng lưới mẫu Phủ Lý."))
        self.stdout.write(f"  Trang liên thông: {result['hub_url']}")
        self.stdout.write(
            f"  Quản trị: {result['hub_url']}admin/  tài khoản {ADMIN_USERNAME} / {ADMIN_PASSWORD}"
        )
        if result["staff"]:
            self.stdout.write(
                f"  Biên tập viên trung tâm (mật khẩu {STAFF_PASSWORD}): {', '.join(result['staff'])}"
            )
