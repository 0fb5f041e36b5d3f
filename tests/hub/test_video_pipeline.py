"""The pipeline end to end on real ffmpeg and the database: statuses, outputs, retries, admin, player."""

import re
import subprocess
from pathlib import Path

import ffmpeg
import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from home.factories import UserFactory, news_index_of, publish_news
from hub.models import Video
from hub.video.jobs import retry, retry_stalled
from hub.video.ladder import parse_master_playlist, plan_outputs
from hub.video.originals import private_name, private_storage
from hub.video.pipeline import process_video
from tests import media_files
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

STATE_FIELDS = (
    "status",
    "progress",
    "error",
    "attempts",
    "heartbeat_at",
    "hls_master",
    "rendition_files",
)


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    d = tmp_path_factory.mktemp("clips")
    return {
        "720p": media_files.make_clip(d / "hoc-tin-hoc.mp4", seconds=5),
        "480p-silent": media_files.make_clip(
            d / "silent.mp4", seconds=2, width=854, height=480, audio=False
        ),
        "240p": media_files.make_clip(d / "tiny.mp4", seconds=2, width=320, height=240),
        "exe": media_files.renamed_executable(d / "setup.mp4"),
        "truncated-faststart": media_files.truncate(
            media_files.make_clip(d / "whole.mp4", seconds=4, faststart=True), d / "half.mp4", 0.45
        ),
    }


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test stores into its own folders (public, and private for failed originals): it sees
    no files of other runs and leaves none."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }


def upload(path: Path, collection, capture, title="Video thử") -> Video:
    with capture(execute=True), open(path, "rb") as handle:
        video = Video.objects.create(
            title=title, type="video", collection=collection, file=File(handle, name=path.name)
        )
    video.refresh_from_db()
    return video


def state(video: Video) -> dict:
    """What the pipeline and the retry button may change, read fresh from the database."""
    return Video.objects.values(*STATE_FIELDS).get(pk=video.pk)


def frame_size(name: str) -> str:
    """The picture size ("WxH") of a stored file, as ffprobe reads it."""
    streams = ffmpeg.probe(default_storage.path(name))["streams"]
    video = next(s for s in streams if s["codec_type"] == "video")
    return f"{video['width']}x{video['height']}"


def stream_kinds(name: str) -> list[str]:
    return [s["codec_type"] for s in ffmpeg.probe(default_storage.path(name))["streams"]]


def variant_files(video: Video) -> list[tuple[dict, str]]:
    """Each variant of the master playlist with the stored name of its first segment."""
    base = video.hls_master.rsplit("/", 1)[0]
    variants = parse_master_playlist(default_storage.open(video.hls_master).read().decode())
    found = []
    for variant in variants:
        folder = f"{base}/{variant['uri'].rsplit('/', 1)[0]}"
        playlist = default_storage.open(f"{base}/{variant['uri']}").read().decode()
        first = next(line for line in playlist.splitlines() if line and not line.startswith("#"))
        found.append((variant, f"{folder}/{first}"))
    return found


def stored_files() -> list[str]:
    """Every file in the (per-test) media folder, as storage names."""
    root = Path(default_storage.location)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def make_clip_of_any_size(path: Path, width: int, height: int) -> Path:
    """A 1 s silent clip. make_clip's 4:2:0 H.264 (and testsrc2 itself) need even sides, so an
    odd size is testsrc2 scaled to it and stored as 4:4:4 H.264, which allows odd sides."""
    if width % 2 == height % 2 == 0:
        return media_files.make_clip(path, seconds=1, width=width, height=height, audio=False)
    subprocess.run(
        [
            *("ffmpeg", "-v", "error", "-y", "-f", "lavfi"),
            *("-i", f"testsrc2=size={width}x{height}:rate=24", "-t", "1"),
            *("-vf", f"scale={width}:{height},format=yuv444p"),
            *("-c:v", "libx264", "-preset", "ultrafast", str(path)),
        ],
        check=True,
    )
    return path


