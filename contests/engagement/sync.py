"""Engagement sync: links → API batches → timestamped snapshots, with per-link status.

One failing link never stops the others; quota and throttling stop a platform cleanly and mark the
links left over. Site counters are snapshotted like any platform. `sync_engagement()` is the one
entry point: the worker's task and the `sync_engagement` command are thin shells over it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from hub.links import facebook_object, facebook_shape, youtube_id

from ..models import ApiQuota, EngagementSnapshot, EntryLink, EntryPage, SiteCounter
from . import clients
from .events import freeze


@dataclass
class SyncSummary:
    platform: str
    links: int = 0
    snapshots: int = 0
    calls: int = 0
    units: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    stopped: str = ""

    def count(self, status: str) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1


def ensure_links(entries) -> None:
    """A link for each URL on the entry (and one for this site). Links added by organisers, or left
    from an older URL, stay: their history is kept and organisers can exclude them."""
    page_id = settings.FACEBOOK_PAGE_ID
    for entry in entries:
        wanted = [("site", "", "", "")]
        if entry.youtube_url:
            wanted.append(
                ("youtube", entry.youtube_url, "video", youtube_id(entry.youtube_url) or "")
            )
        if entry.facebook_url:
            obj = facebook_object(entry.facebook_url, page_id)
            wanted.append(
                ("facebook", entry.facebook_url, obj[0] if obj else "", obj[1] if obj else "")
            )
        for platform, url, kind, external_id in wanted:
            if not EntryLink.objects.filter(entry=entry, platform=platform, url=url).exists():
                EntryLink.objects.create(
                    entry=entry, platform=platform, url=url, kind=kind, external_id=external_id
                )


def _spend(platform: str, units: int, calls: int) -> None:
    day = timezone.localdate(timezone=datetime.UTC)
    ApiQuota.objects.get_or_create(platform=platform, day=day)
    ApiQuota.objects.filter(platform=platform, day=day).update(
        units=F("units") + units, calls=F("calls") + calls
    )


def units_spent_today(platform: str) -> int:
    row = ApiQuota.objects.filter(
        platform=platform, day=timezone.localdate(timezone=datetime.UTC)
    ).first()
    return row.units if row else 0


METRIC_NAMES = ("views", "likes", "shares", "comments")


def _record_many(pairs: list[tuple[EntryLink, clients.Counts]], now, summary: SyncSummary) -> None:
    """Snapshots for a batch in a few queries: previous values, one bulk insert, grouped updates."""
    if not pairs:
        return
    ids = [link.pk for link, _c in pairs]
    latest = (
        EngagementSnapshot.objects.filter(link_id=OuterRef("link_id"))
        .order_by("-taken_at", "-pk")
        .values("pk")[:1]
    )
    previous = {
        s.link_id: s
        for s in EngagementSnapshot.objects.filter(link_id__in=ids, pk=Subquery(latest))
    }
    EngagementSnapshot.objects.bulk_create(
        [
            EngagementSnapshot(
                entry_id=link.entry_id,
                link=link,
                platform=link.platform,
                taken_at=now,
                views=c.views,
                likes=c.likes,
                shares=c.shares,
                comments=c.comments,
            )
            for link, c in pairs
        ]
    )
    summary.snapshots += len(pairs)
    fine = []
    for link, c in pairs:
        before = previous.get(link.pk)
        if before and any(getattr(c, m) < getattr(before, m) for m in METRIC_NAMES):
            _mark(
                link,
                EntryLink.Status.DECREASED,
                f"Lượt xem {before.views}→{c.views}, thích {before.likes}→{c.likes}",
                now,
                summary,
            )
        else:
            fine.append(link)
    _mark_many(fine, EntryLink.Status.OK, "", now, summary)


def _mark(link: EntryLink, status: str, detail: str, now, summary: SyncSummary) -> None:
    _mark_many([link], status, detail, now, summary)


def _mark_many(links: list[EntryLink], status: str, detail: str, now, summary: SyncSummary) -> None:
    if not links:
        return
    EntryLink.objects.filter(pk__in=[link.pk for link in links]).update(
        status=status, detail=detail[:500], last_synced_at=now
    )
    for _link in links:
        summary.count(status)


def sync_youtube(
    links: list[EntryLink],
    client: clients.YouTubeClient,
    *,
    now=None,
    daily_quota: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> SyncSummary:
    now = now or timezone.now()
    daily_quota = daily_quota if daily_quota is not None else settings.YOUTUBE_DAILY_QUOTA
    summary = SyncSummary("youtube", links=len(links))
    usable = [link for link in links if link.external_id]
    for link in links:
        if not link.external_id:
            _mark(
                link,
                EntryLink.Status.UNSUPPORTED,
                "Không đọc được mã video YouTube từ liên kết.",
                now,
                summary,
            )
    by_id: dict[str, list[EntryLink]] = {}
    for link in usable:
        by_id.setdefault(link.external_id, []).append(link)
    ids = list(by_id)
    for start in range(0, len(ids), clients.YOUTUBE_BATCH):
        batch = ids[start : start + clients.YOUTUBE_BATCH]
        if units_spent_today("youtube") + 1 > daily_quota:
            summary.stopped = f"Đã dùng hết {daily_quota} đơn vị hạn mức YouTube hôm nay."
            _leftover(by_id, ids[start:], EntryLink.Status.QUOTA, summary.stopped, now, summary)
            break
        calls_before = client.calls
        try:
            result = client.statistics(batch)
        except clients.QuotaExceeded as stop:
            _spend("youtube", 1, client.calls - calls_before)
            summary.stopped = str(stop)
            _leftover(by_id, ids[start:], EntryLink.Status.QUOTA, str(stop), now, summary)
            break
        except clients.ApiError as error:
            _spend("youtube", client.calls - calls_before, client.calls - calls_before)
            _leftover(by_id, batch, error.status, str(error), now, summary)
            continue
        _spend("youtube", result.units or 1, client.calls - calls_before)
        summary.units += result.units or 1
        shares_window = (
            (now - datetime.timedelta(days=365)).date().isoformat(),
            now.date().isoformat(),
        )
        pairs = []
        for vid, counts in result.counts.items():
            shares = client.shares(vid, *shares_window)
            if shares is not None:
                counts.shares = shares
            pairs += [(link, counts) for link in by_id[vid]]
        _record_many(pairs, now, summary)
        _leftover(
            by_id,
            sorted(result.missing),
            EntryLink.Status.REMOVED,
            "YouTube không trả về video này (đã gỡ, riêng tư hoặc sai mã).",
            now,
            summary,
        )
        if progress:
            progress(min(start + len(batch), len(ids)))
    summary.calls = client.calls
    return summary


def _leftover(by_key, keys, status, detail, now, summary) -> None:
    _mark_many([link for key in keys for link in by_key[key]], status, detail, now, summary)


FACEBOOK_UNREADABLE = {
    "short": (
        "Liên kết rút gọn (fb.watch hoặc …/share/…): Facebook không cho đọc số liệu qua liên kết "
        "này. Hãy mở liên kết, sao chép địa chỉ đầy đủ dạng …/videos/<số> (hoặc …/reel/<số>) và "
        "dán vào bài dự thi."
    ),
    "pfbid": (
        "Bài viết có mã pfbid…: cần địa chỉ có số của bài (mở bài viết, bấm vào thời gian đăng, "
        "sao chép địa chỉ dạng …/posts/<số>)."
    ),
}


def sync_facebook(
    links: list[EntryLink],
    client: clients.FacebookClient,
    *,
    now=None,
    progress: Callable[[int], None] | None = None,
) -> SyncSummary:
    now = now or timezone.now()
    summary = SyncSummary("facebook", links=len(links))
    usable = []
    for link in links:
        if link.external_id and link.kind in ("video", "post"):
            usable.append(link)
        else:
            _mark(
                link,
                EntryLink.Status.UNSUPPORTED,
                FACEBOOK_UNREADABLE.get(
                    facebook_shape(link.url),
                    "Không nhận dạng được video/bài viết Facebook (cần liên kết …/videos/<mã> hoặc …/posts/<mã>).",
                ),
                now,
                summary,
            )
    by_id = {}
    for link in usable:
        by_id.setdefault(link.external_id, []).append(link)
    objects = [(links_[0].kind, oid) for oid, links_ in by_id.items()]
    for start in range(0, len(objects), clients.FACEBOOK_BATCH):
        batch = objects[start : start + clients.FACEBOOK_BATCH]
        calls_before = client.calls
        try:
            result = client.counts(batch)
        except clients.Throttled as stop:
            summary.stopped = str(stop)
            _leftover(
                by_id,
                [oid for _k, oid in objects[start:]],
                EntryLink.Status.THROTTLED,
                str(stop),
                now,
                summary,
            )
            break
        except clients.ApiError as error:
            _spend("facebook", 0, client.calls - calls_before)
            _leftover(by_id, [oid for _k, oid in batch], error.status, str(error), now, summary)
            continue
        _spend("facebook", 0, client.calls - calls_before)
        _record_many(
            [(link, counts) for oid, counts in result.counts.items() for link in by_id[oid]],
            now,
            summary,
        )
        _leftover(
            by_id,
            sorted(result.missing),
            EntryLink.Status.REMOVED,
            "Facebook báo không tìm thấy (đã xoá hoặc không công khai).",
            now,
            summary,
        )
        for oid, (status, detail) in result.errors.items():
            _leftover(by_id, [oid], status, detail, now, summary)
        if progress:
            progress(min(start + len(batch), len(objects)))
    summary.calls = client.calls
    return summary


def sync_site(links: list[EntryLink], *, now=None) -> SyncSummary:
    now = now or timezone.now()
    summary = SyncSummary("site", links=len(links))
    counters = {
        c.entry_id: c
        for c in SiteCounter.objects.filter(entry_id__in=[link.entry_id for link in links])
    }
    pairs = []
    for link in links:
        c = counters.get(link.entry_id) or SiteCounter(entry_id=link.entry_id)
        pairs.append((link, clients.Counts(views=c.views, likes=c.likes, shares=c.shares)))
    _record_many(pairs, now, summary)
    return summary


def recently_closed(now=None) -> list:
    """Contests with an engagement cut-off (of any round) in the last two days."""
    from ..models import ContestPage

    now = now or timezone.now()
    since = now - datetime.timedelta(days=2)
    return [
        contest
        for contest in ContestPage.objects.live().prefetch_related("rounds")
        if any(since < r.engagement_cutoff <= now for r in contest.round_list())
    ]


def links_for(contest=None, platform: str | None = None) -> list[EntryLink]:
    entries = EntryPage.objects.live()
    if contest is not None:
        entries = entries.child_of(contest)
    with transaction.atomic():
        ensure_links(entries)
    links = EntryLink.objects.filter(entry__in=entries, excluded=False).order_by("pk")
    if platform:
        links = links.filter(platform=platform)
    return list(links)


def default_youtube_client() -> clients.YouTubeClient:
    return clients.YouTubeClient(
        settings.YOUTUBE_API_BASE,
        settings.YOUTUBE_API_KEY,
        analytics_base=settings.YOUTUBE_ANALYTICS_BASE,
        oauth_token=settings.YOUTUBE_OAUTH_TOKEN,
        timeout=settings.ENGAGEMENT_TIMEOUT,
    )


def default_facebook_client() -> clients.FacebookClient:
    return clients.FacebookClient(
        settings.FACEBOOK_GRAPH_BASE,
        settings.FACEBOOK_PAGE_TOKEN,
        timeout=settings.ENGAGEMENT_TIMEOUT,
    )


PLATFORMS = ("site", "youtube", "facebook")


def missing_key(platform: str) -> str | None:
    """The setting a platform's API needs and lacks (None: nothing missing)."""
    if platform == "youtube" and not settings.YOUTUBE_API_KEY:
        return "YOUTUBE_API_KEY"
    if platform == "facebook" and not settings.FACEBOOK_PAGE_TOKEN:
        return "FACEBOOK_PAGE_TOKEN"
    return None


