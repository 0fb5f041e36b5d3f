"""A centre's life after `add_centre`, as Vietnam's administrative map changes (issue #24):
rename (name, hostname), merge several centres into one, retire (read-only archive) and reopen,
and move the hub (a city network becoming part of a new province). The admin screens
(home/admin_lifecycle.py) and the commands (`rename_centre`, `merge_centres`, `retire_centre`,
`move_hub`) call these functions.

Each function takes `dry_run`: it then checks everything, lists what would change and changes
nothing. Each is idempotent (asking again for what is already true changes nothing and says so),
runs in one transaction, and writes a Wagtail log entry (the centre's "Lịch sử" in the admin).
Old hostnames answer with permanent redirects (hub.FormerHostname); paths that changed get Wagtail
redirects; moved pages are reindexed by the search app's move signal; every save empties the
content caches (hub/signal_handlers.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
)

from hub.models import Centre, FormerHostname, NetworkSettings, PageOrigin
from hub.provisioning import CentreNames, hostname_error, normalise_hostname
from hub.text import vietnamese_slug

MEDIA_MODELS = ("wagtailimages.Image", "wagtaildocs.Document", "hub.Video")


class LifecycleError(Exception):
    """A change that cannot be made, with the reason in Vietnamese (nothing was changed)."""

    def __init__(self, message: str, field_name: str = ""):
        super().__init__(message)
        self.message = message
        self.field_name = field_name


@dataclass
class Outcome:
    """What a change did (or, in a dry run, would do): lines for people, counts for tests."""

    dry_run: bool
    lines: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.lines)


class _DryRun(Exception):
    """Raised inside the transaction of a dry run so that nothing it did is kept."""


def _fresh(centre: Centre) -> Centre:
    """The centre as stored (a dry run changes objects in memory before rolling back: the
    caller's copy is never the one changed)."""
    return Centre.all_centres.select_related("site", "site__root_page").get(pk=centre.pk)


def _run(dry_run: bool, work) -> Outcome:
    outcome = Outcome(dry_run=dry_run)
    try:
        with transaction.atomic():
            work(outcome)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return outcome


def _free_hostname(hostname: str, site: Site | None) -> str:
    hostname = normalise_hostname(hostname)
    others = Site.objects.all() if site is None else Site.objects.exclude(pk=site.pk)
    if message := hostname_error(hostname, taken_by_others=others):
        raise LifecycleError(message, "hostname")
    former = FormerHostname.objects.filter(hostname=hostname).select_related("site").first()
    if former is not None and (site is None or former.site_id != site.pk):
        raise LifecycleError(
            _(
                "Tên miền “%(hostname)s” là tên miền cũ, đang chuyển tới %(site)s; hãy chọn tên "
                "khác."
            )
            % {"hostname": hostname, "site": former.site.site_name or former.site.hostname},
            "hostname",
        )
    return hostname


def _move_hostname(site: Site, new: str, reason: str) -> str:
    """Give the site its new hostname and keep the old one as a redirect to it."""
    old = site.hostname
    FormerHostname.objects.filter(hostname=new).delete()  # taking a former name back
    site.hostname = new
    site.save()
    FormerHostname.objects.update_or_create(
        hostname=old, defaults={"site": site, "reason": reason[:255]}
    )
    # names that already pointed at the old hostname follow it
    return old


def _rename_objects(centre: Centre, old: CentreNames, new: CentreNames) -> None:
    centre.name = new.name
    centre.save()
    site = centre.site
    site.site_name = new.title
    site.save()
    home = site.root_page.specific
    if home.title == old.title:
        home.title = home.draft_title = new.title
    slug = vietnamese_slug(new.name)
    if not home.get_siblings().exclude(pk=home.pk).filter(slug=slug).exists():
        home.slug = slug
    home.save()  # Wagtail updates the descendants' url paths when the slug changes
    Collection.objects.filter(pk=centre.collection_id).update(name=new.title)
    for group_id, name in (
        (centre.editors_group_id, new.editors),
        (centre.contributors_group_id, new.contributors),
    ):
        Group.objects.filter(pk=group_id).update(name=name)
    Workflow.objects.filter(name=old.workflow).update(name=new.workflow)
    GroupApprovalTask.objects.filter(name=f"Biên tập viên {old.title} duyệt").update(
        name=f"Biên tập viên {new.title} duyệt"
    )


def rename_centre(
    centre: Centre,
    *,
    name: str | None = None,
    hostname: str | None = None,
    user=None,
    dry_run: bool = False,
) -> Outcome:
    """A new name (ward/commune name: the title, site name, home page, folder, groups and
    workflow follow) and/or a new hostname (the old one redirects permanently)."""
    original = centre = _fresh(centre)
    if centre.status == Centre.Status.MERGED or centre.site_id is None:
        raise LifecycleError(_("Trung tâm này đã sáp nhập, không đổi tên được."))
    new_name = (name or "").strip() or centre.name
    if len(new_name) > 120:
        raise LifecycleError(_("Tên phường/xã dài quá 120 ký tự."), "name")
    if new_name != centre.name:
        taken = Centre.all_centres.filter(name__iexact=new_name).exclude(pk=centre.pk)
        if taken.exists():
            raise LifecycleError(
                _("Đã có trung tâm “%(name)s”.") % {"name": taken.first().name}, "name"
            )
        names = CentreNames(new_name)
        clash = Group.objects.filter(name__in=[names.editors, names.contributors]).exclude(
            pk__in=[centre.editors_group_id, centre.contributors_group_id]
        )
        if (
            clash.exists()
            or Collection.objects.filter(name=names.title).exclude(pk=centre.collection_id).exists()
        ):
            raise LifecycleError(
                _("Nhóm hoặc thư mục “%(title)s” đã có; hãy kiểm tra lại.")
                % {"title": names.title},
                "name",
            )
    new_host = centre.site.hostname
    if hostname and normalise_hostname(hostname) != centre.site.hostname:
        new_host = _free_hostname(hostname, centre.site)

    def work(outcome: Outcome) -> None:
        centre = _fresh(original)
        old_title = centre.title
        data = {}
        if new_name != centre.name:
            old_name = centre.name
            _rename_objects(centre, CentreNames(old_name), CentreNames(new_name))
            outcome.lines.append(
                _("Đổi tên “%(old)s” thành “%(new)s” (trang, thư mục, nhóm, quy trình duyệt).")
                % {"old": old_title, "new": centre.title}
            )
            data.update(old_name=old_name, new_name=new_name)
        if new_host != centre.site.hostname:
            old_host = _move_hostname(
                centre.site, new_host, _("Đổi tên miền của %(title)s") % {"title": centre.title}
            )
            outcome.lines.append(
                _("Đổi tên miền %(old)s thành %(new)s; địa chỉ cũ chuyển hướng vĩnh viễn sang mới.")
                % {"old": old_host, "new": new_host}
            )
            data.update(old_hostname=old_host, new_hostname=new_host)
        if data and not dry_run:
            log(instance=centre, action="hoctap.centre.rename", user=user, data=data)

    return _run(dry_run, work)


# --- retiring -----------------------------------------------------------------------------------


def _staff_permissions(centre: Centre) -> tuple:
    groups = [centre.editors_group_id, centre.contributors_group_id]
    pages = GroupPagePermission.objects.filter(group_id__in=groups)
    collections = GroupCollectionPermission.objects.filter(group_id__in=groups)
    return pages, collections


def retire_centre(centre: Centre, *, user=None, dry_run: bool = False) -> Outcome:
    """The centre stops: its site stays as a read-only archive (a notice on every page, content
    still listed and found), its staff lose every page and file permission (kept on the centre to
    be given back by `reopen_centre`)."""
    if centre.status == Centre.Status.MERGED:
        raise LifecycleError(_("Trung tâm này đã sáp nhập."))
    original = centre

    def work(outcome: Outcome) -> None:
        centre = _fresh(original)
        if centre.status == Centre.Status.ARCHIVED:
            return
        pages, collections = _staff_permissions(centre)
        centre.archived_permissions = {
            "pages": list(pages.values_list("group_id", "page_id", "permission_id")),
            "collections": list(
                collections.values_list("group_id", "collection_id", "permission_id")
            ),
        }
        outcome.counts = {
            "page_permissions": len(centre.archived_permissions["pages"]),
            "collection_permissions": len(centre.archived_permissions["collections"]),
        }
        pages.delete()
        collections.delete()
        centre.status = Centre.Status.ARCHIVED
        centre.status_changed_at = timezone.now()
        centre.save()
        outcome.lines.append(
            _(
                "%(title)s ngừng hoạt động: trang web thành trang lưu trữ chỉ đọc, cán bộ của "
                "trung tâm không sửa được nội dung (%(pages)s quyền trang, %(files)s quyền thư "
                "mục được cất lại để mở lại sau)."
            )
            % {
                "title": centre.title,
                "pages": outcome.counts["page_permissions"],
                "files": outcome.counts["collection_permissions"],
            }
        )
        if not dry_run:
            log(instance=centre, action="hoctap.centre.retire", user=user)

    return _run(dry_run, work)


def reopen_centre(centre: Centre, *, user=None, dry_run: bool = False) -> Outcome:
    """Undo `retire_centre`: the staff get back exactly the permissions they had."""
    original = centre

    def work(outcome: Outcome) -> None:
        centre = _fresh(original)
        if centre.status != Centre.Status.ARCHIVED:
            return
        kept = centre.archived_permissions or {}
        for group_id, page_id, permission_id in kept.get("pages", []):
            GroupPagePermission.objects.get_or_create(
                group_id=group_id, page_id=page_id, permission_id=permission_id
            )
        for group_id, collection_id, permission_id in kept.get("collections", []):
            GroupCollectionPermission.objects.get_or_create(
                group_id=group_id, collection_id=collection_id, permission_id=permission_id
            )
        centre.archived_permissions = {}
        centre.status = Centre.Status.ACTIVE
        centre.status_changed_at = timezone.now()
        centre.save()
        outcome.lines.append(
            _("%(title)s hoạt động trở lại; cán bộ có lại quyền như trước.")
            % {"title": centre.title}
        )
        if not dry_run:
            log(instance=centre, action="hoctap.centre.reopen", user=user)

    return _run(dry_run, work)


# --- merging ------------------------------------------------------------------------------------


def _sections(home: Page) -> dict:
    """The home page's children by page type (the first of each type: the centre's sections)."""
    found = {}
    for child in home.get_children().select_related("content_type"):
        found.setdefault(child.content_type_id, child)
    return found


def _free_slug(parent: Page, slug: str, suffix: str) -> str:
    taken = set(parent.get_children().values_list("slug", flat=True))
    if slug not in taken:
        return slug
    candidate, n = f"{slug}-{suffix}", 2
    while candidate in taken:
        candidate, n = f"{slug}-{suffix}-{n}", n + 1
    return candidate


def _move_page(page: Page, parent: Page, source: Centre, target: Centre, outcome) -> None:
    """Move one page (with its subtree) under `parent`; a slug already used there gets the old
    centre's name appended and a redirect from the path it would have had on the target."""
    old_relative = page.url_path[len(source.site.root_page.url_path) - 1 :]
    slug = _free_slug(parent, page.slug, vietnamese_slug(source.name))
    specific = page.specific
    if slug != page.slug:
        specific.slug = slug
        specific.save(clean=False)
    specific.move(parent, pos="last-child")
    specific.refresh_from_db()
    if slug != page.slug:
        Redirect.objects.update_or_create(
            site=target.site,
            old_path=Redirect.normalise_path(old_relative),
            defaults={"redirect_page": specific, "is_permanent": True},
        )
        outcome.counts["redirects"] = outcome.counts.get("redirects", 0) + 1


def _move_site_history(site: Site, target: Site) -> None:
    """What belongs to the old site and must outlive it: searches without results (added to the
    target's of the same query and day) and Wagtail redirects (kept on the target)."""
    from search.models import SearchMiss

    mine = {(m.query, m.day): m for m in SearchMiss.objects.filter(site=site)}
    for theirs in SearchMiss.objects.filter(
        site=target, query__in={q for q, _d in mine}, day__in={d for _q, d in mine}
    ):
        own = mine.pop((theirs.query, theirs.day), None)
        if own is not None:
            SearchMiss.objects.filter(pk=theirs.pk).update(count=F("count") + own.count)
            own.delete()
    SearchMiss.objects.filter(pk__in=[m.pk for m in mine.values()]).update(site=target)
    taken = set(Redirect.objects.filter(site=target).values_list("old_path", flat=True))
    Redirect.objects.filter(site=site).exclude(old_path__in=taken).update(site=target)


def _record_origins(page_ids: list[int], source: Centre, target: Centre) -> None:
    """Mark every moved page (subpages included) with the centre it came from, shown to visitors
    as "Nội dung của …" (hub.PageOrigin). A page that already has an origin (moved by an earlier
    merge) keeps it: it names the centre that wrote the page."""
    now = timezone.now()
    PageOrigin.objects.bulk_create(
        [
            PageOrigin(
                page_id=pk,
                centre=source,
                centre_name=source.title,
                merged_into=target,
                merged_into_name=target.title,
                merged_at=now,
            )
            for pk in page_ids
        ],
        batch_size=500,
        ignore_conflicts=True,
    )


def merge_plan_counts(source: Centre) -> dict[str, int]:
    from django.apps import apps

    home = source.site.root_page
    counts = {
        "pages": Page.objects.descendant_of(home).count(),
        "media": sum(
            apps.get_model(label).objects.filter(collection_id=source.collection_id).count()
            for label in MEDIA_MODELS
        ),
        "learners": apps.get_model("learners", "Learner")
        .objects.filter(home_centre=source)
        .count(),
        "staff": Group.objects.filter(
            pk__in=[source.editors_group_id, source.contributors_group_id]
        )
        .values("user")
        .exclude(user=None)
        .distinct()
        .count(),
        "entries": apps.get_model("contests", "EntryPage").objects.filter(centre=source).count(),
    }
    return counts


def merge_centres(
    sources: list[Centre], target: Centre, *, user=None, dry_run: bool = False
) -> Outcome:
    """Merge `sources` into `target` (an existing centre, e.g. the new ward's, made first with
    `add_centre` or one of the merged ones). For each source: its pages move into the target's
    matching sections (news to news, lessons to lessons…; a slug already used gets the old name
    appended and a redirect; each moved page is marked with its origin, hub.PageOrigin), its images, documents and videos into the target's folder, its
    learners' home centre and its staff to the target, its daily statistics to the target; its
    contest entries stay its own (history), readable under the target as "merged into". Its
    hostname then redirects to the target, its site is removed and the centre is kept, marked
    merged. Nothing is deleted but the emptied home page's site."""
    from django.apps import apps

    target = _fresh(target)
    source_ids = [s.pk for s in sources if s.pk != target.pk]
    sources = [_fresh(s) for s in sources if s.pk != target.pk]
    if target.status != Centre.Status.ACTIVE or target.site_id is None:
        raise LifecycleError(_("Trung tâm nhận sáp nhập phải đang hoạt động."), "target")
    if not sources:
        raise LifecycleError(_("Hãy chọn ít nhất một trung tâm khác để sáp nhập."), "sources")

    def work(outcome: Outcome) -> None:
        Learner = apps.get_model("learners", "Learner")  # noqa: N806
        DailyStat = apps.get_model("reports", "DailyStat")  # noqa: N806
        target_home = target.site.root_page
        target_sections = _sections(target_home)
        for source in [_fresh(s) for s in sources]:
            if source.status == Centre.Status.MERGED:
                outcome.lines.append(
                    _("%(title)s đã sáp nhập từ trước: bỏ qua.") % {"title": source.title}
                )
                continue
            counts = merge_plan_counts(source)
            for key, value in counts.items():
                outcome.counts[key] = outcome.counts.get(key, 0) + value
            outcome.lines.append(
                _(
                    "%(source)s → %(target)s: %(pages)s trang, %(media)s ảnh/tài liệu/video, "
                    "%(learners)s người học, %(staff)s cán bộ, %(entries)s bài dự thi (giữ tên "
                    "đơn vị cũ); tên miền %(host)s chuyển hướng sang %(target_host)s."
                )
                % {
                    "source": source.title,
                    "target": target.title,
                    "target_host": target.site.hostname,
                    "host": source.site.hostname,
                    **counts,
                }
            )
            source_home = source.site.root_page
            sections = list(source_home.get_children().select_related("content_type"))
            staying = [s.pk for s in sections if s.content_type_id in target_sections]
            moved = list(
                Page.objects.descendant_of(source_home)
                .exclude(pk__in=staying)
                .values_list("pk", flat=True)
            )
            for section in sections:
                match = target_sections.get(section.content_type_id)
                children = list(section.get_children()) if match is not None else []
                for child in children:
                    _move_page(child, match, source, target, outcome)
                if match is None:  # a page of its own kind: moved whole under the target's home
                    _move_page(section, target_home, source, target, outcome)
                elif not section.get_children().exists():
                    section.specific.unpublish()
            _record_origins(moved, source, target)
            for label in MEDIA_MODELS:
                apps.get_model(label).objects.filter(collection_id=source.collection_id).update(
                    collection_id=target.collection_id
                )
            Learner.objects.filter(home_centre=source).update(home_centre=target)
            DailyStat.objects.filter(centre=source).update(centre=target)
            for old_group, new_group in (
                (source.editors_group, target.editors_group),
                (source.contributors_group, target.contributors_group),
            ):
                members = list(old_group.user_set.all())
                new_group.user_set.add(*members)
                old_group.user_set.clear()
            GroupPagePermission.objects.filter(
                group_id__in=[source.editors_group_id, source.contributors_group_id]
            ).delete()
            GroupCollectionPermission.objects.filter(
                group_id__in=[source.editors_group_id, source.contributors_group_id]
            ).delete()
            site = source.site
            _move_site_history(site, target.site)
            FormerHostname.objects.filter(site=site).update(site=target.site)
            FormerHostname.objects.update_or_create(
                hostname=site.hostname,
                defaults={
                    "site": target.site,
                    "reason": (_("Sáp nhập vào %(title)s") % {"title": target.title})[:255],
                },
            )
            source.site = None
            source.status = Centre.Status.MERGED
            source.merged_into = target
            source.status_changed_at = timezone.now()
            source.save()
            source_home.specific.unpublish()
            site.delete()
            if not dry_run:
                log(
                    instance=source,
                    action="hoctap.centre.merge",
                    user=user,
                    data={"into": target.pk, "into_title": target.title, **counts},
                )
        if not dry_run and outcome.lines:
            log(
                instance=target,
                action="hoctap.centre.merge",
                user=user,
                data={"from": source_ids},
            )

    return _run(dry_run, work)


# --- moving the hub -----------------------------------------------------------------------------


def move_hub(
    *,
    hub_name: str | None = None,
    committee_name: str | None = None,
    hostname: str | None = None,
    centre_domain: tuple[str, str] | None = None,
    user=None,
    dry_run: bool = False,
) -> Outcome:
    """The network changes its name, committee and hub hostname (e.g. Phủ Lý's network becoming
    part of Ninh Bình's); with `centre_domain=(old, new)` every centre hostname ending in `old`
    moves to the same name under `new`. Every old hostname redirects to the new one."""
    hub_site = Site.objects.get(is_default_site=True)
    new_hub_host = hub_site.hostname
    if hostname and normalise_hostname(hostname) != hub_site.hostname:
        new_hub_host = _free_hostname(hostname, hub_site)
    moves: list[tuple[Site, str]] = []
    if centre_domain:
        old_suffix, new_suffix = (normalise_hostname(part).lstrip(".") for part in centre_domain)
        if not old_suffix or not new_suffix:
            raise LifecycleError(_("Hãy nhập cả tên miền cũ và mới của các trung tâm."), "domain")
        for centre in Centre.objects.with_site().filter(site__hostname__endswith="." + old_suffix):
            host = centre.site.hostname[: -len(old_suffix)] + new_suffix
            moves.append((centre.site, _free_hostname(host, centre.site)))
    settings_row = NetworkSettings.load()

    def work(outcome: Outcome) -> None:
        if hub_name and hub_name.strip() != settings_row.hub_name:
            outcome.lines.append(
                _("Tên trang liên thông: “%(old)s” → “%(new)s”.")
                % {"old": settings_row.hub_name, "new": hub_name.strip()}
            )
            settings_row.hub_name = hub_name.strip()[:100]
        if committee_name and committee_name.strip() != settings_row.committee_name:
            outcome.lines.append(
                _("Tên ban chỉ đạo: “%(old)s” → “%(new)s”.")
                % {"old": settings_row.committee_name, "new": committee_name.strip()}
            )
            settings_row.committee_name = committee_name.strip()[:255]
        settings_row.save()
        if new_hub_host != hub_site.hostname:
            old = _move_hostname(hub_site, new_hub_host, _("Chuyển trang liên thông"))
            outcome.lines.append(
                _("Tên miền trang liên thông: %(old)s → %(new)s (chuyển hướng vĩnh viễn).")
                % {"old": old, "new": new_hub_host}
            )
        for site, host in moves:
            if host != site.hostname:
                old = _move_hostname(site, host, _("Chuyển tên miền cùng trang liên thông"))
                outcome.lines.append(_("Tên miền %(old)s → %(new)s.") % {"old": old, "new": host})
        outcome.counts = {"centres": len(moves)}
        if outcome.lines and not dry_run:
            log(
                instance=settings_row,
                action="hoctap.network.move",
                user=user,
                data={"lines": outcome.lines},
            )

    return _run(dry_run, work)
