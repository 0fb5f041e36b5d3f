from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_save
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from hub.models import Centre
from hub.provisioning import HUB_STAFF_GROUP
from hub.signals import centre_provisioned

ENTRY_WORKFLOW = "Duyệt bài dự thi (Ban chỉ đạo)"


def grant_entry_permissions(index, centres) -> None:
    """Centre staff may add entries under the contests and edit them (hooks narrow it down to
    their own centre's entries while a contest is open); publishing goes through the hub."""
    permissions = list(
        Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=["add_page", "change_page"]
        )
    )
    for centre in centres:
        for group in (centre.editors_group, centre.contributors_group):
            for permission in permissions:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=index, permission=permission
                )


def ensure_entry_workflow(index) -> Workflow:
    workflow, created = Workflow.objects.get_or_create(name=ENTRY_WORKFLOW)
    if created:
        task = GroupApprovalTask.objects.create(name="Ban chỉ đạo duyệt bài dự thi")
        task.groups.set(Group.objects.filter(name=HUB_STAFF_GROUP))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


def on_centre_provisioned(sender, centre, **kwargs) -> None:
    from .models import ContestIndexPage

    for index in ContestIndexPage.objects.all():
        grant_entry_permissions(index, [centre])


def on_contest_index_saved(sender, instance, created, **kwargs) -> None:
    if created:
        grant_entry_permissions(instance, Centre.objects.all())
        ensure_entry_workflow(instance)


JUDGES_GROUP = "Giám khảo"


def ensure_judges_group() -> Group:
    group, created = Group.objects.get_or_create(name=JUDGES_GROUP)
    if created:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    return group


def on_judge_saved(sender, instance, **kwargs) -> None:
    """Whoever is made a judge can sign in to the admin to score (and sees only judging screens)."""
    instance.user.groups.add(ensure_judges_group())


def register_signal_handlers() -> None:
    from .models import ContestIndexPage, ContestJudge

    post_save.connect(on_judge_saved, sender=ContestJudge, dispatch_uid="contests-judge-saved")
    centre_provisioned.connect(on_centre_provisioned, dispatch_uid="contests-centre-provisioned")
    post_save.connect(
        on_contest_index_saved, sender=ContestIndexPage, dispatch_uid="contests-index-saved"
    )