Progress = Callable[[int], None]


def sync_engagement(
    contest=None,
    platforms: tuple[str, ...] = PLATFORMS,
    *,
    starting: Callable[[str, int], Progress | None] | None = None,
    finished: Callable[[SyncSummary], None] | None = None,
) -> list[SyncSummary]:
    """Sync the links of one contest (or of every contest) on each platform, in order.

    `starting(platform, link_count)` is called before a platform and may return a progress
    callback `progress(done)`; `finished(summary)` after it.
    """
    summaries = []
    for platform in platforms:
        links = links_for(contest, platform)
        progress = starting(platform, len(links)) if starting else None
        missing = missing_key(platform)
        if missing:  # say so on every link instead of calling the API and calling it an error
            summary = SyncSummary(platform, links=len(links))
            _mark_many(
                links,
                EntryLink.Status.NO_KEY,
                f"Chưa cấu hình {missing}: hãy nhờ quản trị kỹ thuật đặt khoá (docs/CONFIGURATION.md).",
                timezone.now(),
                summary,
            )
        elif platform == "site":
            summary = sync_site(links)
            for closed in [contest] if contest is not None else recently_closed():
                freeze(closed)  # the exact counts at each cut-off that has passed
        elif platform == "youtube":
            summary = sync_youtube(links, default_youtube_client(), progress=progress)
        else:
            summary = sync_facebook(links, default_facebook_client(), progress=progress)
        if finished:
            finished(summary)
        summaries.append(summary)
    return summaries
