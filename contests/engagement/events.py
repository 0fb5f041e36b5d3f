"""The log of counted public events on contest entries, its anomaly flags, exclusions, and the
site's frozen counts at a cut-off.

Every counted view, like, withdrawn like and share is appended to EngagementEvent with a one-way
key of the visitor, the network prefix of the address (/24 for IPv4, /48 for IPv6), the browser
family, and flags raised as it is counted:
- burst: more than ENGAGEMENT_FLAG_BURST_PER_MINUTE likes/shares on the contest in one minute
  from one network;
- new_ids: the address was given more than ENGAGEMENT_FLAG_NEW_IDS_PER_HOUR new browser ids this
  hour (a client throwing its cookie away to like again looks like this; so does a big hall);
- no_view: a like from a browser that never had a view of the entry counted.
A fourth pattern is found when organisers look (`one_entry_networks`): a network with at least
ENGAGEMENT_FLAG_ONE_ENTRY likes that all went to one entry.
Nothing is dropped for being flagged: organisers review, and exclude with a reason (`exclude`),
which takes the events out of the counters and of the frozen snapshots, and can be undone."""

from __future__ import annotations

import datetime
import ipaddress
import re

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from hub.caching.invalidation import cached_for_content
from hub.counters import client_ip, mark_seen_today, minted_this_hour, visitor_key

from ..models import (
    EngagementEvent,
    EngagementSnapshot,
    EntryLink,
    EventExclusion,
    SiteCounter,
    SiteLike,
)
from ..rounds import round_entries

Kind = EngagementEvent.Kind
Flag = EngagementEvent.Flag
COUNTER_FIELD = {
    Kind.VIEW: "views",
    Kind.LIKE: "likes",
    Kind.SHARE_FACEBOOK: "shares_facebook",
    Kind.SHARE_ZALO: "shares_zalo",
    Kind.SHARE_COPY: "shares_copy",
}
EXCLUDABLE = tuple(COUNTER_FIELD)

AGENTS = (  # (pattern, family), first match wins; in-app browsers before the engines they use
    (r"Zalo", "Zalo"),
    (r"FBAN|FBAV|FB_IAB", "Facebook"),
    (r"coc_coc|CocCoc", "Cốc Cốc"),
    (r"SamsungBrowser", "Samsung Internet"),
    (r"Edg/|EdgA/|EdgiOS/", "Edge"),
    (r"OPR/|Opera", "Opera"),
    (r"Firefox/|FxiOS/", "Firefox"),
    (r"CriOS/|Chrome/", "Chrome"),
    (r"Safari/", "Safari"),
)
PLATFORMS = (
    (r"Android", "Android"),
    (r"iPhone|iPad|iPod", "iOS"),
    (r"Windows", "Windows"),
    (r"Mac OS X|Macintosh", "macOS"),
    (r"Linux", "Linux"),
)


def agent_family(user_agent: str) -> str:
    """A coarse browser family and system ("Chrome Android"), never the full user agent."""
    browser = next((name for pattern, name in AGENTS if re.search(pattern, user_agent)), "Khác")
    system = next((name for pattern, name in PLATFORMS if re.search(pattern, user_agent)), "")
    return f"{browser} {system}".strip()[:40]


