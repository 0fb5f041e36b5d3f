"""The event log of public engagement: every counted event logged with hashed id, network
prefix and browser family; anomaly flags instead of dropped clicks; exclusions with a reason
(logged, undoable); frozen counts at the cut-off with how many were flagged and excluded."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contests.engagement.events import address_prefix, agent_family, freeze
from contests.factories import add_entry
from contests.models import (
    ContestPage,
    EngagementEvent,
    EngagementSnapshot,
    EventExclusion,
    SiteCounter,
    SiteLike,
)
from contests.ranking import counts_at_cutoff

pytestmark = pytest.mark.django_db
PHONE = (
    "Mozilla/5.0 (Linux; Android 9; Redmi 8A) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"
)
HALL = "100.64.7.23"


@pytest.fixture
def entry(open_contest, centre_a):
    return add_entry(open_contest, centre_a, title="Tủ sách phường Lam Hạ")


def _browser(entry, address=HALL, view=True):
    browser = Client(HTTP_USER_AGENT=PHONE, REMOTE_ADDR=address)
    base = entry.relative_url(entry.get_site())
    if view:  # the page, then its script's one request for this browser's state
        assert browser.get(base).status_code == 200
        assert browser.get(base + "trang-thai/").status_code == 200
    return browser, base


def _likes(entry):
    return SiteCounter.objects.get(entry=entry).likes, SiteLike.objects.filter(entry=entry).count()


def test_prefixes_and_families_keep_no_full_address_or_agent():
    assert address_prefix("203.0.113.77") == "203.0.113.0/24"
    assert address_prefix("2001:db8:1234:5678::1") == "2001:db8:1234::/48"
    assert address_prefix("not an address") == ""
    assert agent_family(PHONE) == "Chrome Android"
    assert agent_family("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Zalo iOS") == "Zalo iOS"
    assert agent_family("Mozilla/5.0 (Windows NT 10.0) coc_coc_browser/118 Chrome/118") == (
        "Cốc Cốc Windows"
    )
    assert agent_family("") == "Khác"


def test_a_hall_behind_one_router_all_counts_and_the_log_says_who_without_saying_who(
    entry, settings
):
    settings.ENGAGEMENT_FLAG_NEW_IDS_PER_HOUR = 5  # more new browsers than this an hour: flagged
    browsers = []
    for _ in range(12):  # one after another: open the entry, like it
        browser, base = _browser(entry)
        assert browser.post(base + "thich/").json()["liked"] is True
        browsers.append((browser, base))
    assert _likes(entry) == (12, 12)  # nothing dropped
    likes = EngagementEvent.objects.filter(entry=entry, kind="like").order_by("pk")
    views = EngagementEvent.objects.filter(entry=entry, kind="view")
    assert (likes.count(), views.count()) == (12, 12)
    assert {(e.address, e.agent) for e in likes} == {("100.64.7.0/24", "Chrome Android")}
    cookies = {b.cookies["hh_b"].value.split(":")[0] for b, _base in browsers}
    assert not {e.visitor for e in likes} & cookies  # a one-way key, never the browser id
    assert [e.flagged for e in likes] == [False] * 5 + [True] * 7
    assert all(e.flags == "new_ids" for e in likes[5:])


def test_a_like_without_a_view_and_a_burst_are_flagged(entry, settings):
    settings.ENGAGEMENT_FLAG_BURST_PER_MINUTE = 3
    blind, base = _browser(entry, address="198.51.100.4", view=False)
    blind.post(base + "thich/")
    assert EngagementEvent.objects.get(entry=entry, kind="like").flags == "no_view"
    for n in range(4):  # from another network: the fourth like in a minute is a burst
        browser, base = _browser(entry, address=f"203.0.113.{n + 1}")
        browser.post(base + "thich/")
    flags = list(
        EngagementEvent.objects.filter(entry=entry, kind="like", address="203.0.113.0/24")
        .order_by("pk")
        .values_list("flags", flat=True)
    )
    assert flags == ["", "", "", "burst"]
    assert _likes(entry) == (5, 5)


def test_withdrawing_a_like_is_logged(entry):
    browser, base = _browser(entry)
    browser.post(base + "thich/")
    browser.post(base + "thich/")
    kinds = list(
        EngagementEvent.objects.filter(entry=entry).order_by("pk").values_list("kind", flat=True)
    )
    assert kinds == ["view", "like", "unlike"]


def test_organiser_excludes_filtered_events_with_a_reason_and_can_undo(
    client, entry, superuser, open_contest, centre_b
):
    other = add_entry(open_contest, centre_b, title="Bài Phù Vân")
    for _ in range(4):
        browser, base = _browser(entry)
        browser.post(base + "thich/")
    honest, other_base = _browser(other, address="198.51.100.9")
    honest.post(other_base + "thich/")
    client.force_login(superuser)
    url = reverse("contests_events", args=[open_contest.pk])
    page = client.get(url, {"address": "100.64.7.0/24", "kind": "like"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "4 sự kiện khớp bộ lọc." in html and 'name="expected" value="4"' in html
    form = {"address": "100.64.7.0/24", "kind": "like", "expected": "4"}
    # bad inputs: no reason, a stale count, no filter at all — nothing changes
    for data in (
        {**form, "reason": "ngắn"},
        {**form, "reason": "Một máy bấm liên tục", "expected": "3"},
        {"reason": "Loại hết cho nhanh", "expected": "10"},
    ):
        response = client.post(url, data)
        assert response.status_code == 302
    assert _likes(entry) == (4, 4) and not EventExclusion.objects.exists()
    response = client.post(url, {**form, "reason": "Một máy bấm liên tục trong hội trường"})
    assert response.status_code == 302
    exclusion = EventExclusion.objects.get()
    assert (exclusion.count, exclusion.by, exclusion.reason) == (
        4,
        superuser,
        "Một máy bấm liên tục trong hội trường",
    )
    assert exclusion.description == "loại=like, mạng=100.64.7.0/24"
    assert _likes(entry) == (0, 0)
    assert _likes(other) == (1, 1)  # the honest like elsewhere stays
    assert EngagementEvent.objects.filter(exclusion=exclusion).count() == 4
    assert SiteCounter.objects.get(entry=entry).views == 4  # views were not in the filter
    # undo: the likes count again, the exclusion row stays with who undid it
    client.post(url, {"action": "include", "exclusion": exclusion.pk})
    exclusion.refresh_from_db()
    assert exclusion.undone_by == superuser and _likes(entry) == (4, 4)
    assert not EngagementEvent.objects.filter(exclusion__isnull=False).exists()


def test_bad_filters_are_explained_and_ignored(client, entry, superuser, judging_contest):
    client.force_login(superuser)
    url = reverse("contests_events", args=[entry.get_parent().pk])
    foreign = judging_contest.get_children().first()
    response = client.get(url, {"entry": foreign.pk, "since": "31/12/2026", "kind": "hack"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bài dự thi không thuộc hội thi này; bỏ qua bộ lọc bài." in html
    assert "Ngày “31/12/2026” không hợp lệ (dùng dạng 2026-12-31)." in html


def test_the_log_exports_as_csv_with_the_filter(client, entry, superuser):
    for address in (HALL, "198.51.100.9"):
        browser, base = _browser(entry, address=address)
        browser.post(base + "thich/")
    client.force_login(superuser)
    url = reverse("contests_events", args=[entry.get_parent().pk])
    response = client.get(url, {"kind": "like", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:5] == ["Thời điểm", "Bài dự thi", "Loại", "Mã người (băm)", "Mạng"]
    assert sorted(r[4] for r in rows[1:]) == ["100.64.7.0/24", "198.51.100.0/24"]
    assert {r[2] for r in rows[1:]} == {"Thích"}
    assert all(HALL not in cell for row in rows for cell in row)  # never the full address


def test_networks_whose_likes_all_went_to_one_entry_are_listed(client, entry, superuser, settings):
    settings.ENGAGEMENT_FLAG_ONE_ENTRY = 3
    for _ in range(3):
        browser, base = _browser(entry)
        browser.post(base + "thich/")
    client.force_login(superuser)
    html = client.get(reverse("contests_events", args=[entry.get_parent().pk])).content.decode()
    assert "100.64.7.0/24: 3 lượt thích, tất cả cho “Tủ sách phường Lam Hạ”" in html


def test_the_frozen_snapshot_counts_until_the_cutoff_with_flags_and_exclusions(
    entry, open_contest, superuser, settings
):
    settings.ENGAGEMENT_FLAG_NEW_IDS_PER_HOUR = 2
    for _ in range(4):
        browser, base = _browser(entry)
        browser.post(base + "thich/")
    now = timezone.now()
    EngagementEvent.objects.update(at=now - datetime.timedelta(hours=1))
    cutoff = now - datetime.timedelta(minutes=30)
    ContestPage.objects.filter(pk=open_contest.pk).update(engagement_cutoff=cutoff)
    # one like came after the cut-off (a later round's vote): not in the frozen count
    late = EngagementEvent.objects.filter(entry=entry, kind="like").order_by("pk").last()
    EngagementEvent.objects.filter(pk=late.pk).update(at=now - datetime.timedelta(minutes=10))
    contest = ContestPage.objects.get(pk=open_contest.pk)
    assert freeze(contest) == 1
    assert freeze(contest) == 1  # idempotent: the same snapshot rewritten
    assert EngagementSnapshot.objects.filter(entry=entry, frozen=True).count() == 1
    snap = EngagementSnapshot.objects.get(entry=entry, frozen=True)
    assert (snap.taken_at, snap.views, snap.likes, snap.flagged, snap.excluded) == (
        cutoff,
        4,
        3,
        3,  # the 3rd and 4th views and the 3rd like came after 2 new browsers this hour
        0,
    )
    assert counts_at_cutoff(contest, [entry.pk])[entry.pk]["likes"] == 3
    # an exclusion after the cut-off rewrites the frozen counts (and is counted there)
    from contests.engagement.events import exclude

    first_like = EngagementEvent.objects.filter(entry=entry, kind="like").order_by("pk")[:1]
    exclude(
        contest,
        EngagementEvent.objects.filter(pk__in=list(first_like.values_list("pk", flat=True))),
        "Trùng người",
        "thử",
        superuser,
    )
    snap = EngagementSnapshot.objects.get(entry=entry, frozen=True)
    assert (snap.likes, snap.excluded) == (2, 1)


def test_likes_and_shares_after_the_final_deadline_are_refused_and_not_logged(
    judging_contest,
):
    entry = judging_contest.get_children().specific().first()
    browser, base = _browser(entry)
    response = browser.post(base + "thich/")
    assert response.status_code == 403
    assert not EngagementEvent.objects.filter(entry=entry, kind="like").exists()


def test_the_log_screen_keeps_its_queries_as_events_grow(client, entry, superuser, settings):
    settings.ENGAGEMENT_FLAG_ONE_ENTRY = 1  # the one-entry networks are listed in both measures
    client.force_login(superuser)
    url = reverse("contests_events", args=[entry.get_parent().pk])

    def measure():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    browser, base = _browser(entry)
    browser.post(base + "thich/")
    small = measure()
    for n in range(15):
        other, base = _browser(entry, address=f"203.0.113.{n + 1}")
        other.post(base + "thich/")
    assert measure() == small


def test_the_site_sync_after_the_cutoff_freezes_the_counts(judging_contest):
    from contests.engagement.sync import sync_engagement

    entry = judging_contest.get_children().specific().get(title="Bài Lam Hạ")
    SiteCounter.objects.create(entry=entry, views=40, likes=7)
    sync_engagement(judging_contest, ("site",))
    frozen = EngagementSnapshot.objects.get(entry=entry, frozen=True)
    assert (frozen.taken_at, frozen.views, frozen.likes) == (
        judging_contest.engagement_cutoff,
        40,
        7,
    )
    assert counts_at_cutoff(judging_contest, [entry.pk])[entry.pk]["views"] == 40
