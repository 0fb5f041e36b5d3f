"""The pipeline end to end on real ffmpeg and the database: statuses, outputs, retries, admin, player."""

from pathlib import Path

import pytest
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from home.factories import UserFactory, news_index_of, publish_news
from hub.models import Video
from hub.video.ladder import parse_master_playlist, rungs_for
from hub.video.pipeline import process_video, retry
from tests import media_files
from tests.conftest import host_of

pytestmark = pytest.mark.django_db


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


def upload(path: Path, collection, capture, title="Video thử") -> Video:
    with capture(execute=True), open(path, "rb") as handle:
        video = Video.objects.create(
            title=title, type="video", collection=collection, file=File(handle, name=path.name)
        )
    video.refresh_from_db()
    return video


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
    for variant, rung in zip(variants, rungs_for(720), strict=True):
        # The stated BANDWIDTH covers the rung's peak (maxrate + audio) ...
        assert variant["bandwidth"] >= rung.bandwidth(with_audio=True)
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
    silent_master = default_storage.open(silent.hls_master).read().decode()
    assert [v["resolution"] for v in parse_master_playlist(silent_master)] == ["640x360", "854x480"]
    assert "mp4a" not in silent_master


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
    assert video.hls_master == "" and video.rendition_files == []
    renditions = f"video/renditions/{video.pk}"
    assert not default_storage.exists(renditions) or default_storage.listdir(renditions) == ([], [])


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
    assert not any(default_storage.exists(name) for name in first_outputs)


def test_a_live_job_is_not_stolen(clips, centre_a, django_capture_on_commit_callbacks):
    video = upload(clips["240p"], centre_a.collection, django_capture_on_commit_callbacks)
    Video.objects.filter(pk=video.pk).update(
        status=Video.Status.PROCESSING, heartbeat_at=timezone.now()
    )
    assert retry(video) is False
    assert process_video(video.pk) == "skipped"


def test_failed_job_can_be_retried_after_the_file_is_fixed(
    clips, centre_a, django_capture_on_commit_callbacks
):
    video = upload(clips["exe"], centre_a.collection, django_capture_on_commit_callbacks)
    assert video.status == Video.Status.FAILED
    with django_capture_on_commit_callbacks(execute=True), open(clips["240p"], "rb") as handle:
        video.file.save("fixed.mp4", File(handle), save=True)
    video.refresh_from_db()
    assert video.status == Video.Status.READY and video.error == ""


def test_deleting_a_video_removes_every_file(clips, centre_a, django_capture_on_commit_callbacks):
    video = upload(clips["240p"], centre_a.collection, django_capture_on_commit_callbacks)
    names = [*video.rendition_files, video.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        video.delete()
    assert not any(default_storage.exists(n) for n in names)


def test_status_screen_shows_own_centre_and_retry_refuses_others(
    client, clips, centre_a, centre_b, django_capture_on_commit_callbacks
):
    mine = upload(
        clips["exe"], centre_a.collection, django_capture_on_commit_callbacks, title="Video Lam Hạ"
    )
    theirs = upload(
        clips["exe"], centre_b.collection, django_capture_on_commit_callbacks, title="Video Phù Vân"
    )
    editor = UserFactory(groups=[centre_a.editors_group])
    client.force_login(editor)
    page = client.get("/admin/video-status/").content.decode()
    assert "Video Lam Hạ" in page and "Video Phù Vân" not in page
    assert "không phải video" in page and "Thử lại" in page
    response = client.post(f"/admin/video-status/{theirs.pk}/retry/")
    assert response.status_code in (302, 403)
    theirs.refresh_from_db()
    assert theirs.status == Video.Status.FAILED and theirs.attempts == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/video-status/{mine.pk}/retry/")
    mine.refresh_from_db()
    assert mine.attempts == 2 and mine.status == Video.Status.FAILED


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
