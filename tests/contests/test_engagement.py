"""Engagement sync against a local HTTP server returning payloads shaped as the APIs document."""

import datetime
import json
import time

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from werkzeug import Response

from contests.engagement.anomalies import Point, flag_anomalies
from contests.engagement.clients import FacebookClient, YouTubeClient, parse_facebook_usage
from contests.engagement.sync import links_for, sync_facebook, sync_site, sync_youtube
from contests.factories import add_entry
from contests.models import ApiQuota, EngagementSnapshot, EntryLink, SiteCounter, SiteLike
from contests.ranking import counts_at_cutoff
from home.factories import UserFactory

pytestmark = pytest.mark.django_db
PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 9) Chrome/120 Mobile"}


def vid(n: int) -> str:
    return f"v{n:010d}"


def youtube_handler(calls: list, removed=frozenset(), views=lambda v: 1000):
    def handler(request):
        ids = request.args["id"].split(",")
        calls.append(ids)
        items = [
            {
                "kind": "youtube#video",
                "etag": "e",
                "id": v,
                "statistics": {
                    "viewCount": str(views(v)),
                    "likeCount": "40",
                    "favoriteCount": "0",
                    "commentCount": "3",
                },
            }
            for v in ids
            if v not in removed
        ]
        body = {
            "kind": "youtube#videoListResponse",
            "etag": "e",
            "items": items,
            "pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)},
        }
        return Response(json.dumps(body), content_type="application/json")

    return handler


def yt(httpserver, **kwargs):
    return YouTubeClient(
        httpserver.url_for(""), "test-key", retries=3, backoff=0.01, timeout=0.5, **kwargs
    )


def fb(httpserver):
    return FacebookClient(
        httpserver.url_for(""), "page-token", retries=3, backoff=0.01, timeout=0.5
    )


@pytest.fixture
def entries(judging_contest, centre_a, centre_b):
    return [
        add_entry(
            judging_contest,
            centre,
            title=f"Bài video {n}",
            youtube_url=f"https://www.youtube.com/watch?v={vid(n)}",
            facebook_url=f"https://www.facebook.com/khuyenhocphuly/videos/{1000 + n}/",
        )
        for n, centre in enumerate([centre_a, centre_b, centre_a])
    ]


def test_youtube_counts_become_snapshots_and_quota_is_recorded(
    httpserver, judging_contest, entries
):
    calls = []
    httpserver.expect_request("/youtube/v3/videos").respond_with_handler(youtube_handler(calls))
    summary = sync_youtube(links_for(judging_contest, "youtube"), yt(httpserver))
    assert (summary.snapshots, summary.units, len(calls)) == (3, 1, 1)
    snap = EngagementSnapshot.objects.filter(link__platform="youtube").first()
    assert (snap.views, snap.likes, snap.comments) == (1000, 40, 3)
    assert ApiQuota.objects.get(platform="youtube").units == 1
    assert set(EntryLink.objects.filter(platform="youtube").values_list("status", flat=True)) == {
        "ok"
    }


def test_ten_thousand_links_take_two_hundred_calls(httpserver, judging_contest, entries):
    calls = []
    httpserver.expect_request("/youtube/v3/videos").respond_with_handler(youtube_handler(calls))
    EntryLink.objects.bulk_create(
        EntryLink(
            entry=entries[0],
            platform="youtube",
            url=f"https://youtu.be/{vid(n)}",
            kind="video",
            external_id=vid(n),
        )
        for n in range(100, 10_097)
    )
    links = links_for(judging_contest, "youtube")
    assert len(links) == 10_000
    start = time.perf_counter()
    summary = sync_youtube(links, yt(httpserver))
    elapsed = time.perf_counter() - start
    assert len(calls) == 200 and all(len(ids) == 50 for ids in calls)
    assert summary.units == 200 and summary.snapshots == 10_000
    assert ApiQuota.objects.get(platform="youtube").units == 200
    print(f"\n10,000 YouTube links synced in {elapsed:.1f} s")  # noqa: T201


def test_quota_exceeded_stops_cleanly_and_marks_the_rest(httpserver, judging_contest, entries):
    body = {
        "error": {
            "code": 403,
            "message": "quota",
            "errors": [{"message": "quota", "domain": "youtube.quota", "reason": "quotaExceeded"}],
        }
    }
    httpserver.expect_request("/youtube/v3/videos").respond_with_json(body, status=403)
    summary = sync_youtube(links_for(judging_contest, "youtube"), yt(httpserver))
    assert "quotaExceeded" in summary.stopped
    assert set(EntryLink.objects.filter(platform="youtube").values_list("status", flat=True)) == {
        "quota"
    }
    assert not EngagementSnapshot.objects.filter(link__platform="youtube").exists()