def test_upload_is_processed_into_hls_ladder_mp4_and_poster(
    clips, centre_a, django_capture_on_commit_callbacks
):
    video = upload(clips["720p"], centre_a.collection, django_capture_on_commit_callbacks)

    assert video.status == Video.Status.READY, video.error
    assert (video.progress, video.attempts, video.width, video.height) == (100, 1, 1280, 720)
    assert video.duration == pytest.approx(5, abs=0.3)
    assert video.probe["video_codec"] == "h264" and video.probe["audio_codec"] == "aac"
    master = default_storage.open(video.hls_master).read().decode()
    variants = parse_master_playlist(master)
    assert [v["resolution"] for v in variants] == ["640x360", "854x480", "1280x720"]
    base = video.hls_master.rsplit("/", 1)[0]
    for variant, rendition in zip(variants, plan_outputs(1280, 720).renditions, strict=True):
        # The stated BANDWIDTH covers the rendition's peak (maxrate + audio) ...
        assert variant["bandwidth"] >= rendition.bandwidth(with_audio=True)
        # ... and the real peak segment bitrate stays under it.
        playlist = default_storage.open(f"{base}/{variant['uri']}").read().decode()
        lines = playlist.splitlines()
        peaks = []
        for i, line in enumerate(lines):
            if line.startswith("#EXTINF:"):
                seconds = float(line.split(":")[1].rstrip(","))
                size = default_storage.size(
                    f"{base}/{variant['uri'].rsplit('/', 1)[0]}/{lines[i + 1]}"
                )
                peaks.append(size * 8 / seconds)
        assert peaks and max(peaks) <= variant["bandwidth"] * 1.1
    assert default_storage.exists(video.mp4.name) and video.mp4.name.endswith("fallback.mp4")
    assert default_storage.exists(video.thumbnail.name)
    assert set(video.rendition_files) >= {video.hls_master, video.mp4.name, video.thumbnail.name}


def test_small_and_silent_sources_get_only_their_own_rungs(
    clips, centre_a, django_capture_on_commit_callbacks
):
    tiny = upload(clips["240p"], centre_a.collection, django_capture_on_commit_callbacks)
    silent = upload(clips["480p-silent"], centre_a.collection, django_capture_on_commit_callbacks)
    assert tiny.status == silent.status == Video.Status.READY
    tiny_variants = parse_master_playlist(default_storage.open(tiny.hls_master).read().decode())
    assert [v["resolution"] for v in tiny_variants] == ["320x240"]
    silent_variants = variant_files(silent)
    assert [v["resolution"] for v, _segment in silent_variants] == ["640x360", "854x480"]
    # A silent source gives video-only outputs; a source with sound keeps it in every output.
    assert [stream_kinds(segment) for _variant, segment in silent_variants] == [["video"]] * 2
    assert stream_kinds(silent.mp4.name) == ["video"]
    assert sorted(stream_kinds(tiny.mp4.name)) == ["audio", "video"]
    assert [sorted(stream_kinds(segment)) for _variant, segment in variant_files(tiny)] == [
        ["audio", "video"]
    ]


@pytest.mark.parametrize(
    ("width", "height"),
    [(720, 1280), (1280, 720), (720, 720), (853, 479), (201, 357)],
    ids=["portrait", "landscape", "square", "odd", "tiny-odd-portrait"],
)
def test_every_output_has_the_planned_size(
    tmp_path, centre_a, django_capture_on_commit_callbacks, width, height
):
    clip = make_clip_of_any_size(tmp_path / f"{width}x{height}.mp4", width, height)
    video = upload(clip, centre_a.collection, django_capture_on_commit_callbacks)
    plan = plan_outputs(width, height)

    assert video.status == Video.Status.READY, video.error
    assert (video.width, video.height) == (width, height)
    variants = variant_files(video)
    planned = [r.resolution for r in plan.renditions]
    assert [variant["resolution"] for variant, _segment in variants] == planned
    assert [frame_size(segment) for _variant, segment in variants] == planned
    assert frame_size(video.mp4.name) == plan.fallback.resolution
    assert frame_size(video.thumbnail.name) == plan.poster.resolution


