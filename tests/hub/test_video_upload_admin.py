"""Video upload feedback in the admin (issue #18): what is not a video is refused at upload with a
Vietnamese message and nothing saved; a failed video cannot be chosen or published."""

import random

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from hub.models import Centre
from hub.video.models import Video
from lessons.factories import publish_lesson
from lessons.models import LessonIndexPage
from tests import media_files

pytestmark = pytest.mark.django_db

NOT_A_VIDEO = "Không đọc được tệp: đây không phải video hoặc tệp đã bị hỏng, tải lên dở dang."


@pytest.fixture
def editor(client):
    client.force_login(get_user_model().objects.get(username="lamha.bientap"))
    return Centre.objects.with_site().get(name="Phường Lam Hạ")


def _upload(client, centre, name: str, content: bytes):
    return client.post(
        "/admin/media/video/add/",
        {
            "title": "Lớp học hát chèo",
            "collection": centre.collection_id,
            "file": SimpleUploadedFile(name, content, content_type="video/mp4"),
            "tags": "",
        },
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        # the same 4 KB of noise every run (ffprobe could take some noise for sound): refused
        ("ngau-nhien.mp4", random.Random(20261203).randbytes(4096), "không phải video"),  # noqa: S311
        ("rong.mp4", b"", "Tệp tải lên không có nội dung"),
        ("van-ban.mp4", "Đây là văn bản, không phải video".encode() * 100, NOT_A_VIDEO),
    ],
)
def test_what_is_not_a_video_is_refused_at_upload_and_nothing_is_saved(
    client, editor, name, content, message
):
    before = set(Video.objects.values_list("pk", flat=True))
    response = _upload(client, editor, name, content)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert name in html or not content  # the reason names the file
    assert 'value="Lớp học hát chèo"' in html  # the title typed is kept
    assert set(Video.objects.values_list("pk", flat=True)) == before


def test_an_audio_only_file_is_refused_as_not_a_video(client, editor, tmp_path):
    audio = media_files.make_audio_only(tmp_path / "chi-co-tieng.m4a")
    before = Video.objects.count()
    response = _upload(client, editor, "chi-co-tieng.mp4", audio.read_bytes())
    assert response.status_code == 200
    assert "Tệp không có hình ảnh (chỉ có âm thanh hoặc dữ liệu khác)" in response.content.decode()
    assert Video.objects.count() == before


def test_a_real_video_is_accepted_and_processed(client, editor, tmp_path):
    clip = media_files.make_clip(tmp_path / "hat-cheo.mp4", seconds=1, width=320, height=240)
    response = _upload(client, editor, "hat-cheo.mp4", clip.read_bytes())
    assert response.status_code == 302
    video = Video.objects.get(title="Lớp học hát chèo")
    assert video.collection_id == editor.collection_id
    assert video.file.name.endswith(".mp4")


def _failed_video(centre) -> Video:
    video = Video.objects.filter(collection=centre.collection).first()
    Video.objects.filter(pk=video.pk).update(status=Video.Status.FAILED, error="Tệp bị hỏng.")
    video.refresh_from_db()
    return video


def test_a_failed_video_is_not_offered_in_the_chooser(client, editor):
    ready = Video.objects.filter(collection=editor.collection, status=Video.Status.READY)
    titles = list(ready.values_list("title", flat=True))
    assert len(titles) == 2  # the demo's lesson and entry videos of Lam Hạ
    html = client.get("/admin/media/chooser/").json()["html"]
    assert all(title in html for title in titles)
    failed = _failed_video(editor)
    html = client.get("/admin/media/chooser/").json()["html"]
    assert failed.title not in html
    assert [t for t in titles if t != failed.title][0] in html


def test_a_lesson_with_a_failed_video_is_refused_with_the_reason(editor):
    from django.core.exceptions import ValidationError

    failed = _failed_video(editor)
    index = LessonIndexPage.objects.child_of(editor.site.root_page).get()
    lesson = publish_lesson(index, title="Bài có video lỗi")
    block = lesson.body.stream_block.child_blocks["video"]
    with pytest.raises(ValidationError) as refused:
        block.clean({"video": failed, "caption": ""})
    assert f"Video “{failed.title}” xử lý bị lỗi nên không phát được: Tệp bị hỏng." in str(
        refused.value.block_errors["video"]
    )


def test_the_listing_shows_each_videos_state_and_refreshes_while_one_is_processed(client, editor):
    videos = list(Video.objects.filter(collection=editor.collection).order_by("pk"))
    Video.objects.filter(pk=videos[0].pk).update(status=Video.Status.PROCESSING, progress=40)
    Video.objects.filter(pk=videos[1].pk).update(status=Video.Status.FAILED, error="Tệp bị hỏng.")
    html = client.get("/admin/media/").content.decode()
    assert f'<td data-video-status="processing" data-video-id="{videos[0].pk}">' in html
    assert "Đang xử lý: 40%" in html
    assert f'<td data-video-status="failed" data-video-id="{videos[1].pk}">' in html
    assert "<strong>Lỗi</strong>: Tệp bị hỏng." in html
    assert 'href="/admin/video-status/">Thử lại</a>' in html
    assert 'src="/static/hub/js/video_status.js"' in html
    # the "Xử lý video" screen refreshes itself the same way
    status_page = client.get("/admin/video-status/").content.decode()
    assert '<td data-video-status="processing">' in status_page
    assert 'src="/static/hub/js/video_status.js"' in status_page
    Video.objects.filter(pk=videos[0].pk).update(status=Video.Status.READY, progress=100)
    chooser = client.get("/admin/media/chooser/").json()["html"]
    # the chooser shows the state too, and is kept current by the script on every admin page
    assert f'<td data-video-status="ready" data-video-id="{videos[0].pk}">' in chooser
    assert "video_status.js" not in chooser
    assert (
        '<script src="/static/hub/js/video_chooser_status.js" '
        'data-states-url="/admin/video-status/states/" defer></script>'
    ) in html


def test_the_choosers_state_request_answers_only_for_the_editors_videos(client, editor):
    other = Centre.objects.get(name="Xã Phù Vân")
    mine = Video.objects.create(
        title="Đang xử lý",
        file="media/a.mp4",
        collection_id=editor.collection_id,
        status=Video.Status.PROCESSING,
        progress=30,
    )
    failed = Video.objects.create(
        title="Hỏng",
        file="media/b.mp4",
        collection_id=editor.collection_id,
        status=Video.Status.FAILED,
        error="Tệp không có luồng hình.",
    )
    theirs = Video.objects.create(
        title="Của xã khác", file="media/c.mp4", collection_id=other.collection_id
    )
    response = client.get(
        f"/admin/video-status/states/?ids={mine.pk},{failed.pk},{theirs.pk},abc,-1,,"
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response.json() == {
        "videos": {
            str(mine.pk): {"status": "processing", "label": "Đang xử lý: 30%", "error": ""},
            str(failed.pk): {
                "status": "failed",
                "label": "Lỗi",
                "error": "Tệp không có luồng hình.",
            },
        }
    }


def test_the_choosers_state_request_is_for_staff_only(client, db):
    response = client.get("/admin/video-status/states/?ids=1")
    assert (response.status_code, response["Location"]) == (
        302,
        "/admin/login/?next=/admin/video-status/states/%3Fids%3D1",
    )
