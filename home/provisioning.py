"""The network's provisioning flow, one visible place: `setup_network()` for the hub (a real
install or the demo) and `add_centre()` for each centre. Each is one transaction of small,
idempotent or validated steps; the steps that need no page type are in hub/provisioning.py and
contests/provisioning.py. The `setup_network` and `add_centre` commands, the admin's "add a centre"
form and the demo loader all call these functions."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page, Site

from contests import provisioning as contests_provisioning
from contests.models import ContestIndexPage
from events.models import EventIndexPage
from hub.models import Centre
from hub.provisioning import (
    CentreNames,
    ProvisioningError,
    ensure_hub_staff_group,
    ensure_hub_workflow,
    hostname_error,
    normalise_hostname,
    provision_centre_site,
    validate_new_centre,
)
from hub.text import vietnamese_slug
from lessons.models import LessonIndexPage
from library.models import LibraryIndexPage

from .models import CentreDirectoryPage, CentreHomePage, HubHomePage, NewsIndexPage, StandardPage

KIND_PREFIXES = {
    "phường": Centre.Kind.WARD,
    "xã": Centre.Kind.COMMUNE,
    "thị trấn": Centre.Kind.TOWNSHIP,
}


def guess_kind(name: str) -> str:
    lowered = name.strip().lower()
    for prefix, kind in KIND_PREFIXES.items():
        if lowered.startswith(prefix + " "):
            return kind
    return Centre.Kind.WARD


def hub_sections() -> list:
    """The hub's sections, in menu order (the home page itself comes with the migrations)."""
    return [
        NewsIndexPage(title="Tin tức – Thông báo", slug="tin-tuc", show_in_menus=True),
        LibraryIndexPage(title="Thư viện số liên thông", slug="thu-vien", show_in_menus=True),
        LessonIndexPage(title="Kho bài giảng liên thông", slug="bai-giang", show_in_menus=True),
        CentreDirectoryPage(title="Các trung tâm", slug="cac-trung-tam", show_in_menus=True),
        ContestIndexPage(title="Hội thi", slug="hoi-thi", show_in_menus=True),
        EventIndexPage(title="Lịch hoạt động", slug="lich-hoat-dong", show_in_menus=True),
    ]


def ensure_hub_sections(hub: HubHomePage) -> list[str]:
    """Add (and publish) the sections the hub lacks; returns the titles added."""
    existing = {type(page.specific) for page in hub.get_children()}
    added = []
    for section in hub_sections():
        if type(section) not in existing:
            hub.add_child(instance=section)
            section.save_revision().publish()
            added.append(section.title)
    return added


def ensure_hub_site(hostname: str | None = None, port: int | None = None) -> Site:
    """The hub's Site (the default one, made by the migrations), moved to `hostname`/`port` if
    given."""
    site = Site.objects.get(is_default_site=True)
    changed = False
    if hostname and site.hostname != hostname:
        site.hostname, changed = hostname, True
    if port and site.port != port:
        site.port, changed = port, True
    if changed:
        site.save()
    return site


@transaction.atomic
def setup_network(hostname: str | None = None, port: int | None = None) -> dict:
    """Everything a real install needs around the hub, idempotent: the hub's Site, its sections,
    the hub staff group (every page and collection) and the workflow in which it approves what is
    submitted on the hub (e.g. learners' lessons shared there), the contest index with the entry
    workflow and every centre's entry permissions, the judges group."""
    if hostname is not None:
        hostname = normalise_hostname(hostname)
        others = Site.objects.exclude(is_default_site=True)
        if message := hostname_error(hostname, taken_by_others=others):
            raise ProvisioningError({"hostname": message})
    site = ensure_hub_site(hostname, port)
    hub = site.root_page.specific
    added = ensure_hub_sections(hub)
    hub_staff = ensure_hub_staff_group()
    ensure_hub_workflow(hub, hub_staff)
    for index in ContestIndexPage.objects.child_of(hub):
        contests_provisioning.set_up_contest_index(index, Centre.objects.all(), hub_staff)
    ensure_centre_calendars()
    contests_provisioning.ensure_judges_group()
    return {"site": site, "hub": hub, "added": added, "hub_staff": hub_staff}


def ensure_centre_calendars() -> list[str]:
    """Centres made before events existed get their "Lịch hoạt động" (idempotent)."""
    added = []
    for home in CentreHomePage.objects.all():
        if not EventIndexPage.objects.child_of(home).exists():
            index = EventIndexPage(
                title="Lịch hoạt động", slug="lich-hoat-dong", show_in_menus=True
            )
            home.add_child(instance=index)
            index.save_revision().publish()
            added.append(home.title)
    return added


def build_centre_tree(names: CentreNames, address: str = "") -> CentreHomePage:
    """A centre home page with its news, library, lessons and about sections (all live)."""
    root = Page.get_first_root_node()
    slug = vietnamese_slug(names.name)
    if root.get_children().filter(slug=slug).exists():
        slug = f"{slug}-{root.get_children_count() + 1}"
    home = root.add_child(
        instance=CentreHomePage(
            title=names.title,
            slug=slug,
            intro=f"<p>Chào mừng bạn đến với Trung tâm học tập cộng đồng {names.name[:1].lower()}{names.name[1:]}.</p>",
        )
    )
    sections = [
        NewsIndexPage(title="Tin tức – Thông báo", slug="tin-tuc", show_in_menus=True),
        LibraryIndexPage(title="Thư viện số", slug="thu-vien", show_in_menus=True),
        LessonIndexPage(title="Kho bài giảng", slug="bai-giang", show_in_menus=True),
        EventIndexPage(title="Lịch hoạt động", slug="lich-hoat-dong", show_in_menus=True),
        StandardPage(
            title="Giới thiệu – Liên hệ",
            slug="gioi-thieu",
            show_in_menus=True,
            body=[("paragraph", f"<p>{names.title}. Địa chỉ: {address or 'đang cập nhật'}.</p>")],
        ),
    ]
    home.save_revision().publish()
    for section in sections:
        home.add_child(instance=section)
        section.save_revision().publish()
    return home


@transaction.atomic
def add_centre(
    name: str,
    hostname: str,
    *,
    port: int | None = None,
    kind: str | None = None,
    address: str = "",
    phone: str = "",
    email: str = "",
) -> Centre:
    """Create a centre: Site, page tree, collection, staff groups and moderation workflow.

    Raises hub.provisioning.ProvisioningError, having changed nothing, if the name or hostname is
    invalid or already taken.
    """
    name = (name or "").strip()
    hostname = normalise_hostname(hostname)
    validate_new_centre(name, hostname)
    names = CentreNames(name)
    home = build_centre_tree(names, address)
    centre = provision_centre_site(
        name=name,
        hostname=hostname,
        port=port or Site.objects.get(is_default_site=True).port,  # the hub's, by default
        root_page=home,
        kind=kind or guess_kind(name),
        address=address,
        phone=phone,
        email=email,
    )
    contests_provisioning.set_up_centre(centre)
    return centre
