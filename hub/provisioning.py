"""Provisioning a centre's Site, media collection, staff groups and moderation workflow.

The page tree itself is built by home/ (which knows the page types); it calls
`provision_centre_site()` inside the same transaction, so a failure leaves nothing behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
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
from .signals import centre_provisioned

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
    """A centre cannot be created as asked; `errors` maps a field name to a Vietnamese message."""

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


def validate_new_centre(name: str, hostname: str) -> None:
    """Raise ProvisioningError (every problem at once) unless both name and hostname are free."""
    errors: dict[str, str] = {}
    name = (name or "").strip()
    names = CentreNames(name)
    if not name:
        errors["name"] = "Hãy nhập tên phường/xã, ví dụ “Phường Lam Hạ”."
    elif len(name) > 120:
        errors["name"] = "Tên phường/xã dài quá 120 ký tự."
    elif Centre.objects.filter(name__iexact=name).exists():
        errors["name"] = f"Đã có trung tâm “{name}”. Không tạo lại lần hai."
    elif (
        Group.objects.filter(name__in=[names.editors, names.contributors]).exists()
        or Collection.objects.filter(name=names.title).exists()
    ):
        errors["name"] = f"Nhóm hoặc thư mục của “{names.title}” đã tồn tại; hãy kiểm tra lại."

    if not hostname:
        errors["hostname"] = "Hãy nhập tên miền, ví dụ “lam-ha.phuly.edu.vn”."
    elif "://" in hostname or "/" in hostname or ":" in hostname:
        errors["hostname"] = (
            "Chỉ nhập tên miền, không kèm “http://”, cổng hay đường dẫn (ví dụ “lam-ha.localhost”)."
        )
    elif not HOSTNAME_RE.match(hostname):
        errors["hostname"] = (
            f"“{hostname}” không phải tên miền hợp lệ: chỉ dùng chữ a–z không dấu, số, dấu “-” và “.”."
        )
    elif Site.objects.filter(hostname=hostname).exists():
        errors["hostname"] = f"Tên miền “{hostname}” đã được dùng cho một trang khác."
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


def _staff_group(name: str, root: Page, collection: Collection, page_perms, media_actions) -> Group:
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
    """Create the Site, collection, groups and workflow of a centre whose home page exists."""
    hostname = normalise_hostname(hostname)
    validate_new_centre(name, hostname)
    names = CentreNames(name.strip())
    site = Site.objects.create(
        hostname=hostname, port=port, root_page=root_page, site_name=names.title
    )
    collection = Collection.get_first_root_node().add_child(name=names.title)
    editors = _staff_group(
        names.editors, root_page, collection, EDITOR_PAGE_PERMISSIONS, EDITOR_MEDIA_ACTIONS
    )
    contributors = _staff_group(
        names.contributors,
        root_page,
        collection,
        CONTRIBUTOR_PAGE_PERMISSIONS,
        CONTRIBUTOR_MEDIA_ACTIONS,
    )
    _moderation_workflow(names, root_page, editors)
    centre = Centre.objects.create(
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
    centre_provisioned.send(sender=Centre, centre=centre)
    return centre


def _moderation_workflow(names: CentreNames, root_page: Page, editors: Group) -> Workflow:
    """Contributors' changes wait for one of the centre's editors to approve them."""
    workflow = Workflow.objects.create(name=names.workflow)
    task = GroupApprovalTask.objects.create(name=f"Biên tập viên {names.title} duyệt")
    task.groups.set([editors])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=root_page)
    return workflow


def ensure_hub_staff_group(hub_root: Page) -> Group:
    """The committee's staff: every page, every collection, every centre (idempotent)."""
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
            group=group, page=hub_root.get_parent(), permission=perm
        )
    for perm in _media_permissions(EDITOR_MEDIA_ACTIONS + ["delete"]):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=Collection.get_first_root_node(), permission=perm
        )
    return group
