"""Learners share lessons: every bad input and spam is refused; nothing is public before approval."""

import zipfile
from pathlib import Path

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.models import TaskState, WorkflowState

from hub.models import Field, Video
from hub.uploads import private_storage
from lessons.forms import form_stamp
from lessons.models import LearnerUpload, LessonPage
from lessons.sharing import HELD_SALT
from tests import media_files
from tests.conftest import host_of
from tests.lessons.conftest import lessons_of

pytestmark = pytest.mark.django_db
SHARE = "/bai-giang/chia-se/"


def form_data(**changes):
    data = {
        "name": "Bà Nguyễn Thị Hoa",
        "contact": "0912 345 678",
        "title": "Cách muối dưa cải ngon",
        "field": Field.objects.get(slug="kinh-te-ho-gia-dinh").pk,
        "description": "Tôi hướng dẫn cách muối dưa cải vàng giòn, để được lâu, làm tại nhà.",
        "link": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "licence": "on",
        "website": "",
        "stamp": form_stamp(),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _counts():
    return LessonPage.objects.count(), Video.objects.count(), WorkflowState.objects.count()


# Wagtail's permission_denied: back to the admin home, where this error message is shown.
DENIED = "Rất tiếc, bạn không có quyền truy cập khu vực này."


def _assert_denied(staff, response):
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert DENIED in staff.get("/admin/").content.decode()


def _review_state(lesson, task_state):
    lesson.refresh_from_db()
    task_state.refresh_from_db()
    return (
        lesson.live,
        lesson.has_unpublished_changes,
        task_state.status,
        task_state.finished_by_id,
        lesson.current_workflow_state.status,
        TaskState.objects.count(),
    )


def test_form_renders_with_csrf_and_honeypot(client, centre_a):
    html = client.get(SHARE, **host_of(centre_a)).content.decode()
    assert (
        'name="csrfmiddlewaretoken"' in html and 'name="website"' in html and 'name="stamp"' in html
    )
    assert "Chia sẻ bài giảng của bạn" in html


def test_shared_link_becomes_a_draft_in_the_centre_workflow(client, centre_a):
    response = client.post(SHARE, form_data(), **host_of(centre_a))
    assert (
        response.status_code == 200
        and "đã được gửi tới cán bộ trung tâm" in response.content.decode()
    )
    lesson = LessonPage.objects.get(title="Cách muối dưa cải ngon")
    assert not lesson.live and lesson.get_parent().pk == lessons_of(centre_a).pk
    assert lesson.shared_by == "Bà Nguyễn Thị Hoa" and lesson.shared_contact == "0912 345 678"
    assert [b.block_type for b in lesson.get_latest_revision_as_object().body] == [
        "paragraph",
        "youtube",
    ]
    state = lesson.current_workflow_state
    assert state.status == "in_progress" and state.workflow.name == f"Duyệt bài – {centre_a.title}"
    assert client.get(lesson.relative_url(centre_a.site), **host_of(centre_a)).status_code == 404
    assert lesson.title not in client.get("/bai-giang/", **host_of(centre_a)).content.decode()


def test_editor_approves_and_the_lesson_goes_live(client, centre_a):
    from home.factories import UserFactory

    client.post(SHARE, form_data(), **host_of(centre_a))
    lesson = LessonPage.objects.get(title="Cách muối dưa cải ngon")
    task_state = TaskState.objects.get(
        workflow_state=lesson.current_workflow_state, status="in_progress"
    )
    url = f"/admin/pages/workflow/action/{lesson.pk}/approve/{task_state.pk}/"
    contributor = UserFactory(groups=[centre_a.contributors_group])
    staff = Client()
    staff.force_login(contributor)
    before = _review_state(lesson, task_state)
    _assert_denied(staff, staff.post(url, {"comment": ""}))
    lesson.refresh_from_db()
    assert not lesson.live  # a contributor cannot approve
    assert _review_state(lesson, task_state) == before
    assert task_state.status == "in_progress"
    staff.force_login(UserFactory(groups=[centre_a.editors_group]))
    response = staff.post(url, {"comment": "Bài hay, cảm ơn bác."})
    assert (response.status_code, response["Location"]) == (302, f"/admin/pages/{lesson.pk}/edit/")
    lesson.refresh_from_db()
    task_state.refresh_from_db()
    assert lesson.live and task_state.status == "approved"
    page = client.get(lesson.relative_url(centre_a.site), **host_of(centre_a))
    assert page.status_code == 200 and "Chia sẻ bởi" in page.content.decode()


def test_editor_of_another_centre_cannot_approve_and_reject_keeps_it_private(
    client, centre_a, centre_b
):
    from home.factories import UserFactory

    client.post(SHARE, form_data(), **host_of(centre_a))
    lesson = LessonPage.objects.get(title="Cách muối dưa cải ngon")
    task_state = TaskState.objects.get(
        workflow_state=lesson.current_workflow_state, status="in_progress"
    )
    other = Client()
    other.force_login(UserFactory(groups=[centre_b.editors_group]))
    before = _review_state(lesson, task_state)
    for action in ("approve", "reject"):
        response = other.post(
            f"/admin/pages/workflow/action/{lesson.pk}/{action}/{task_state.pk}/", {"comment": ""}
        )
        _assert_denied(other, response)
    lesson.refresh_from_db()
    assert not lesson.live
    assert _review_state(lesson, task_state) == before
    assert task_state.status == "in_progress"
    editor = Client()
    editor.force_login(UserFactory(groups=[centre_a.editors_group]))
    response = editor.post(
        f"/admin/pages/workflow/action/{lesson.pk}/reject/{task_state.pk}/",
        {"comment": "Video chưa rõ tiếng, bác quay lại giúp."},
    )
    assert (response.status_code, response["Location"]) == (302, f"/admin/pages/{lesson.pk}/edit/")
    lesson.refresh_from_db()
    task_state.refresh_from_db()
    assert not lesson.live and task_state.status == "rejected"
    assert task_state.get_comment() == "Video chưa rõ tiếng, bác quay lại giúp."
    assert client.get(lesson.relative_url(centre_a.site), **host_of(centre_a)).status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"licence": None}, "Hãy xác nhận bạn có quyền chia sẻ"),
        ({"link": ""}, "Hãy tải tệp lên hoặc dán liên kết"),
        ({"contact": "abc"}, "Hãy nhập số điện thoại"),
        ({"contact": "a@b"}, "Nhập một địa chỉ email hợp lệ"),
        ({"name": ""}, "Vui lòng điền ô này"),
        ({"description": "ngắn"}, "ít nhất 20 ký tự"),
        (
            {"description": "xem http://a.vn http://b.vn http://c.vn ngay hôm nay nhé"},
            "quá nhiều liên kết",
        ),
        ({"link": "ftp://example.com/x"}, "phải bắt đầu bằng http://"),
        ({"field": "999999"}, "Hãy chọn một lựa chọn hợp lệ"),
        ({"website": "http://spam.example"}, "tin rác"),
        ({"stamp": "gia-mao"}, "Biểu mẫu đã hết hạn"),
    ],
)
def test_bad_inputs_create_nothing(client, centre_a, changes, message):
    before = _counts()
    response = client.post(SHARE, form_data(**changes), **host_of(centre_a))
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text, text[-3000:]
    assert _counts() == before