def test_local_daily_quota_is_respected(httpserver, judging_contest, entries):
    calls = []
    httpserver.expect_request("/youtube/v3/videos").respond_with_handler(youtube_handler(calls))
    summary = sync_youtube(links_for(judging_contest, "youtube"), yt(httpserver), daily_quota=0)
    assert calls == [] and "hạn mức" in summary.stopped


def test_removed_videos_and_one_failing_link_do_not_stop_the_others(
    httpserver, judging_contest, entries
):
    calls = []
    httpserver.expect_request("/youtube/v3/videos").respond_with_handler(
        youtube_handler(calls, removed={vid(1)})
    )
    EntryLink.objects.create(
        entry=entries[0], platform="youtube", url="https://example.com/x", external_id=""
    )
    sync_youtube(links_for(judging_contest, "youtube"), yt(httpserver))
    statuses = dict(
        EntryLink.objects.filter(platform="youtube").values_list("external_id", "status")
    )
    assert statuses == {vid(0): "ok", vid(1): "removed", vid(2): "ok", "": "unsupported"}


def test_server_errors_are_retried_with_backoff(httpserver, judging_contest, entries):
    attempts = []

    def flaky(request):
        attempts.append(1)
        if len(attempts) < 3:
            return Response("upstream", status=503)
        return youtube_handler([])(request)

    httpserver.expect_request("/youtube/v3/videos").respond_with_handler(flaky)
    summary = sync_youtube(links_for(judging_contest, "youtube"), yt(httpserver))
    assert len(attempts) == 3 and summary.snapshots == 3


def test_persistent_5xx_timeouts_and_malformed_json_are_recorded_per_link(
    httpserver, judging_contest, entries
):
    httpserver.expect_request("/youtube/v3/videos").respond_with_data("boom", status=500)
    sync_youtube(links_for(judging_contest, "youtube"), yt(httpserver))
    assert set(EntryLink.objects.filter(platform="youtube").values_list("status", flat=True)) == {
        "server_error"
    }
    httpserver.clear()

    def slow(request):
        time.sleep(1.0)
        return Response("{}", content_type="application/json")

    httpserver.expect_request("/youtube/v3/videos").respond_with_handler(slow)
    sync_youtube(links_for(judging_contest, "youtube"), yt(httpserver))
    link = EntryLink.objects.filter(platform="youtube").first()
    assert link.status == "timeout" and "3 lần thử" in link.detail
    httpserver.clear()
    httpserver.expect_request("/youtube/v3/videos").respond_with_data(
        "{not json", content_type="application/json"
    )
    sync_youtube(links_for(judging_contest, "youtube"), yt(httpserver))
    assert set(EntryLink.objects.filter(platform="youtube").values_list("status", flat=True)) == {
        "malformed"
    }
    assert not EngagementSnapshot.objects.filter(link__platform="youtube").exists()


def test_counts_that_go_down_are_flagged_and_history_kept(httpserver, judging_contest, entries):
    httpserver.expect_request("/youtube/v3/videos").respond_with_handler(youtube_handler([]))
    sync_youtube(links_for(judging_contest, "youtube"), yt(httpserver))
    httpserver.clear()
    httpserver.expect_request("/youtube/v3/videos").respond_with_handler(
        youtube_handler([], views=lambda v: 900)
    )
    sync_youtube(links_for(judging_contest, "youtube"), yt(httpserver))
    link = EntryLink.objects.filter(platform="youtube").first()
    assert link.status == "decreased" and "1000→900" in link.detail
    assert link.snapshots.count() == 2


def test_shares_from_youtube_analytics_with_an_oauth_token(httpserver, judging_contest, entries):
    httpserver.expect_request("/youtube/v3/videos").respond_with_handler(youtube_handler([]))
    httpserver.expect_request(
        "/v2/reports", headers={"Authorization": "Bearer owner-token"}
    ).respond_with_json(
        {
            "kind": "youtubeAnalytics#resultTable",
            "columnHeaders": [{"name": "shares", "columnType": "METRIC", "dataType": "INTEGER"}],
            "rows": [[17]],
        }
    )
    client = yt(httpserver, analytics_base=httpserver.url_for(""), oauth_token="owner-token")
    sync_youtube(links_for(judging_contest, "youtube"), client)
    assert set(
        EngagementSnapshot.objects.filter(link__platform="youtube").values_list("shares", flat=True)
    ) == {17}