@pytest.mark.parametrize(
    ("clip", "message"),
    [("exe", "không phải video"), ("truncated-faststart", "bị hỏng")],
)
def test_bad_uploads_fail_with_a_reason_and_leave_no_outputs(
    clips, centre_a, django_capture_on_commit_callbacks, clip, message
):
    video = upload(clips[clip], centre_a.collection, django_capture_on_commit_callbacks)
    assert video.status == Video.Status.FAILED
    assert message in video.error
    assert (video.hls_master, video.rendition_files, video.mp4.name) == ("", [], "")
    # Nothing stays public: no output of the failed attempt, and the original is kept privately
    # (for a retry) under the video's id.
    assert stored_files() == []
    assert private_storage().exists(private_name(video.pk, video.file.name))


def test_limits_come_from_settings(clips, centre_a, django_capture_on_commit_callbacks, settings):
    settings.VIDEO_MAX_SECONDS = 3
    video = upload(clips["720p"], centre_a.collection, django_capture_on_commit_callbacks)
    assert video.status == Video.Status.FAILED
    assert video.error == "Video dài 5 giây, vượt giới hạn 3 giây."


def test_abandoned_job_is_retried_and_replaces_nothing_half_written(
    clips, centre_a, django_capture_on_commit_callbacks, settings
):
    video = upload(clips["240p"], centre_a.collection, django_capture_on_commit_callbacks)
    first_outputs = list(video.rendition_files)
    # A worker died mid-job: status stuck at processing, heartbeat long ago.
    Video.objects.filter(pk=video.pk).update(
        status=Video.Status.PROCESSING,
        progress=40,
        heartbeat_at=timezone.now() - timezone.timedelta(hours=1),
    )
    video.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert retry(video) is True
    video.refresh_from_db()
    assert video.status == Video.Status.READY and video.attempts == 2
    assert set(video.rendition_files).isdisjoint(first_outputs)
    # Stored now: the original and the second attempt's outputs, none of the first's.
    assert stored_files() == sorted([video.file.name, *video.rendition_files])


def test_a_live_job_is_not_stolen(clips, centre_a, django_capture_on_commit_callbacks):
    video = upload(clips["240p"], centre_a.collection, django_capture_on_commit_callbacks)
    Video.objects.filter(pk=video.pk).update(
        status=Video.Status.PROCESSING, heartbeat_at=timezone.now()
    )
    before = state(video)
    assert retry(video) is False
    assert process_video(video.pk) == "skipped"
    assert state(video) == before


