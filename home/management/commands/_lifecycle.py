"""What the lifecycle commands share: finding a centre by name or hostname, printing an outcome."""

from django.core.management.base import CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from hub.models import Centre


def find_centre(text: str) -> Centre:
    """A centre by its ward/commune name (any case) or its hostname."""
    text = (text or "").strip()
    found = Centre.all_centres.select_related("site").filter(
        Q(name__iexact=text) | Q(site__hostname__iexact=text)
    )
    centre = found.first()
    if centre is None:
        names = ", ".join(Centre.objects.order_by("name").values_list("name", flat=True)[:30])
        raise CommandError(
            _("Không có trung tâm “%(text)s”. Các trung tâm: %(names)s")
            % {"text": text, "names": names}
        )
    return centre


def report(command, outcome) -> None:
    if not outcome.changed:
        command.stdout.write(_("Không có gì thay đổi."))
        return
    if outcome.dry_run:
        command.stdout.write(_("Chạy thử: chưa thay đổi gì. Sẽ làm:"))
    for line in outcome.lines:
        command.stdout.write("- " + line)
    if not outcome.dry_run:
        command.stdout.write(command.style.SUCCESS(_("Đã xong.")))
