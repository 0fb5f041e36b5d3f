"""Changing the association's tree as the country's map changes: move a branch (a district
abolished: its wards go straight under the province), merge two (two wards become one).

Both keep every declaration, cycle and decision: they point at organisations by id, and a merged
organisation stays as an inactive row pointing at the one it joined (`merged_into`), so old QR
codes still open a page that says where to go. `merge_plan` is the dry run of `merge`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Cycle, Decision, Declaration, Organisation, OrganisationStaff
from .workflow import WorkflowError


def _fresh(node: Organisation) -> Organisation:
    return Organisation.objects.get(pk=node.pk)


def move(node: Organisation, new_parent: Organisation | None) -> Organisation:
    """Put `node` (with its subtree) under `new_parent` (None: make it a root)."""
    node = _fresh(node)
    if new_parent is not None:
        new_parent = _fresh(new_parent)
        if new_parent.path.startswith(node.path):
            raise WorkflowError(_("Không thể chuyển một tổ chức vào bên trong chính nó."))
        if new_parent.is_unit:
            raise WorkflowError(
                _("“%(name)s” là đơn vị đăng ký, không chứa tổ chức khác.") % {"name": new_parent}
            )
        current = node.get_parent()
        if current is not None and current.pk == new_parent.pk:
            return node
    with transaction.atomic():
        if new_parent is None:
            root = Organisation.get_first_root_node()
            node.move(root, "sorted-sibling")
        else:
            node.move(new_parent, "sorted-child")
    return _fresh(node)


@dataclass
class MergePlan:
    source: Organisation
    target: Organisation
    children: int
    declarations: int
    cycles: int
    decisions: int
    staff: int
    problems: list[str]

    @property
    def possible(self) -> bool:
        return not self.problems


def merge_plan(source: Organisation, target: Organisation) -> MergePlan:
    source, target = _fresh(source), _fresh(target)
    problems = []
    if source.pk == target.pk:
        problems.append(_("Hãy chọn một tổ chức khác để nhập vào."))
    elif target.path.startswith(source.path):
        problems.append(_("Không thể nhập một tổ chức vào tổ chức con của nó."))
    if not target.active:
        problems.append(_("“%(name)s” đã ngừng hoạt động.") % {"name": target})
    declarations = Declaration.objects.filter(unit=source).count()
    if declarations and not target.is_unit:
        problems.append(
            _("“%(source)s” có hồ sơ tự đánh giá; chỉ nhập được vào một đơn vị đăng ký.")
            % {"source": source}
        )
    if source.get_children_count() and target.is_unit:
        problems.append(
            _("“%(target)s” là đơn vị đăng ký, không nhận được các tổ chức con.")
            % {"target": target}
        )
    if source.centre_id and target.centre_id and source.centre_id != target.centre_id:
        problems.append(
            _("Cả hai đều gắn với một trung tâm; hãy bỏ liên kết trung tâm ở một bên trước.")
        )
    duplicates = Declaration.objects.filter(
        unit=source,
        learner__in=Declaration.objects.filter(unit=target).values("learner"),
        cycle__in=Declaration.objects.filter(unit=target).values("cycle"),
    ).count()
    if duplicates:
        problems.append(
            _("%(n)s người có hồ sơ cùng đợt ở cả hai nơi; hãy xử lý trước khi nhập.")
            % {"n": duplicates}
        )
    return MergePlan(
        source=source,
        target=target,
        children=source.get_children_count(),
        declarations=declarations,
        cycles=Cycle.objects.filter(organisation=source).count(),
        decisions=Decision.objects.filter(organisation=source).count(),
        staff=OrganisationStaff.objects.filter(organisation=source).count(),
        problems=problems,
    )


def merge(source: Organisation, target: Organisation) -> MergePlan:
    """Everything of `source` goes to `target`; `source` stays, inactive, pointing at it.
    Running it again changes nothing (the source has nothing left)."""
    plan = merge_plan(source, target)
    if not plan.possible:
        raise WorkflowError(" ".join(plan.problems))
    with transaction.atomic():
        for child in list(_fresh(source).get_children()):
            move(child, target)
        Declaration.objects.filter(unit=source).update(unit=target)
        Cycle.objects.filter(organisation=source).update(organisation=target)
        Decision.objects.filter(organisation=source).update(organisation=target)
        kept = set(
            OrganisationStaff.objects.filter(organisation=target).values_list("user_id", flat=True)
        )
        for row in OrganisationStaff.objects.filter(organisation=source):
            if row.user_id in kept:
                row.delete()
            else:
                row.organisation = target
                row.save(update_fields=["organisation"])
        centre = plan.source.centre_id
        Organisation.objects.filter(pk=source.pk).update(
            active=False, merged_into=target, is_unit=False, centre=None
        )
        if centre and not plan.target.centre_id:
            Organisation.objects.filter(pk=target.pk).update(centre_id=centre)
    return plan
