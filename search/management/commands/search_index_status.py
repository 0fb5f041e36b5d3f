from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from search.models import SearchEntry
from search.registry import registrations


class Command(BaseCommand):
    help = "So sánh số trang trong chỉ mục tìm kiếm với số trang đang xuất bản, theo loại."

    def handle(self, *args, **options):
        from django.conf import settings

        from search.database import variant

        engine = (
            f"Elasticsearch {settings.SEARCH_URL}" if settings.SEARCH_URL else _("cơ sở dữ liệu")
        )
        self.stdout.write(
            _("Máy tìm kiếm: %(engine)s (dự phòng: %(fallback)s)")
            % {"engine": engine, "fallback": variant()}
        )
        ok = True
        for registration in registrations():
            live = registration.model.objects.live().public().count()
            indexed = SearchEntry.objects.filter(kind=registration.kind).count()
            mark = "✓" if live == indexed else "✗"
            ok &= live == indexed
            counts = _("%(indexed)s trong chỉ mục / %(live)s đang xuất bản") % {
                "indexed": indexed,
                "live": live,
            }
            self.stdout.write(f"{mark} {registration.label}: {counts}")
        self.stdout.write(
            self.style.SUCCESS(_("Chỉ mục khớp dữ liệu."))
            if ok
            else self.style.WARNING(
                _("Chỉ mục lệch; chạy: %(command)s")
                % {"command": "python manage.py rebuild_search_index"}
            )
        )
