from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from library.importer import delete_old_previews
from library.models import ImportJob


class Command(BaseCommand):
    help = (
        "Xoá các lần nhập danh mục cũ hơn LIBRARY_IMPORT_JOB_MAX_AGE giây (mặc định một ngày) "
        "cùng tệp đã tải lên, và các tệp xem trước cũ còn trong media/imports/."
    )

    def handle(self, *args, **options):
        jobs = ImportJob.objects.expired().delete()[0]
        files = delete_old_previews()
        self.stdout.write(
            _("Đã xoá %(jobs)s lần nhập quá hạn và %(files)s tệp xem trước cũ.")
            % {"jobs": jobs, "files": files}
        )
