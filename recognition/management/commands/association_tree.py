"""Change the association's tree from the command line, as the admin does:

    manage.py association_tree move NB-LAMHA --to NB          # under another node
    manage.py association_tree merge NB-TDP1 --into NB-TDP2   # dry run: what would move
    manage.py association_tree merge NB-TDP1 --into NB-TDP2 --apply

Codes are the organisations' codes (any case). Running a merge again finds nothing left to move.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from recognition import tree
from recognition.models import Organisation
from recognition.workflow import WorkflowError


def _node(code: str) -> Organisation:
    node = Organisation.objects.filter(code="".join(code.split()).upper()).first()
    if node is None:
        raise CommandError(f"Không có tổ chức nào mang mã “{code}”.")
    return node


class Command(BaseCommand):
    help = "Move or merge organisations of the association's tree (dry run unless --apply)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        move = sub.add_parser("move")
        move.add_argument("code")
        move.add_argument("--to", required=True, dest="target")
        merge = sub.add_parser("merge")
        merge.add_argument("code")
        merge.add_argument("--into", required=True, dest="target")
        merge.add_argument("--apply", action="store_true")

    def handle(self, *args, action, code, target, **options):
        node, other = _node(code), _node(target)
        try:
            if action == "move":
                moved = tree.move(node, other)
                self.stdout.write(f"Đã chuyển “{moved}” vào “{other}”.")
                return
            plan = tree.merge_plan(node, other)
            self.stdout.write(
                f"Nhập “{plan.source}” vào “{plan.target}”: {plan.children} tổ chức con, "
                f"{plan.declarations} hồ sơ, {plan.cycles} đợt, {plan.decisions} quyết định, "
                f"{plan.staff} cán bộ."
            )
            if plan.problems:
                raise CommandError(" ".join(plan.problems))
            if not options["apply"]:
                self.stdout.write("Chạy thử: chưa thay đổi gì (thêm --apply để nhập).")
                return
            tree.merge(node, other)
            self.stdout.write("Đã nhập.")
        except WorkflowError as error:
            raise CommandError(str(error)) from None