def test_bots_that_submit_instantly_are_refused(client, centre_a, settings):
    settings.LESSON_SHARE_MIN_SECONDS = 3
    before = _counts()
    response = client.post(SHARE, form_data(), **host_of(centre_a))
    assert response.status_code == 400 and "gửi nhanh quá" in response.content.decode()
    assert _counts() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ...", "Chỉ nhận video"),
        ("bai.mp4", b"", "Tệp tải lên không có nội dung"),
        ("bai.mp4", b"MZ\x90\x00 renamed program" * 50, "không phải video"),
        ("bai.pdf", b"%PDF-1.4 hong", "Tệp PDF bị hỏng"),
    ],
)
def test_bad_files_are_refused_with_the_pipelines_checks(client, centre_a, name, content, message):
    before = _counts()
    upload = SimpleUploadedFile(name, content)
    response = client.post(SHARE, form_data(link="", file=upload), **host_of(centre_a))
    assert response.status_code == 400 and message in response.content.decode()
    assert _counts() == before


def test_file_and_link_together_is_refused(client, centre_a):
    upload = SimpleUploadedFile("bai.pdf", b"%PDF")
    response = client.post(SHARE, form_data(file=upload), **host_of(centre_a))
    assert response.status_code == 400 and "Chỉ gửi một trong hai" in response.content.decode()


def _files_under(root) -> set[str]:
    return {str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file()}


