"""The network's steps that need no page type: the hub staff group, and a centre's Site, media
collection, staff groups and moderation workflow -- one function per step.

The whole flow (`setup_network`, `add_centre`) is in home/provisioning.py, which knows the page
types and the other apps' steps; it calls these inside one transaction, so a failure leaves nothing
behind. Who may import it: home (the flow), contests (the hub staff group approves entries).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import Centre

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
HOSTNAME_RE = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*$")

EDITOR_PAGE_PERMISSIONS = ["add", "change", "publish", "lock", "unlock"]
CONTRIBUTOR_PAGE_PERMISSIONS = ["add", "change"]
# wagtailmedia checks its permissions on wagtailmedia.Media, whatever the concrete media model.
MEDIA_APPS = {"wagtailimages": "image", "wagtaildocs": "document", "wagtailmedia": "media"}
EDITOR_MEDIA_ACTIONS = ["add", "change", "choose"]
CONTRIBUTOR_MEDIA_ACTIONS = ["add", "choose"]
HUB_STAFF_GROUP = "Ban chỉ đạo – Quản trị mạng lưới"


class ProvisioningError(Exception):
    """A centre cannot be created as asked; `errors` maps a field name to a message (in the
    active language)."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(errors.values()))


@dataclass(frozen=True)
class CentreNames:
    """The names every object of one centre is given, derived from the ward/commune name."""

    name: str

    @property
    def title(self) -> str:
        return f"TTHTCĐ {self.name[:1].lower()}{self.name[1:]}"

    @property
    def editors(self) -> str:
        return f"{self.title} – Biên tập viên"

    @property
    def contributors(self) -> str:
        return f"{self.title} – Cộng tác viên"

    @property
    def workflow(self) -> str:
        return f"Duyệt bài – {self.title}"


def normalise_hostname(raw: str) -> str:
    return (raw or "").strip().lower().rstrip(".")


def hostname_error(hostname: str, *, taken_by_others=None) -> str | None:
    """The reason (in the active language) a hostname cannot be used for a new site, or None.
    `taken_by_others` is the queryset of Sites that must not have it (default: every Site)."""
    if not hostname:
        return _("Hãy nhập tên miền, ví dụ “lam-ha.phuly.edu.vn”.")
    if "://" in hostname or "/" in hostname or ":" in hostname:
        return _(
            "Chỉ nhập tên miền, không kèm “http://”, cổng hay đường dẫn (ví dụ “lam-ha.localhost”)."
        )
    if not HOSTNAME_RE.match(hostname):
        return _(
            "“%(hostname)s” không phải tên miền hợp lệ: chỉ dùng chữ a–z không dấu, số, dấu “-” và “.”."
        ) % {"hostname": hostname}
    others = Site.objects.all() if taken_by_others is None else taken_by_others
    if others.filter(hostname=hostname).exists():
        return _("Tên miền “%(hostname)s” đã được dùng cho một trang khác.") % {
            "hostname": hostname
        }
    return None


def validate_new_centre(name: str, hostname: str) -> None:
    """Raise ProvisioningError (every problem at once) unless both name and hostname are free."""
    errors: dict[str, str] = {}
    name = (name or "").strip()
    names = CentreNames(name)
    if not name:
        errors["name"] = _("Hãy nhập tên phường/xã, ví dụ “Phường Lam Hạ”.")
    elif len(name) > 120:
        errors["name"] = _("Tên phường/xã dài quá 120 ký tự.")
    elif Centre.objects.filter(name__iexact=name).exists():
        errors["name"] = _("Đã có trung tâm “%(name)s”. Không tạo lại lần hai.") % {"name": name}
    elif (
        Group.objects.filter(name__in=[names.editors, names.contributors]).exists()
        or Collection.objects.filter(name=names.title).exists()
    ):
        errors["name"] = _("Nhóm hoặc thư mục của “%(centre)s” đã tồn tại; hãy kiểm tra lại.") % {
            "centre": names.title
        }

    if message := hostname_error(hostname):
        errors["hostname"] = message
    if errors:
        raise ProvisioningError(errors)


def _media_permissions(actions: list[str]) -> list[Permission]:
    condition = Q(pk__in=[])
    for app_label, model in MEDIA_APPS.items():
        codenames = [f"{action}_{model}" for action in actions]
        condition |= Q(content_type__app_label=app_label, codename__in=codenames)
    return list(Permission.objects.filter(condition))


def _admin_access() -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def create_staff_group(
    name: str, root: Page, collection: Collection, page_perms, media_actions
) -> Group:
    """A centre's staff group: admin access, the page permissions on the centre's subtree and the
    media permissions on its collection."""
    group = Group.objects.create(name=name)
    group.permissions.add(_admin_access())
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page=root, permission=perm)
        for perm in Permission.objects.filter(
            content_type__app_label="wagtailcore",
            codename__in=[f"{p}_page" for p in page_perms],
        )
    )
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(group=group, collection=collection, permission=perm)
        for perm in _media_permissions(media_actions)
    )
    return group


