from django.core.management.base import BaseCommand, CommandError

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
        self.stdout.write(self.style.SUCCESS(f"Trang liên thông: {site.root_url}/"))
        added = ", ".join(result["added"]) or "không có (đã đủ)"
        self.stdout.write(f"  Mục mới: {added}")
        self.stdout.write(
            f"  Nhóm “{HUB_STAFF_GROUP}”: thêm tài khoản cán bộ Ban chỉ đạo vào nhóm này "
            "(Quản trị → Tài khoản) để họ duyệt bài dự thi và quản lý mọi trung tâm."
        )
        self.stdout.write('  Tiếp theo: python manage.py add_centre "Phường …" --hostname …')