def _approve(lesson, centre):
    from home.factories import UserFactory

    task_state = TaskState.objects.get(
        workflow_state=lesson.current_workflow_state, status="in_progress"
    )
    editor = Client()
    editor.force_login(UserFactory(groups=[centre.editors_group]))
    response = editor.post(
        f"/admin/pages/workflow/action/{lesson.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert (response.status_code, response["Location"]) == (302, f"/admin/pages/{lesson.pk}/edit/")


def test_a_learner_video_stays_private_until_an_editor_publishes_the_lesson(
    client, centre_a, centre_b, tmp_path, settings, django_capture_on_commit_callbacks
):
    from home.factories import UserFactory

    clip = media_files.make_clip(tmp_path / "dua hanh.mp4", seconds=2, width=320, height=240)
    public_before = _files_under(settings.MEDIA_ROOT)
    videos_before = Video.objects.count()
    with django_capture_on_commit_callbacks(execute=True), open(clip, "rb") as handle:
        response = client.post(SHARE, form_data(link="", file=handle), **host_of(centre_a))
    assert response.status_code == 200
    lesson = LessonPage.objects.get(title="Cách muối dưa cải ngon")
    upload = LearnerUpload.objects.get(lesson=lesson)
    # nothing public: no video row, no file under MEDIA_ROOT; the private copy has our name
    assert Video.objects.count() == videos_before
    assert _files_under(settings.MEDIA_ROOT) == public_before
    assert (upload.kind, upload.original_name, upload.released_at) == (
        "video",
        "dua hanh.mp4",
        None,
    )
    private, held_name = upload.file.storage, upload.file.name
    assert private.exists(held_name) and "dua" not in held_name
    assert upload.size == clip.stat().st_size

    staff_url = f"/admin/lessons/learner-upload/{upload.pk}/"
    anonymous = Client().get(staff_url)
    assert (anonymous.status_code, anonymous["Location"]) == (
        302,
        f"/admin/login/?next={staff_url}",
    )
    other = Client()
    other.force_login(UserFactory(groups=[centre_b.editors_group]))
    _assert_denied(other, other.get(staff_url))
    editor = Client()
    editor.force_login(UserFactory(groups=[centre_a.editors_group]))
    opened = editor.get(staff_url)
    assert opened.status_code == 200 and opened["Content-Type"] == "video/mp4"
    assert opened["X-Content-Type-Options"] == "nosniff"
    assert b"".join(opened.streaming_content) == clip.read_bytes()
    edit = editor.get(f"/admin/pages/{lesson.pk}/edit/").content.decode()
    assert staff_url in edit and "dua hanh.mp4" in edit

    with django_capture_on_commit_callbacks(execute=True):
        _approve(lesson, centre_a)
    upload.refresh_from_db()
    video = upload.video
    assert upload.released_at is not None and not upload.file
    assert video.collection_id == centre_a.collection_id and video.status == Video.Status.READY
    assert video.title == "Cách muối dưa cải ngon"
    assert Video.objects.count() == videos_before + 1
    assert not private.exists(held_name)
    page = client.get(lesson.relative_url(centre_a.site), **host_of(centre_a)).content.decode()
    assert video.mp4.url in page
    assert editor.get(staff_url).status_code == 302  # the private copy is gone


def _docx(path: Path, part: str = "word/document.xml") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<w:document/>")
    return path


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("bai.docx", lambda p: media_files.renamed_executable(p)),
        ("bai.doc", lambda p: p.write_bytes(b"<html><script>alert(1)</script></html>") and p),
        ("bai.pptx", lambda p: _docx(p, "word/document.xml")),  # a Word file called .pptx
        ("bai.odt", lambda p: _docx(p)),
        ("bai.pdf", lambda p: p.write_bytes(b"<html>not a pdf</html>") and p),
    ],
)
def test_office_files_are_checked_by_their_content(client, centre_a, tmp_path, name, make):
    path = tmp_path / name
    make(path)
    before = _counts(), LearnerUpload.objects.count()
    with open(path, "rb") as handle:
        response = client.post(SHARE, form_data(link="", file=handle), **host_of(centre_a))
    assert response.status_code == 400
    assert "Nội dung tệp không phải tài liệu" in response.content.decode()
    assert (_counts(), LearnerUpload.objects.count()) == before


def test_a_document_is_published_under_the_lessons_name_and_deleting_a_draft_deletes_its_file(
    client, centre_a, tmp_path, django_capture_on_commit_callbacks
):
    path = _docx(tmp_path / "bai cua toi.docx")
    with open(path, "rb") as handle:
        assert (
            client.post(SHARE, form_data(link="", file=handle), **host_of(centre_a)).status_code
            == 200
        )
    lesson = LessonPage.objects.get(title="Cách muối dưa cải ngon")
    with django_capture_on_commit_callbacks(execute=True):
        _approve(lesson, centre_a)
    document = LearnerUpload.objects.get(lesson=lesson).document
    assert document.collection_id == centre_a.collection_id
    assert Path(document.file.name).name.startswith("cach-muoi-dua-cai-ngon")
    assert document.file.read() == path.read_bytes()

    with open(path, "rb") as handle:
        client.post(
            SHARE, form_data(link="", file=handle, title="Bài thứ hai"), **host_of(centre_a)
        )
    draft = LessonPage.objects.get(title="Bài thứ hai")
    held = LearnerUpload.objects.get(lesson=draft)
    storage, name = held.file.storage, held.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        draft.delete()
    assert not storage.exists(name) and not LearnerUpload.objects.filter(pk=held.pk).exists()


