"""Building a centre's page tree and wiring it into the network in one transaction."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from wagtail.models import Page

from hub.models import Centre
from hub.provisioning import (
    CentreNames,
    normalise_hostname,
    provision_centre_site,
    validate_new_centre,
)
from hub.text import vietnamese_slug
from lessons.models import LessonIndexPage
from library.models import LibraryIndexPage

from .models import CentreHomePage, NewsIndexPage, StandardPage

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
            intro=f"<p>Chào mừng bạn đến với Trung tâm học tập cộng đồng {names.name.lower()}.</p>",
        )
    )
    sections = [
        NewsIndexPage(title="Tin tức – Thông báo", slug="tin-tuc", show_in_menus=True),
        LibraryIndexPage(title="Thư viện số", slug="thu-vien", show_in_menus=True),
        LessonIndexPage(title="Kho bài giảng", slug="bai-giang", show_in_menus=True),
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
    return provision_centre_site(
        name=name,
        hostname=hostname,
        port=port or settings.HUB_SITE_PORT,
        root_page=home,
        kind=kind or guess_kind(name),
        address=address,
        phone=phone,
        email=email,
    )