def facebook_handler(seen: list, usage: int = 10, missing=("1001",)):
    def handler(request):
        batch = json.loads(request.form["batch"])
        seen.append(len(batch))
        assert request.form["access_token"] == "page-token"
        out = []
        for op in batch:
            object_id = op["relative_url"].split("/")[0].split("?")[0]
            if object_id in missing:
                out.append(
                    {
                        "code": 400,
                        "headers": [],
                        "body": json.dumps(
                            {
                                "error": {
                                    "message": "Unsupported get request.",
                                    "type": "GraphMethodException",
                                    "code": 100,
                                }
                            }
                        ),
                    }
                )
            elif "video_insights" in op["relative_url"]:
                out.append(
                    {
                        "code": 200,
                        "headers": [],
                        "body": json.dumps(
                            {
                                "data": [
                                    {
                                        "name": "total_video_views",
                                        "period": "lifetime",
                                        "values": [{"value": 321}],
                                        "title": "Lifetime Total Video Views",
                                        "id": f"{object_id}/x",
                                    }
                                ]
                            }
                        ),
                    }
                )
            else:
                out.append(
                    {
                        "code": 200,
                        "headers": [],
                        "body": json.dumps(
                            {
                                "shares": {"count": 5},
                                "id": object_id,
                                "reactions": {"data": [], "summary": {"total_count": 44}},
                                "comments": {
                                    "data": [],
                                    "summary": {
                                        "order": "ranked",
                                        "total_count": 6,
                                        "can_comment": True,
                                    },
                                },
                            }
                        ),
                    }
                )
        return Response(
            json.dumps(out),
            content_type="application/json",
            headers={
                "X-App-Usage": json.dumps(
                    {"call_count": usage, "total_cputime": 1, "total_time": 2}
                )
            },
        )

    return handler


def test_facebook_batches_videos_and_posts(httpserver, judging_contest, entries, settings):
    settings.FACEBOOK_PAGE_ID = "555"
    seen = []
    httpserver.expect_request("/", method="POST").respond_with_handler(facebook_handler(seen))
    entries[2].facebook_url = "https://www.facebook.com/khuyenhocphuly/posts/777"
    entries[2].save_revision().publish()
    links = links_for(judging_contest, "facebook")
    summary = sync_facebook(links, fb(httpserver))
    assert seen == [3], [
        (link.url, link.kind, link.external_id) for link in links
    ]  # one batch call
    video = EngagementSnapshot.objects.filter(link__external_id="1000").get()
    post = EngagementSnapshot.objects.filter(link__external_id="555_777").get()
    assert video.views == 321 and (post.likes, post.shares, post.comments) == (44, 5, 6)
    assert EntryLink.objects.get(external_id="1001").status == "removed"
    assert summary.statuses["ok"] >= 2


def test_facebook_usage_headers_throttle_the_next_batch(httpserver, judging_contest, entries):
    assert (
        parse_facebook_usage(
            {"X-App-Usage": '{"call_count": 95, "total_cputime": 3, "total_time": 4}'}
        )
        == 95
    )
    assert (
        parse_facebook_usage(
            {
                "X-Business-Use-Case-Usage": '{"555": [{"type": "pages", "call_count": 12, '
                '"total_cputime": 91, "total_time": 3}]}'
            }
        )
        == 91
    )
    EntryLink.objects.bulk_create(
        EntryLink(
            entry=entries[0],
            platform="facebook",
            kind="video",
            external_id=str(5000 + n),
            url=f"https://www.facebook.com/x/videos/{5000 + n}/",
        )
        for n in range(60)
    )
    seen = []
    httpserver.expect_request("/", method="POST").respond_with_handler(
        facebook_handler(seen, usage=95)
    )
    summary = sync_facebook(links_for(judging_contest, "facebook"), fb(httpserver))
    assert seen == [50] and "95%" in summary.stopped
    assert EntryLink.objects.filter(platform="facebook", status="throttled").count() == 63 - 50


