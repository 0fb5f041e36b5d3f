"""Setting contests up in the network (idempotent steps, called by home.provisioning when the
network or a centre is set up, and by the signal handlers when staff add a contest index):
centre staff may add entries, the hub's staff approve them, judges may sign in."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Workflow

from hub.provisioning import ensure_approval_workflow

ENTRY_WORKFLOW = "Duyệt bài dự thi (Ban chỉ đạo)"
ENTRY_TASK = "Ban chỉ đạo duyệt bài dự thi"
JUDGES_GROUP = "Giám khảo"


def grant_entry_permissions(index, centres) -> None:
    """Centre staff may add entries under the contests and edit them (hooks narrow it down to
    their own centre's entries while a contest is open); publishing goes through the hub."""
    permissions = list(
        Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=["add_page", "change_page"]
        )
    )
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(group_id=group_id, page=index, permission=permission)
            for centre in centres
            for group_id in (centre.editors_group_id, centre.contributors_group_id)
            for permission in permissions
        ],
        ignore_conflicts=True,  # what a centre already has stays as it is
    )


def ensure_entry_workflow(index, hub_staff: Group) -> Workflow:
    """Entries under `index` wait for the hub's staff to approve them."""
    return ensure_approval_workflow(ENTRY_WORKFLOW, ENTRY_TASK, hub_staff, index)


def ensure_judges_group() -> Group:
    """Whoever is made a judge joins this group: admin access, and only the judging screens."""
    group, _created = Group.objects.get_or_create(name=JUDGES_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return group


def set_up_contest_index(index, centres, hub_staff: Group) -> None:
    """Everything a contest index needs: entry permissions for every centre and the hub's
    approval workflow."""
    grant_entry_permissions(index, centres)
    ensure_entry_workflow(index, hub_staff)


def set_up_centre(centre) -> None:
    """A new centre's staff may enter every contest."""
    from .models import ContestIndexPage

    for index in ContestIndexPage.objects.all():
        grant_entry_permissions(index, [centre])