def create_centre_site(names: CentreNames, hostname: str, port: int, root_page: Page) -> Site:
    return Site.objects.create(
        hostname=hostname, port=port, root_page=root_page, site_name=names.title
    )


def create_centre_collection(names: CentreNames) -> Collection:
    """The centre's folder for images, documents and videos."""
    return Collection.get_first_root_node().add_child(name=names.title)


def ensure_approval_workflow(name: str, task_name: str, approvers: Group, page: Page) -> Workflow:
    """The workflow `name` (one group approval task, `task_name`, by `approvers`) applies to
    `page` and its subtree. Idempotent and respectful of what staff changed in the admin: an
    existing workflow keeps its tasks (only a task left with no approving group gets `approvers`)
    and a page that already has a workflow keeps it."""
    workflow, created = Workflow.objects.get_or_create(name=name)
    if created:
        task = GroupApprovalTask.objects.create(name=task_name)
        task.groups.set([approvers])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    else:
        for task in GroupApprovalTask.objects.filter(workflow_tasks__workflow=workflow):
            if not task.groups.exists():  # nobody could approve: made before the group existed
                task.groups.add(approvers)
    WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})
    return workflow


def create_moderation_workflow(names: CentreNames, root_page: Page, editors: Group) -> Workflow:
    """Contributors' changes (and learners' shared lessons) wait for one of the centre's editors."""
    return ensure_approval_workflow(
        names.workflow, f"Biên tập viên {names.title} duyệt", editors, root_page
    )


@transaction.atomic
def provision_centre_site(
    *,
    name: str,
    hostname: str,
    port: int,
    root_page: Page,
    kind: str = Centre.Kind.WARD,
    address: str = "",
    phone: str = "",
    email: str = "",
) -> Centre:
    """Create the Site, collection, groups, workflow and Centre record of a centre whose home
    page exists. The other apps' steps for a new centre (e.g. contest permissions) are in
    home.provisioning.add_centre, which calls this."""
    hostname = normalise_hostname(hostname)
    validate_new_centre(name, hostname)
    names = CentreNames(name.strip())
    site = create_centre_site(names, hostname, port, root_page)
    collection = create_centre_collection(names)
    editors = create_staff_group(
        names.editors, root_page, collection, EDITOR_PAGE_PERMISSIONS, EDITOR_MEDIA_ACTIONS
    )
    contributors = create_staff_group(
        names.contributors,
        root_page,
        collection,
        CONTRIBUTOR_PAGE_PERMISSIONS,
        CONTRIBUTOR_MEDIA_ACTIONS,
    )
    create_moderation_workflow(names, root_page, editors)
    return Centre.objects.create(
        site=site,
        name=names.name,
        kind=kind,
        address=address,
        phone=phone,
        email=email,
        collection=collection,
        editors_group=editors,
        contributors_group=contributors,
    )


def ensure_hub_staff_group() -> Group:
    """The committee's staff ("Ban chỉ đạo – Quản trị mạng lưới"): every page, every collection,
    every centre; they approve contest entries. Idempotent."""
    group, _created = Group.objects.get_or_create(name=HUB_STAFF_GROUP)
    group.permissions.add(
        _admin_access(),
        *Permission.objects.filter(
            content_type__app_label="hub",
            codename__in=[
                "view_all_centres",
                "add_centre",
                "change_centre",
                "view_centre",
                "change_networksettings",
                "change_sitebranding",
            ],
        ),
    )
    for perm in Permission.objects.filter(
        content_type__app_label="wagtailcore",
        codename__in=[f"{p}_page" for p in EDITOR_PAGE_PERMISSIONS + ["delete"]],
    ):
        GroupPagePermission.objects.get_or_create(
            group=group, page=Page.get_first_root_node(), permission=perm
        )
    for perm in _media_permissions(EDITOR_MEDIA_ACTIONS + ["delete"]):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=Collection.get_first_root_node(), permission=perm
        )
    return group


HUB_WORKFLOW = "Duyệt bài – Ban chỉ đạo"
HUB_TASK = "Ban chỉ đạo duyệt"


def ensure_hub_workflow(hub_root: Page, hub_staff: Group) -> Workflow:
    """Changes under the hub's own pages (a learner's lesson shared on the hub site, news by a
    contributor) wait for the committee's staff. Centres' subtrees have their own workflows."""
    return ensure_approval_workflow(HUB_WORKFLOW, HUB_TASK, hub_staff, hub_root)