def test_rate_limit_per_ip(client, centre_a, settings):
    settings.LESSON_SHARE_PER_IP_PER_HOUR = 2
    for _ in range(4):  # a learner's mistakes (here: no title) do not count towards the limit
        refused = client.post(SHARE, form_data(title=""), **host_of(centre_a))
        assert refused.status_code == 400
    for n in range(2):
        assert (
            client.post(SHARE, form_data(title=f"Bài {n} hợp lệ"), **host_of(centre_a)).status_code
            == 200
        )
    before = _counts()
    response = client.post(SHARE, form_data(title="Bài thứ ba"), **host_of(centre_a))
    assert response.status_code == 429 and "gửi nhiều bài" in response.content.decode()
    assert _counts() == before


def test_csrf_is_enforced(centre_a):
    strict = Client(enforce_csrf_checks=True)
    before = _counts()
    response = strict.post(SHARE, form_data(), **host_of(centre_a))
    assert response.status_code == 403
    assert _counts() == before


def test_storage_down_keeps_nothing_and_says_so(client, centre_a, monkeypatch):
    from botocore.exceptions import EndpointConnectionError
    from django.core.files.storage import default_storage

    from library.factories import make_pdf

    def unreachable(*args, **kwargs):
        raise EndpointConnectionError(endpoint_url="http://127.0.0.1:9/bucket")

    default_storage._setup()
    monkeypatch.setattr(type(default_storage._wrapped), "_save", unreachable)
    before = _counts()
    upload = SimpleUploadedFile("bai.pdf", make_pdf(["Muối dưa cải"]))
    response = client.post(SHARE, form_data(link="", file=upload), **host_of(centre_a))
    assert response.status_code == 503
    assert "Kho lưu trữ tệp đang gián đoạn" in response.content.decode()
    assert _counts() == before


def test_a_body_larger_than_any_upload_is_refused_before_it_is_read(client, centre_a, settings):
    """A declared body over the public limit gets 413 at once: the CSRF check and the form never
    read (and write to disk) the rest of it, and nothing is created."""
    before = _counts()
    response = client.post(
        SHARE,
        form_data(title="Bài rất lớn"),
        CONTENT_LENGTH=str(settings.PUBLIC_MAX_REQUEST_BYTES + 1),
        **host_of(centre_a),
    )
    assert response.status_code == 413
    assert response["Connection"] == "close"
    html = response.content.decode()
    assert "Tệp gửi lên quá lớn (tối đa 315 MB); chưa có gì được lưu." in html
    assert _counts() == before
    ok = client.post(SHARE, form_data(title="Bài vừa phải"), **host_of(centre_a))
    assert ok.status_code == 200  # an ordinary submission still goes through


def test_invisible_and_direction_characters_are_dropped_from_what_learners_type(client, centre_a):
    """A right-to-left override can make "gpj.exe" read "exe.jpg"; zero-width characters make two
    names look alike. What is stored is what people see, in NFC."""
    decomposed = "Cách muối dưa cải ngon".replace("ố", "o\u0302\u0301")  # NFD, as some keyboards
    response = client.post(
        SHARE,
        form_data(
            name="Bà Nguyễn\u200b Thị\u202e Hoa\u2066",
            title=decomposed + "\u200d\ufeff",
        ),
        **host_of(centre_a),
    )
    assert response.status_code == 200
    lesson = LessonPage.objects.get(title="Cách muối dưa cải ngon")
    assert lesson.shared_by == "Bà Nguyễn Thị Hoa"
    invisible = form_data(title="\u200b\u202e\u2060")
    before = _counts()
    refused = client.post(SHARE, invisible, **host_of(centre_a))
    assert refused.status_code == 400 and _counts() == before
    assert "title" in refused.context["form"].errors


def _stamp_shown_to(browser, centre) -> str:
    html = browser.get(SHARE, **host_of(centre)).content.decode()
    return html.split('name="stamp" value="', 1)[1].split('"', 1)[0]