def address_prefix(address: str) -> str:
    """The network of an address: /24 for IPv4, /48 for IPv6 ("" if unreadable)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    bits = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{bits}", strict=False))


def _minute_count(name: str) -> int:
    key = f"{name}:{timezone.now():%Y%m%d%H%M}"
    cache.add(key, 0, 120)
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, 120)
        return 1


def _flags(request, entry, kind: str, prefix: str) -> list[str]:
    flags = []
    if kind != Kind.VIEW:
        burst = _minute_count(f"burst:{prefix}")
        if burst > settings.ENGAGEMENT_FLAG_BURST_PER_MINUTE:
            flags.append(Flag.BURST)
    if minted_this_hour(request) > settings.ENGAGEMENT_FLAG_NEW_IDS_PER_HOUR:
        flags.append(Flag.NEW_IDS)
    if (
        kind == Kind.LIKE
        and not EngagementEvent.objects.filter(
            entry_id=entry.pk, visitor=visitor_key(request), kind=Kind.VIEW
        ).exists()
    ):
        flags.append(Flag.NO_VIEW)
    return flags


def log_event(request, contest, entry, kind: str, visitor: str | None = None) -> EngagementEvent:
    """Append one counted event (call it right after the count) with its flags."""
    prefix = address_prefix(client_ip(request))
    flags = _flags(request, entry, kind, f"{contest.pk}:{prefix}")
    return EngagementEvent.objects.create(
        contest_id=contest.pk,
        entry_id=entry.pk,
        kind=kind,
        visitor=(visitor or visitor_key(request))[:32],
        address=prefix,
        agent=agent_family(request.META.get("HTTP_USER_AGENT", "")),
        flags=",".join(flags),
        flagged=bool(flags),
    )


def count_view(request, entry_id: int) -> bool:
    """Count a visitor's view of an entry (once a day, bots excluded) and log it: its page
    rendered, or its copy served by the page cache (registered in ContestsConfig.ready, so every
    cache hit comes here too; the contest comes from `voting`, no page is loaded)."""
    if not SiteCounter.objects.count_view(request, entry_id):
        return False
    facts = voting(entry_id)
    if facts is not None:  # (else the entry is gone)
        log_event(request, _Ref(facts["contest"]), _Ref(entry_id), Kind.VIEW)
    return True


class _Ref:
    """A page known by its id only: all log_event needs of a contest or an entry."""

    def __init__(self, pk: int):
        self.pk = pk


def voting(entry_id: int) -> dict | None:
    """What an entry's state route and its counted views need of its contest, without loading
    it: {"contest": its id, "likes_by", "until": the public vote's deadline (ContestPage.
    likes_open)}; kept in the cache until content changes (a publish, a move: rounds are
    published with their contest). None for an entry that is gone. Likes and shares check the
    contest itself."""

    def read() -> dict | None:
        from wagtail.models import Page

        from ..models import ContestPage

        path = Page.objects.filter(pk=entry_id).values_list("path", flat=True).first()
        contest = (
            ContestPage.objects.filter(path=path[: -Page.steplen])
            .prefetch_related("rounds")
            .first()
            if path
            else None
        )
        if contest is None:
            return None
        until = contest.round_list()[-1].engagement_cutoff
        return {"contest": contest.pk, "likes_by": contest.likes_by, "until": until}

    return cached_for_content("contests:voting", str(entry_id), read)


def carry_view(request, entry, earlier: str, count: bool = True) -> None:
    """Called for a browser that was just given its id (hub.counters.browser_id(mint=True)) by
    the entry's state or like page. Its view of the entry's public page, served the same to
    everyone and never setting a cookie, was counted a moment ago, if at all, under `earlier`,
    its address and user agent. That view moves to the new id, so the browser's next visit today
    is not counted again and its like is not flagged "no_view". If there is none to move (a
    neighbour with the same phone behind the same address was counted first, or took it), the
    browser's own view is counted now (with `count`: its state or like page was asked for, after
    the entry page): each browser is one visitor, as before the page was cached."""
    now_key = visitor_key(request)
    if now_key == earlier:  # no new id after all (the per-address limit): nothing to carry
        return
    today = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    latest = (
        EngagementEvent.objects.filter(
            entry_id=entry.pk, kind=Kind.VIEW, visitor=earlier[:32], at__gte=today
        )
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    # one UPDATE decides between two browsers of one address and agent carrying at once
    if latest and EngagementEvent.objects.filter(pk=latest, visitor=earlier[:32]).update(
        visitor=now_key[:32]
    ):
        # seen today under its new key too (the key SiteCounter.objects.count_view checks)
        subject = f"{SiteCounter.objects.all().subject}:{entry.pk}:view"
        mark_seen_today(request, subject)
        return
    if count:
        count_view(request, entry.pk)


def one_entry_networks(contest) -> list[dict]:
    """Networks with at least ENGAGEMENT_FLAG_ONE_ENTRY counted likes on this contest, every one
    of them on a single entry: [{address, entry_id, likes}], two queries."""
    found = list(
        EngagementEvent.objects.filter(contest=contest, kind=Kind.LIKE, exclusion__isnull=True)
        .values("address")
        .annotate(likes=Count("pk"), entries=Count("entry", distinct=True))
        .filter(likes__gte=settings.ENGAGEMENT_FLAG_ONE_ENTRY, entries=1)
        .order_by("-likes")
    )
    if not found:
        return []
    entries = dict(
        EngagementEvent.objects.filter(
            contest=contest, kind=Kind.LIKE, address__in=[r["address"] for r in found]
        )
        .values_list("address", "entry_id")
        .distinct()
    )
    return [
        {"address": r["address"], "entry_id": entries.get(r["address"]), "likes": r["likes"]}
        for r in found
    ]


def filtered(contest, params: dict):
    """The contest's events matching the organiser's filter (every value optional): entry (id),
    kind, status (accepted / flagged / excluded), flag, address (prefix), since/until (dates)."""
    events = EngagementEvent.objects.filter(contest=contest)
    if params.get("entry"):
        events = events.filter(entry_id=params["entry"])
    if params.get("kind"):
        events = events.filter(kind=params["kind"])
    status = params.get("status")
    if status == "accepted":
        events = events.filter(flagged=False, exclusion__isnull=True)
    elif status == "flagged":
        events = events.filter(flagged=True, exclusion__isnull=True)
    elif status == "excluded":
        events = events.filter(exclusion__isnull=False)
    if params.get("flag"):
        events = events.filter(flags__contains=params["flag"])
    if params.get("address"):
        events = events.filter(address=params["address"])
    if params.get("since"):
        events = events.filter(at__date__gte=params["since"])
    if params.get("until"):
        events = events.filter(at__date__lte=params["until"])
    return events


def _undo_counts(entry_ids_and_kinds: list[tuple[int, str, str]], sign: int) -> None:
    """Take counted events out of (sign -1) or back into (+1) the site counters and likes."""
    deltas: dict[tuple[int, str], int] = {}
    for entry_id, kind, visitor in entry_ids_and_kinds:
        if kind == Kind.LIKE:
            exists = SiteLike.objects.filter(entry_id=entry_id, visitor=visitor)
            if sign < 0:
                if not exists.delete()[0]:
                    continue  # already withdrawn by the visitor: nothing to take out
            elif not exists.exists():
                SiteLike.objects.create(entry_id=entry_id, visitor=visitor)
            else:
                continue
        field = COUNTER_FIELD[kind]
        deltas[(entry_id, field)] = deltas.get((entry_id, field), 0) + sign
    for (entry_id, field), delta in deltas.items():
        SiteCounter.objects.get_or_create(entry_id=entry_id)
        counter = SiteCounter.objects.filter(entry_id=entry_id)
        if delta < 0:
            counter.update(**{field: Greatest0(F(field) + delta)})
        else:
            counter.update(**{field: F(field) + delta})


def Greatest0(expression):  # noqa: N802 - reads like the SQL it is
    from django.db.models.functions import Greatest

    return Greatest(expression, 0)


@transaction.atomic
def exclude(contest, events, reason: str, description: str, user) -> EventExclusion:
    """Exclude these events (not excluded yet, of a countable kind) with a reason: they leave the
    site counters and the frozen snapshots; the exclusion is logged."""
    events = events.filter(exclusion__isnull=True, kind__in=EXCLUDABLE).select_for_update()
    rows = list(events.values_list("pk", "entry_id", "kind", "visitor"))
    exclusion = EventExclusion.objects.create(
        contest=contest,
        reason=reason[:500],
        description=description[:500],
        count=len(rows),
        by=user,
    )
    EngagementEvent.objects.filter(pk__in=[r[0] for r in rows]).update(exclusion=exclusion)
    _undo_counts([(e, k, v) for _pk, e, k, v in rows], -1)
    freeze(contest)
    return exclusion


@transaction.atomic
def include_again(exclusion: EventExclusion, user) -> int:
    """Undo an exclusion: its events count again (the row stays, marked undone)."""
    rows = list(exclusion.events.values_list("entry_id", "kind", "visitor"))
    exclusion.events.update(exclusion=None)
    _undo_counts(rows, +1)
    EventExclusion.objects.filter(pk=exclusion.pk).update(undone_by=user, undone_at=timezone.now())
    freeze(exclusion.contest)
    return len(rows)


def _after(contest, cutoff) -> dict[int, dict[str, int]]:
    """Counted, not excluded events after `cutoff`, per entry and metric (one query)."""
    late: dict[int, dict[str, int]] = {}
    for row in (
        EngagementEvent.objects.filter(contest=contest, at__gt=cutoff, exclusion__isnull=True)
        .values("entry_id", "kind")
        .annotate(n=Count("pk"))
    ):
        metrics = late.setdefault(row["entry_id"], {"views": 0, "likes": 0, "shares": 0})
        if row["kind"] == Kind.VIEW:
            metrics["views"] += row["n"]
        elif row["kind"] == Kind.LIKE:
            metrics["likes"] += row["n"]
        elif row["kind"] == Kind.UNLIKE:
            metrics["likes"] -= row["n"]
        else:
            metrics["shares"] += row["n"]
    return late


def freeze(contest, now=None) -> int:
    """Write (or rewrite) the site's frozen snapshot of every entry at each cut-off that has
    passed: the counters less what came after the cut-off, with how many events until then were
    flagged and excluded. Idempotent; run by the sync after a cut-off and after every exclusion.
    Returns the number of snapshots written."""
    now = now or timezone.now()
    written = 0
    for rnd in contest.round_list():
        cutoff = rnd.engagement_cutoff
        if cutoff is None or cutoff > now:
            continue
        entry_ids = list(round_entries(contest, rnd).values_list("pk", flat=True))
        counters = {c.entry_id: c for c in SiteCounter.objects.filter(entry_id__in=entry_ids)}
        late = _after(contest, cutoff)
        marks = {
            row["entry_id"]: row
            for row in EngagementEvent.objects.filter(contest=contest, at__lte=cutoff)
            .values("entry_id")
            .annotate(
                flagged=Count("pk", filter=Q(flagged=True)),
                excluded=Count("pk", filter=Q(exclusion__isnull=False)),
            )
        }
        links = {
            link.entry_id: link
            for link in EntryLink.objects.filter(entry_id__in=entry_ids, platform="site")
        }
        for entry_id in entry_ids:
            counter = counters.get(entry_id) or SiteCounter(entry_id=entry_id)
            after = late.get(entry_id, {})
            mark = marks.get(entry_id, {})
            EngagementSnapshot.objects.update_or_create(
                entry_id=entry_id,
                platform="site",
                taken_at=cutoff,
                frozen=True,
                defaults={
                    "link": links.get(entry_id),
                    "views": max(0, counter.views - after.get("views", 0)),
                    "likes": max(0, counter.likes - after.get("likes", 0)),
                    "shares": max(0, counter.shares - after.get("shares", 0)),
                    "flagged": mark.get("flagged", 0),
                    "excluded": mark.get("excluded", 0),
                },
            )
            written += 1
    return written


def frozen_marks(contest) -> dict[int, tuple[int, int]]:
    """{entry id: (flagged, excluded)} from the latest frozen site snapshots."""
    marks = {}
    for entry_id, flagged, excluded in (
        EngagementSnapshot.objects.filter(
            frozen=True, platform="site", entry__in=contest.get_children()
        )
        .order_by("taken_at")
        .values_list("entry_id", "flagged", "excluded")
    ):
        marks[entry_id] = (flagged, excluded)
    return marks


__all__ = [
    "address_prefix",
    "agent_family",
    "carry_view",
    "count_view",
    "exclude",
    "filtered",
    "freeze",
    "include_again",
    "log_event",
    "one_entry_networks",
    "voting",
]
