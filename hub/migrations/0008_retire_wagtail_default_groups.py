"""Wagtail's install creates the groups "Editors" and "Moderators" with rights over the whole page
tree and every collection, and a "Moderators approval" workflow on the root. In a network of
centres they are a trap: a user put in them edits every centre, and they are listed first when
staff create a user. Centres and the hub have their own groups and workflows (hub/provisioning.py).

This migration takes their rights away, deletes the groups that hold nobody, and retires the
default workflow (and its task) unless pages are still in it. Nothing else is touched."""

from django.db import migrations

DEFAULT_GROUPS = ("Editors", "Moderators")
DEFAULT_WORKFLOW = "Moderators approval"


def retire(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    Task = apps.get_model("wagtailcore", "Task")

    for group in Group.objects.filter(name__in=DEFAULT_GROUPS):
        GroupPagePermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.filter(group=group).delete()
        group.permissions.clear()  # e.g. "Can access Wagtail admin"
        if not group.user_set.exists():
            group.delete()
    for workflow in Workflow.objects.filter(name=DEFAULT_WORKFLOW, active=True):
        if WorkflowState.objects.filter(workflow=workflow, status="in_progress").exists():
            continue
        WorkflowPage.objects.filter(workflow=workflow).delete()
        workflow.active = False
        workflow.save(update_fields=["active"])
        Task.objects.filter(name=DEFAULT_WORKFLOW, workflow_tasks__workflow=workflow).update(
            active=False
        )


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0007_field_name_en"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(retire, migrations.RunPython.noop)]