def test_a_stamp_sends_one_lesson_only(client, centre_a):
    stamp = _stamp_shown_to(client, centre_a)
    sent = client.post(SHARE, form_data(stamp=stamp), **host_of(centre_a))
    assert sent.status_code == 200
    before = _counts()
    again = client.post(SHARE, form_data(stamp=stamp, title="Bài khác"), **host_of(centre_a))
    assert again.status_code == 400
    html = again.content.decode()
    assert "Bài này đã được gửi rồi" in html
    assert _counts() == before
    assert _stamp_shown_to(client, centre_a) != stamp  # the page offers a fresh one
    fresh = html.split('name="stamp" value="', 1)[1].split('"', 1)[0]
    assert (
        client.post(
            SHARE, form_data(stamp=fresh, title="Bài khác"), **host_of(centre_a)
        ).status_code
        == 200
    )


def test_a_stamp_works_only_in_the_browser_it_was_shown_to(client, centre_a):
    stamp = _stamp_shown_to(client, centre_a)
    other = Client()
    _stamp_shown_to(other, centre_a)  # a browser with its own id
    before = _counts()
    response = other.post(SHARE, form_data(stamp=stamp), **host_of(centre_a))
    assert response.status_code == 400 and "Biểu mẫu đã hết hạn" in response.content.decode()
    no_cookies = Client().post(SHARE, form_data(stamp=stamp), **host_of(centre_a))
    assert no_cookies.status_code == 400
    assert "không giữ cookie" in no_cookies.content.decode()
    assert _counts() == before


def _hidden(html: str, name: str) -> str:
    return html.split(f'name="{name}" value="', 1)[1].split('"', 1)[0]


def test_the_rules_are_stated_before_the_form(client, centre_a, settings):
    html = client.get(SHARE, **host_of(centre_a)).content.decode()
    rules = html.index("Trước khi gửi")
    assert rules < html.index('<form method="post"')
    mb = settings.LESSON_SHARE_MAX_BYTES // 1_000_000
    assert f"tối đa {mb} MB và 2 giờ" in html
    assert "tệp của bạn được giữ kín" in html


def test_every_error_is_listed_and_marked_beside_its_field(client, centre_a):
    stamp = _stamp_shown_to(client, centre_a)
    before = _counts()
    response = client.post(
        SHARE,
        form_data(stamp=stamp, title="", contact="abc", licence=None, link=""),
        **host_of(centre_a),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Chưa gửi được: còn 4 chỗ cần sửa." in html
    for field in ("id_title", "id_contact", "id_licence"):
        assert f'<a href="#{field}">' in html
        assert f'id="{field}-error"' in html
    assert html.count('aria-invalid="true"') == 3
    assert "Hãy tải tệp lên hoặc dán liên kết" in html
    assert 'value="Bà Nguyễn Thị Hoa"' in html  # valid input kept
    assert _counts() == before


def test_a_valid_file_is_kept_privately_for_the_next_try(client, centre_a, settings):
    from library.factories import make_pdf

    pdf = make_pdf(["Cách muối dưa"])
    stamp = _stamp_shown_to(client, centre_a)
    public_before = _files_under(settings.MEDIA_ROOT)
    first = client.post(
        SHARE,
        form_data(stamp=stamp, link="", title="", file=SimpleUploadedFile("dua cai.pdf", pdf)),
        **host_of(centre_a),
    )
    assert first.status_code == 400
    html = first.content.decode()
    assert "Đã giữ tệp “dua cai.pdf”" in html
    token = _hidden(html, "held_file")
    assert token and LessonPage.objects.filter(title="").count() == 0
    assert _files_under(settings.MEDIA_ROOT) == public_before
    # someone else's browser cannot use the token
    other = Client()
    other_stamp = _stamp_shown_to(other, centre_a)
    stolen = other.post(
        SHARE,
        form_data(stamp=other_stamp, link="", held_file=token),
        **host_of(centre_a),
    )
    assert (
        stolen.status_code == 400 and "Hãy tải tệp lên hoặc dán liên kết" in stolen.content.decode()
    )
    # the learner fixes the title and sends without choosing the file again
    second = client.post(
        SHARE,
        form_data(stamp=_hidden(html, "stamp"), link="", held_file=token),
        **host_of(centre_a),
    )
    assert second.status_code == 200
    lesson = LessonPage.objects.get(title="Cách muối dưa cải ngon")
    upload = LearnerUpload.objects.get(lesson=lesson)
    assert (upload.original_name, upload.size) == ("dua cai.pdf", len(pdf))
    assert upload.file.read() == pdf
    held_path = signing.loads(token, salt=HELD_SALT)["path"]
    assert not private_storage().exists(held_path)  # sent, so no longer kept
