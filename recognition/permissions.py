"""Who may see and do what in the learning-models review.

Hub staff (superusers, `hub.view_all_centres`) reach every organisation. Other staff reach the
subtrees of the organisations they are listed at (`OrganisationStaff`) and of the branches their
centres are linked to. Approval needs `can_approve` at an organisation above the unit (or at it,
for a set that the unit approves itself) — or hub staff. A learner sees only their declarations.
"""

from __future__ import annotations

from django.db.models import Q

from hub.models import Centre

from .models import CriteriaSet, Declaration, Organisation, OrganisationStaff


def is_network_staff(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("hub.view_all_centres"))


def scope_paths(user) -> list[str] | None:
    """Tree paths the user reviews under; None for every organisation, [] for none."""
    if not user.is_authenticated or not user.is_active:
        return []
    if is_network_staff(user):
        return None
    paths = set(
        OrganisationStaff.objects.filter(user=user).values_list("organisation__path", flat=True)
    )
    centres = Centre.objects.confining(user) or []
    if centres:
        paths.update(Organisation.objects.filter(centre__in=centres).values_list("path", flat=True))
    # a path under another one adds nothing
    ordered = sorted(paths)
    kept: list[str] = []
    for path in ordered:
        if not any(path.startswith(top) for top in kept):
            kept.append(path)
    return kept


def path_q(paths: list[str] | None, field: str = "path") -> Q:
    if paths is None:
        return Q()
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def organisations_for(user):
    return Organisation.objects.filter(path_q(scope_paths(user)))


def declarations_for(user):
    return Declaration.objects.filter(path_q(scope_paths(user), "unit__path"))


def can_review(user, declaration: Declaration) -> bool:
    paths = scope_paths(user)
    return paths is None or any(declaration.unit.path.startswith(p) for p in paths)


def approver_paths(user) -> list[str] | None:
    if is_network_staff(user):
        return None
    return list(
        OrganisationStaff.objects.filter(user=user, can_approve=True).values_list(
            "organisation__path", flat=True
        )
    )


def can_approve(user, declaration: Declaration) -> bool:
    """Approval at the level the set asks: a branch-level set needs an approver above the unit."""
    paths = approver_paths(user)
    if paths is None:
        return True
    unit_path = declaration.unit.path
    branch_level = declaration.cycle.criteria_set.approval == CriteriaSet.Approval.BRANCH
    for path in paths:
        if unit_path.startswith(path) and (not branch_level or path != unit_path):
            return True
    return False


def can_manage(user) -> bool:
    """Criteria sets, cycles and the tree itself: hub staff, or approvers of a subtree."""
    return (
        is_network_staff(user)
        or OrganisationStaff.objects.filter(user=user, can_approve=True).exists()
    )