def test_site_counters_are_snapshotted_and_frozen_at_the_cutoff(client, judging_contest, entries):
    from django.utils import timezone

    from contests.models import ContestPage

    # public voting still open when the visitor clicks (nothing counts after the cut-off)
    ContestPage.objects.filter(pk=judging_contest.pk).update(
        engagement_cutoff=timezone.now() + datetime.timedelta(days=1)
    )
    judging_contest.refresh_from_db()
    entry = entries[0]
    client.get(entry.relative_url(entry.get_site()), **PHONE)
    client.post(entry.relative_url(entry.get_site()) + "thich/", **PHONE)
    client.post(entry.relative_url(entry.get_site()) + "chia-se/zalo/", **PHONE)
    sync_site(
        links_for(judging_contest, "site"),
        now=judging_contest.engagement_cutoff - datetime.timedelta(hours=1),
    )
    SiteCounter.objects.filter(entry=entry).update(views=500)
    sync_site(
        links_for(judging_contest, "site"),
        now=judging_contest.engagement_cutoff + datetime.timedelta(hours=1),
    )
    counts = counts_at_cutoff(judging_contest, [entry.pk])[entry.pk]
    assert (counts["views"], counts["likes"], counts["shares"]) == (1, 1, 1)


def _exclusion(link):
    return EntryLink.objects.values_list(
        "excluded", "excluded_reason", "excluded_by", "excluded_at"
    ).get(pk=link.pk)


def _redirected(client, response, location, message):
    """The request was answered with a redirect to `location`, where `message` is then shown."""
    assert (response.status_code, response["Location"]) == (302, location)
    assert message in client.get(location).content.decode()


def test_excluded_links_do_not_count_and_the_exclusion_is_logged(
    client, httpserver, judging_contest, entries
):
    httpserver.expect_request("/youtube/v3/videos").respond_with_handler(youtube_handler([]))
    sync_youtube(
        links_for(judging_contest, "youtube"),
        yt(httpserver),
        now=judging_contest.engagement_cutoff - datetime.timedelta(hours=2),
    )
    link = EntryLink.objects.get(external_id=vid(0))
    organiser = UserFactory(is_superuser=True)
    client.force_login(organiser)
    url = f"/admin/contests/{judging_contest.pk}/engagement/"
    response = client.get(url)
    assert response.status_code == 200 and "Bài video 0" in response.content.decode()
    before = _exclusion(link)
    response = client.post(url, {"link": link.pk, "action": "exclude", "reason": ""})
    _redirected(client, response, url, "Hãy ghi lý do loại (ít nhất 5 ký tự); chưa thay đổi gì.")
    link.refresh_from_db()
    assert not link.excluded
    assert _exclusion(link) == before == (False, "", None, None)
    response = client.post(
        url, {"link": link.pk, "action": "exclude", "reason": "Lượt xem mua từ dịch vụ"}
    )
    _redirected(
        client, response, url, "Đã loại số liệu của liên kết này khỏi tính điểm (có ghi lý do)."
    )
    link.refresh_from_db()
    assert (
        link.excluded
        and link.excluded_by == organiser
        and link.excluded_reason == "Lượt xem mua từ dịch vụ"
    )
    assert counts_at_cutoff(judging_contest, [entries[0].pk])[entries[0].pk]["views"] == 0
    assert counts_at_cutoff(judging_contest, [entries[1].pk])[entries[1].pk]["views"] == 1000


def test_only_organisers_open_the_engagement_screen_or_exclude_links(
    client, judging_contest, judges, entries
):
    url = f"/admin/contests/{judging_contest.pk}/engagement/"
    links_for(judging_contest, "youtube")
    link = EntryLink.objects.get(external_id=vid(1))
    before = _exclusion(link)
    attempt = {"link": link.pk, "action": "exclude", "reason": "Lượt xem mua từ dịch vụ"}
    login = f"/admin/login/?next={url}"
    for response in (client.get(url), client.post(url, attempt)):  # anonymous
        assert (response.status_code, response["Location"]) == (302, login)
    client.force_login(UserFactory())  # no admin access at all
    for response in (client.get(url), client.post(url, attempt)):
        assert (response.status_code, response["Location"]) == (302, login)
    judge = Client()
    judge.force_login(judges[0])  # a judge of this contest, but not an organiser
    denied = "Rất tiếc, bạn không có quyền truy cập khu vực này."
    _redirected(judge, judge.get(url), "/admin/", denied)
    _redirected(judge, judge.post(url, attempt), "/admin/", denied)
    assert _exclusion(link) == before == (False, "", None, None)


