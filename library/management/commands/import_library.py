from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hub.models import Centre
from library.importer import ImportFileError, existing_keys, import_items, read_table, validate
from library.models import LibraryIndexPage


class Command(BaseCommand):
    help = (
        "Nhập danh mục tài liệu từ tệp CSV (UTF-8) hoặc XLSX vào thư viện của một trung tâm. "
        "Kiểm tra mọi dòng trước; có lỗi thì không nhập dòng nào."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Tệp .csv hoặc .xlsx")
        parser.add_argument("--centre", required=True, help="Tên trung tâm, ví dụ “Phường Lam Hạ”")
        parser.add_argument("--files-dir", help="Thư mục chứa các tệp ghi ở cột “tệp”")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không nhập")
        parser.add_argument("--draft", action="store_true", help="Lưu nháp thay vì xuất bản")

    def handle(self, *args, path, centre, files_dir=None, dry_run=False, draft=False, **options):
        found = Centre.objects.with_site().filter(name__iexact=centre.strip()).first()
        if found is None:
            names = ", ".join(Centre.objects.values_list("name", flat=True))
            raise CommandError(
                _("Không có trung tâm “%(centre)s”. Các trung tâm: %(names)s")
                % {"centre": centre, "names": names}
            )
        index = LibraryIndexPage.objects.descendant_of(found.site.root_page).first()
        if index is None:
            raise CommandError(_("%(centre)s chưa có trang thư viện số.") % {"centre": found.title})
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(
                _("Không đọc được tệp %(path)s: %(reason)s")
                % {"path": path, "reason": error.strerror}
            ) from error
        files = None
        known = None
        if files_dir:
            folder = Path(files_dir)
            known = {p.name for p in folder.iterdir() if p.is_file()}
            files = {
                name: (lambda p=folder / name: File(open(p, "rb"), name=p.name)) for name in known
            }  # noqa: SIM115
        try:
            header, rows = read_table(data, path)
            result = validate(header, rows, existing_keys=existing_keys(index), known_files=known)
        except ImportFileError as error:
            raise CommandError(error.message) from error
        if not result.ok:
            shown = result.errors[:50]
            more = len(result.errors) - len(shown)
            lines = "\n".join(f"  - {e}" for e in shown)
            message = ngettext(
                "Tệp có %(count)s lỗi, chưa nhập dòng nào:",
                "Tệp có %(count)s lỗi, chưa nhập dòng nào:",
                len(result.errors),
            ) % {"count": len(result.errors)}
            if more:
                lines += "\n  " + ngettext(
                    "… và %(count)s lỗi khác", "… và %(count)s lỗi khác", more
                ) % {"count": more}
            raise CommandError(f"{message}\n{lines}")
        self.stdout.write(
            ngettext(
                "Tệp hợp lệ: %(count)s tài liệu cho %(centre)s.",
                "Tệp hợp lệ: %(count)s tài liệu cho %(centre)s.",
                len(result.items),
            )
            % {"count": len(result.items), "centre": found.title}
        )
        if dry_run:
            return
        created = import_items(
            index, result.items, publish=not draft, files=files, progress=self._progress
        )
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Đã nhập %(count)s tài liệu vào %(library)s – %(centre)s.",
                    "Đã nhập %(count)s tài liệu vào %(library)s – %(centre)s.",
                    len(created),
                )
                % {"count": len(created), "library": index.title, "centre": found.title}
            )
        )

    def _progress(self, done: int, total: int) -> None:
        step = max(1, total // 50)
        if done % step and done != total:
            return
        width = 30
        filled = int(width * done / total)
        bar = "█" * filled + "·" * (width - filled)
        self.stdout.write(f"\r[{bar}] {done}/{total} ({done * 100 // total}%)", ending="")
        self.stdout.flush()