def test_retry_stalled_queues_abandoned_jobs_and_failed_ones_only_when_asked(
    clips, centre_a, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    abandoned, live = (upload(clips["240p"], centre_a.collection, capture) for _ in range(2))
    failed = upload(clips["exe"], centre_a.collection, capture)
    long_ago = timezone.now() - timezone.timedelta(hours=1)
    Video.objects.filter(pk=abandoned.pk).update(
        status=Video.Status.PROCESSING, heartbeat_at=long_ago
    )
    Video.objects.filter(pk=live.pk).update(
        status=Video.Status.PROCESSING, heartbeat_at=timezone.now()
    )
    live_before, failed_before = state(live), state(failed)

    with capture() as queued:  # collected, not run: this test is about what gets queued
        assert retry_stalled() == [abandoned]
    assert len(queued) == 1
    assert state(abandoned)["status"] == Video.Status.QUEUED
    assert (state(live), state(failed)) == (live_before, failed_before)

    with capture() as queued:
        assert retry_stalled(include_failed=True) == [failed]
    assert len(queued) == 1
    assert (state(failed)["status"], state(live)) == (Video.Status.QUEUED, live_before)


def test_failed_job_can_be_retried_after_the_file_is_fixed(
    clips, centre_a, django_capture_on_commit_callbacks
):
    video = upload(clips["exe"], centre_a.collection, django_capture_on_commit_callbacks)
    assert video.status == Video.Status.FAILED
    with django_capture_on_commit_callbacks(execute=True), open(clips["240p"], "rb") as handle:
        video.file.save("fixed.mp4", File(handle), save=True)
    video.refresh_from_db()
    assert (video.status, video.error, video.attempts) == (Video.Status.READY, "", 2)


def test_deleting_a_video_removes_every_file_and_only_its_own(
    clips, centre_a, django_capture_on_commit_callbacks
):
    video = upload(clips["240p"], centre_a.collection, django_capture_on_commit_callbacks)
    other = upload(clips["240p"], centre_a.collection, django_capture_on_commit_callbacks)
    kept = sorted([*other.rendition_files, other.file.name])
    assert stored_files() == sorted([*kept, *video.rendition_files, video.file.name])
    with django_capture_on_commit_callbacks(execute=True):
        video.delete()
    assert stored_files() == kept


@pytest.fixture
def failed_videos(clips, centre_a, centre_b, django_capture_on_commit_callbacks):
    """One failed video in each of two centres (the renamed executable)."""
    capture = django_capture_on_commit_callbacks
    return (
        upload(clips["exe"], centre_a.collection, capture, title="Video Lam Hạ"),
        upload(clips["exe"], centre_b.collection, capture, title="Video Phù Vân"),
    )


def listed_ids(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<a href="/admin/media/edit/(\d+)/">', page)]


def test_status_screen_lists_the_own_centre_with_reasons_and_a_retry_button(
    client, centre_a, failed_videos
):
    mine, _theirs = failed_videos
    client.force_login(UserFactory(groups=[centre_a.editors_group]))
    response = client.get("/admin/video-status/")
    assert response.status_code == 200
    page = response.content.decode()
    own = Video.objects.filter(collection=centre_a.collection).order_by("-created_at")
    assert listed_ids(page) == [v.pk for v in own] and mine.pk in listed_ids(page)
    assert "Video Lam Hạ" in page and mine.error in page
    assert f'action="/admin/video-status/{mine.pk}/retry/"' in page


def test_an_editor_retries_a_video_of_the_own_centre(
    client, centre_a, failed_videos, django_capture_on_commit_callbacks
):
    mine, _theirs = failed_videos
    client.force_login(UserFactory(groups=[centre_a.editors_group]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/video-status/{mine.pk}/retry/")
    assert (response.status_code, response["Location"]) == (302, "/admin/video-status/")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Đã đưa “Video Lam Hạ” vào hàng đợi xử lý lại."
    ]
    assert (state(mine)["attempts"], state(mine)["status"]) == (2, Video.Status.FAILED)


def test_retry_of_another_centres_video_is_not_found_and_changes_nothing(
    client, centre_a, failed_videos
):
    _mine, theirs = failed_videos
    client.force_login(UserFactory(groups=[centre_a.editors_group]))
    before = state(theirs)
    assert client.post(f"/admin/video-status/{theirs.pk}/retry/").status_code == 404
    assert state(theirs) == before
    missing = Video.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000
    assert client.post(f"/admin/video-status/{missing}/retry/").status_code == 404


def test_retry_needs_the_change_permission(client, centre_a, failed_videos):
    """A contributor may upload (add) but not change videos: the screen is empty, retry is refused."""
    mine, _theirs = failed_videos
    client.force_login(UserFactory(groups=[centre_a.contributors_group]))
    response = client.get("/admin/video-status/")
    assert response.status_code == 200
    assert listed_ids(response.content.decode()) == []
    assert "Chưa có video nào." in response.content.decode()
    before = state(mine)
    assert client.post(f"/admin/video-status/{mine.pk}/retry/").status_code == 404
    assert state(mine) == before


def test_staff_without_any_video_permission_are_sent_to_the_dashboard(client, failed_videos):
    """Wagtail's own refusal inside the admin: back to the dashboard with an error message."""
    mine, _theirs = failed_videos
    group = Group.objects.create(name="Chỉ vào trang quản trị")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(UserFactory(groups=[group]))
    response = client.get("/admin/video-status/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    before = state(mine)
    assert client.post(f"/admin/video-status/{mine.pk}/retry/").status_code == 404
    assert state(mine) == before


@pytest.mark.parametrize("logged_in_without_admin_access", [False, True])
def test_visitors_without_admin_access_are_sent_to_the_login_page(
    client, failed_videos, logged_in_without_admin_access
):
    mine, _theirs = failed_videos
    if logged_in_without_admin_access:
        client.force_login(UserFactory())
    before = state(mine)
    screen = client.get("/admin/video-status/")
    assert (screen.status_code, screen["Location"]) == (
        302,
        "/admin/login/?next=/admin/video-status/",
    )
    retried = client.post(f"/admin/video-status/{mine.pk}/retry/")
    assert (retried.status_code, retried["Location"]) == (
        302,
        f"/admin/login/?next=/admin/video-status/{mine.pk}/retry/",
    )
    assert state(mine) == before


def test_retry_is_refused_without_post(client, centre_a, failed_videos):
    mine, _theirs = failed_videos
    client.force_login(UserFactory(groups=[centre_a.editors_group]))
    before = state(mine)
    response = client.get(f"/admin/video-status/{mine.pk}/retry/")
    assert (response.status_code, response["Allow"]) == (405, "POST")
    assert state(mine) == before


def test_media_chooser_and_listing_show_only_own_centre(
    client, clips, centre_a, centre_b, django_capture_on_commit_callbacks
):
    upload(
        clips["240p"], centre_a.collection, django_capture_on_commit_callbacks, title="Clip Lam Hạ"
    )
    upload(
        clips["240p"], centre_b.collection, django_capture_on_commit_callbacks, title="Clip Phù Vân"
    )
    client.force_login(UserFactory(groups=[centre_a.editors_group]))
    for url in ("/admin/media/", "/admin/media/chooser/"):
        response = client.get(url)
        text = (
            response.json()["html"]
            if response["Content-Type"].startswith("application/json")
            else response.content.decode()
        )
        assert "Clip Lam Hạ" in text and "Clip Phù Vân" not in text, url


def test_player_on_a_public_page(client, clips, centre_a, django_capture_on_commit_callbacks):
    video = upload(clips["240p"], centre_a.collection, django_capture_on_commit_callbacks)
    pending = Video.objects.create(
        title="Chờ", type="video", collection=centre_a.collection, file="media/none.mp4"
    )
    news = publish_news(
        news_index_of(centre_a.site.root_page),
        1,
        body=[
            ("video", {"video": video, "caption": "Hướng dẫn"}),
            ("video", {"video": pending, "caption": ""}),
        ],
    )[0]
    html = client.get(news.relative_url(centre_a.site), **host_of(centre_a)).content.decode()
    assert 'preload="none"' in html and "autoplay" not in html
    assert f'poster="{video.poster_url}"' in html
    assert f'data-hls="{video.hls_url}"' in html
    assert f'<source src="{video.mp4.url}" type="video/mp4">' in html
    assert "Video đang được xử lý" in html


def test_editor_uploads_through_the_admin_form_into_their_collection(
    client, clips, centre_a, django_capture_on_commit_callbacks
):
    editor = UserFactory(groups=[centre_a.editors_group])
    client.force_login(editor)
    form = client.get("/admin/media/video/add/")
    assert form.status_code == 200
    with django_capture_on_commit_callbacks(execute=True), open(clips["240p"], "rb") as handle:
        response = client.post(
            "/admin/media/video/add/",
            {
                "title": "Hướng dẫn dùng Zalo",
                "file": handle,
                "collection": centre_a.collection_id,
                "tags": "",
            },
        )
    assert response.status_code == 302
    video = Video.objects.get(title="Hướng dẫn dùng Zalo")
    assert video.collection_id == centre_a.collection_id and video.uploaded_by_user == editor
    assert video.status == Video.Status.READY