def test_anomaly_flags():
    normal = [Point(0, 100, 5), Point(3600, 200, 10)]
    series = {
        1: normal,
        2: [Point(0, 100, 5), Point(3600, 230, 12)],
        3: [Point(0, 50, 2), Point(3600, 150, 6)],
        4: [Point(0, 100, 5), Point(3600, 10_100, 9)],
    }
    flags = flag_anomalies(series, k=5)
    kinds = {(f.link, f.kind) for f in flags}
    assert (4, "spike") in kinds and not any(
        link in (1, 2, 3) and kind == "spike" for link, kind in kinds
    )
    assert (4, "ratio") in kinds  # 9 likes on 10,100 views


def test_command_with_progress_and_bad_contest(
    httpserver, judging_contest, entries, settings, capsys
):
    settings.YOUTUBE_API_BASE = httpserver.url_for("")
    settings.YOUTUBE_API_KEY = "test-key"
    httpserver.expect_request("/youtube/v3/videos").respond_with_handler(youtube_handler([]))
    call_command("sync_engagement", "--contest", judging_contest.slug, "--platform", "youtube")
    out = capsys.readouterr().out
    assert (
        "youtube: 3 liên kết" in out and "3 bản ghi số liệu, 1 lần gọi API, 1 đơn vị hạn mức" in out
    )
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Không có hội thi"):
        call_command("sync_engagement", "--contest", "khong-co")


def _site_counts(entry):
    counter = SiteCounter.objects.filter(entry=entry).values_list(
        "views", "likes", "shares_facebook", "shares_zalo", "shares_copy"
    )
    return list(counter), SiteLike.objects.filter(entry=entry).count()


def test_site_counters_refuse_bots_get_and_keep_likes_a_toggle(client, open_contest, centre_a):
    entry = add_entry(open_contest, centre_a, title="Bài đang bình chọn")  # voting still open
    base = entry.relative_url(entry.get_site())
    before = _site_counts(entry)
    response = client.put(base + "thich/")
    assert response.status_code == 405
    assert response.json() == {"ok": False, "message": "Chỉ nhận yêu cầu POST."}
    assert client.get(base + "thich/").status_code == 200  # the like page (no agent: a bot)
    response = client.post(base + "thich/", HTTP_USER_AGENT="Googlebot")
    assert response.status_code == 403
    assert response.json() == {"ok": False, "message": "Không tính lượt từ máy tự động."}
    response = client.post(base + "chia-se/myspace/", **PHONE)
    assert response.status_code == 404
    assert response.json() == {"ok": False, "message": "Nơi chia sẻ không hợp lệ."}
    assert _site_counts(entry) == before
    assert client.post(base + "thich/", **PHONE).json() == {"ok": True, "liked": True, "likes": 1}
    assert client.post(base + "thich/", **PHONE).json() == {"ok": True, "liked": False, "likes": 0}
    unliked = _site_counts(entry)
    strict = Client(enforce_csrf_checks=True)  # a new visitor: a counted like would make it 1
    assert strict.post(base + "thich/", **PHONE).status_code == 403
    assert _site_counts(entry) == unliked


def test_sync_from_the_admin_and_missing_keys_said_plainly(
    client, judging_contest, entries, settings, superuser
):
    settings.YOUTUBE_API_KEY = ""
    settings.FACEBOOK_PAGE_TOKEN = ""
    client.force_login(superuser)
    url = reverse("contests_engagement", args=[judging_contest.pk])
    page = client.get(url).content.decode()
    assert "Chưa cấu hình khoá API: YOUTUBE_API_KEY, FACEBOOK_PAGE_TOKEN." in page
    response = client.post(url, {"action": "sync"}, follow=True)
    assert "Đã đồng bộ số liệu tương tác của hội thi." in response.content.decode()
    statuses = dict(
        EntryLink.objects.filter(entry__in=entries).values_list("platform", "status").distinct()
    )
    assert statuses == {"site": "ok", "youtube": "no_key", "facebook": "no_key"}
    detail = EntryLink.objects.filter(entry__in=entries, platform="youtube").first().detail
    assert detail.startswith("Chưa cấu hình YOUTUBE_API_KEY")
    assert not EntryLink.objects.filter(status="server_error").exists()


def test_schedule_needs_a_worker_backend(settings, capsys):
    call_command("sync_engagement", "--schedule")  # the test backend runs tasks at once
    assert "không hẹn giờ được" in capsys.readouterr().out
